import type { EventKind } from '../domain/types';
import type { TargetState } from './overview';

/**
 * What became of a reported event, as its reporter sees it (issue 7: sent → counted or
 * rejected). Decided by ingest, the only authority: the HTTP door only says "accepted by the
 * stream" (202) or refuses at once (400/403).
 * - `counted`: stored now, the rollup moved;
 * - `duplicate`: an event with this id was already stored (a resend, a re-upload): it counts once;
 * - `rejected`: ingest refused it; `code` is a RejectCode, `message` the English sentence.
 */
export type ReceiptOutcome = 'counted' | 'duplicate' | 'rejected';

export interface Receipt {
  eventId: string;
  /** The target the event named (as sent; may be unknown to the server when rejected). */
  target: string;
  /** The unit the event was published for (from its subject `progress.<unit>.<target>`). */
  ownerUnit: string;
  outcome: ReceiptOutcome;
  code: string | null;
  message: string | null;
  /** When ingest decided (ISO 8601). */
  at: string;
}

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
export interface ReceiptsResponse {
  receipts: (Receipt | { eventId: string; outcome: 'pending' })[];
}
export const MAX_RECEIPT_IDS = 200;

/** One line of a unit's report history: a stored event, or one ingest rejected. */
export interface ReportHistoryItem {
  eventId: string;
  target: string;
  /** null when the target is unknown (a rejected event naming no real target). */
  targetTitle: string | null;
  uom: string | null;
  /** null when a rejected payload had no readable kind. */
  kind: EventKind | null;
  value: number | null;
  occurredAt: string | null;
  /** Stored: received_at; rejected: rejected_at. */
  at: string;
  reporter: string | null;
  source: string | null;
  note: string | null;
  evidence: string | null;
  corrects: string | null;
  reason: string | null;
  outcome: 'counted' | 'rejected';
  /** Rejected: the RejectCode and English sentence. */
  code: string | null;
  message: string | null;
  /** Stored events: ids of corrections that compensate this one. */
  correctedBy: string[];
}

/**
 * GET /api/units/:code/reports — the reports for targets the unit owns, newest first.
 * Filters: target, outcome (counted|rejected), reporter, from/to (China dates of `at`),
 * limit (≤ 200, default 50), before (the `nextCursor` of the previous page).
 */
export interface ReportHistoryResponse {
  unit: string;
  items: ReportHistoryItem[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: string | null;
}
export const REPORTS_DEFAULT_LIMIT = 50;
export const REPORTS_MAX_LIMIT = 200;

/**
 * GET /api/me/targets — what the signed-in reporter reports on (issue 7 "my targets"):
 * staff get their unit's targets, admins every target; leaders and screens are refused
 * (403: they do not report). Each with its state and what the form checks against.
 */
export interface MyTarget extends TargetState {
  planTitle: string;
  /** The plan period (China dates): reports must fall inside it. */
  periodStart: string;
  periodEnd: string;
  /** Who sent the latest stored report, and when it was received. */
  lastReporter: string | null;
  lastReceivedAt: string | null;
}
export interface MyTargetsResponse {
  /** The reporter's unit (null for admins). */
  unit: string | null;
  /** Today in China (YYYY-MM-DD): the form's default date and the future-date bound. */
  today: string;
  targets: MyTarget[];
}
