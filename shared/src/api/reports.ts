import { Type, type Static } from '@sinclair/typebox';
import { EVENT_KINDS } from '../domain/types';
import { TargetStateSchema } from './overview';
import { NullableEnum, NullableNumber, NullableString, StringEnum } from './schema';

/**
 * What became of a reported event, as its reporter sees it (issue 7: sent → counted or
 * rejected). Decided by ingest, the only authority: the HTTP door only says "accepted by the
 * stream" (202) or refuses at once (400/403).
 * - `counted`: stored now, the rollup moved;
 * - `duplicate`: an event with this id was already stored (a resend, a re-upload): it counts once;
 * - `rejected`: ingest refused it; `code` is a RejectCode, `message` the English sentence.
 */
export const RECEIPT_OUTCOMES = ['counted', 'duplicate', 'rejected'] as const;
export type ReceiptOutcome = (typeof RECEIPT_OUTCOMES)[number];

export const ReceiptSchema = Type.Object({
  eventId: Type.String(),
  /** The target the event named (as sent; may be unknown to the server when rejected). */
  target: Type.String(),
  /** The unit the event was published for (from its subject `progress.<unit>.<target>`). */
  ownerUnit: Type.String(),
  outcome: StringEnum(RECEIPT_OUTCOMES),
  code: NullableString(),
  message: NullableString(),
  /** When ingest decided (ISO 8601). */
  at: Type.String({ description: 'When ingest decided (ISO 8601)' }),
});
export type Receipt = Static<typeof ReceiptSchema>;

/**
 * Receipts travel from ingest to every server instance on core NATS, one message per
 * batch and unit: `receipts.<unit>` carrying `Receipt[]`. Instances push them to the
 * `reports:<unit>` socket room (see live protocol) in the next tick.
 */
export const RECEIPT_SUBJECT_PREFIX = 'receipts';
export function receiptSubject(unitCode: string): string {
  return `${RECEIPT_SUBJECT_PREFIX}.${unitCode}`;
}

/**
 * GET /api/events/receipts?ids=a,b,c (at most `MAX_RECEIPT_IDS`): the fallback when a live
 * receipt was missed (offline, reconnect, another tab). One entry per id asked, in order.
 * `pending`: neither stored nor rejected yet, or outside what the caller may read (the
 * answer does not reveal other units' events).
 */
export const ReceiptsResponseSchema = Type.Object({
  receipts: Type.Array(Type.Union([ReceiptSchema, Type.Object({ eventId: Type.String(), outcome: Type.Literal('pending') })])),
});
export type ReceiptsResponse = Static<typeof ReceiptsResponseSchema>;
export const MAX_RECEIPT_IDS = 200;

/** One line of a unit's report history: a stored event, or one ingest rejected. */
export const ReportHistoryItemSchema = Type.Object({
  eventId: Type.String(),
  target: Type.String(),
  /** null when the target is unknown (a rejected event naming no real target). */
  targetTitle: NullableString(),
  uom: NullableString(),
  /** null when a rejected payload had no readable kind. */
  kind: NullableEnum(EVENT_KINDS),
  value: NullableNumber(),
  occurredAt: NullableString(),
  /** Stored: received_at; rejected: rejected_at. */
  at: Type.String({ description: 'Stored: received_at; rejected: rejected_at' }),
  reporter: NullableString(),
  source: NullableString(),
  note: NullableString(),
  evidence: NullableString(),
  corrects: NullableString(),
  reason: NullableString(),
  outcome: StringEnum(['counted', 'rejected']),
  /** Rejected: the RejectCode and English sentence. */
  code: NullableString(),
  message: NullableString(),
  /** Stored events: ids of corrections that compensate this one. */
  correctedBy: Type.Array(Type.String()),
  /** Photo slots (1–4) attached to this event: GET /api/targets/:target/events/:eventId/photos/:n. */
  photos: Type.Array(Type.Integer(), { description: 'Photo slots attached to this event (bytes at /api/targets/{target}/events/{eventId}/photos/{n})' }),
  /** Of those, the slots the reader may delete: staff the ones they uploaded, admins all (DELETE …/photos/:n). */
  photosDeletable: Type.Array(Type.Integer(), { description: 'Slots the reader may delete (their own uploads; admins all)' }),
});
export type ReportHistoryItem = Static<typeof ReportHistoryItemSchema>;

/**
 * GET /api/units/:code/reports — the reports for targets the unit owns, newest first.
 * Filters: target, outcome (counted|rejected), reporter, from/to (China dates of `at`),
 * limit (≤ 200, default 50), before (the `nextCursor` of the previous page).
 */
export const ReportHistoryResponseSchema = Type.Object({
  unit: Type.String(),
  items: Type.Array(ReportHistoryItemSchema),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: NullableString({ description: 'Pass as `before` for the next (older) page; null at the end' }),
});
export type ReportHistoryResponse = Static<typeof ReportHistoryResponseSchema>;
export const REPORTS_DEFAULT_LIMIT = 50;
export const REPORTS_MAX_LIMIT = 200;

/**
 * GET /api/me/targets — what the signed-in reporter reports on (issue 7 "my targets"):
 * staff get their unit's targets, admins every target; leaders and screens are refused
 * (403: they do not report). Each with its state and what the form checks against.
 */
export const MyTargetSchema = Type.Composite([
  TargetStateSchema,
  Type.Object({
    planTitle: Type.String(),
    /** The plan period (China dates): reports must fall inside it. */
    periodStart: Type.String(),
    periodEnd: Type.String(),
    /** Who sent the latest stored report, and when it was received. */
    lastReporter: NullableString(),
    lastReceivedAt: NullableString(),
  }),
]);
export type MyTarget = Static<typeof MyTargetSchema>;

export const MyTargetsResponseSchema = Type.Object({
  /** The reporter's unit (null for admins). */
  unit: NullableString({ description: "The reporter's unit (null for admins)" }),
  /** Today in China (YYYY-MM-DD): the form's default date and the future-date bound. */
  today: Type.String({ description: 'Today in China (YYYY-MM-DD)' }),
  targets: Type.Array(MyTargetSchema),
});
export type MyTargetsResponse = Static<typeof MyTargetsResponseSchema>;
