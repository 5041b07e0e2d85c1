import { Type, type Static } from '@sinclair/typebox';
import { TARGET_STATUSES } from '../domain/types';
import { Nullable, NullableNumber, NullableString, StringEnum, type Same } from '../api/schema';
import { CADENCES, type Cycle } from './cycles';
import type { CycleOutcome, Timeliness } from './owed';
import { BULLETIN_CATEGORIES, type BulletinCategory } from './categories';
import type { TargetChange, UnitChange, ChangeSummary } from './compare';
import { TargetAdjustmentSchema } from '../api/plan-admin';

/**
 * The HTTP shapes of issue 17 (server/src/supervision, web/src/supervision), as TypeBox
 * schemas: the server declares them on its routes (the serialiser keeps exactly these fields,
 * the OpenAPI document shows them) and both sides use the Static types. Shapes owned by the
 * rules modules (Cycle, Timeliness, TargetChange …) get a schema here and a compile-time
 * `Same<>` proof that the two agree.
 */

const Ymd = (description = 'YYYY-MM-DD (China date)') => Type.String({ description });

export const CycleSchema = Type.Object({
  start: Ymd('First calendar day the cycle covers'),
  end: Ymd('Last calendar day the cycle covers'),
  due: Ymd('The last day a report for this cycle is on time'),
});
const _cycle: Same<Static<typeof CycleSchema>, Cycle> = true;
void _cycle;

export const TimelinessSchema = Type.Object({
  owed: Type.Integer({ description: 'Cycles on time, late or missing' }),
  onTime: Type.Integer(),
  late: Type.Integer(),
  missing: Type.Integer(),
  rate: NullableNumber({ description: '报送及时率 = onTime ÷ owed; null when nothing was owed' }),
});
const _timeliness: Same<Static<typeof TimelinessSchema>, Timeliness> = true;
void _timeliness;

/** One target's report owed now: its oldest missing cycle (or the next one due). */
export const OwedItemSchema = Type.Object({
  target: Type.String(),
  title: Type.String(),
  planId: Type.String(),
  ownerUnit: Type.String(),
  cadence: StringEnum(CADENCES),
  /** The cycle this item is about: the oldest missing one, else the next open one. */
  cycle: CycleSchema,
  outcome: StringEnum(['missing', 'open'] as const satisfies readonly CycleOutcome[]),
  /** Missing cycles now (0 for an open one). */
  missingCycles: Type.Integer(),
  /** Working days past the due date (missing), 0 for open. */
  daysLate: Type.Integer(),
  /** Calendar days to the due date (open), negative when past. */
  daysToDue: Type.Integer(),
});
export type OwedItem = Static<typeof OwedItemSchema>;

export const OwedResponseSchema = Type.Object({ asOf: Ymd(), items: Type.Array(OwedItemSchema) });
export type OwedResponse = Static<typeof OwedResponseSchema>;

/** Leaders' view: per unit what it owes, units owing most first, and its 报送及时率 this year. */
export const UnitOwedSchema = Type.Object({
  unit: Type.String(),
  name: Type.String(),
  /** Targets with at least one missing cycle. */
  owingTargets: Type.Integer(),
  missingCycles: Type.Integer(),
  timeliness: TimelinessSchema,
  items: Type.Array(OwedItemSchema),
});
export type UnitOwed = Static<typeof UnitOwedSchema>;

export const OwedByUnitResponseSchema = Type.Object({ asOf: Ymd(), units: Type.Array(UnitOwedSchema) });
export type OwedByUnitResponse = Static<typeof OwedByUnitResponseSchema>;

export const REMINDER_KINDS = ['manual', 'before_due', 'after_due', 'escalation'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const ReminderSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(REMINDER_KINDS),
  target: NullableString(),
  unit: Type.String(),
  cycleDue: NullableString(),
  message: NullableString(),
  sentBy: NullableString(),
  recipients: Type.Integer(),
  createdAt: Type.String(),
});
export type Reminder = Static<typeof ReminderSchema>;

/** POST /api/reminders: about a target (its owner unit is reminded) or a unit's owed reports. */
export const ReminderInputSchema = Type.Object(
  { target: Type.Optional(Type.String()), unit: Type.Optional(Type.String()), message: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type ReminderInput = Static<typeof ReminderInputSchema>;

export const ReminderResultSchema = Type.Object({
  reminder: ReminderSchema,
  /** Set when nobody received it: the unit has no active staff account (the sender is told). */
  warning: Nullable(Type.Object({ code: Type.Literal('no_active_staff'), message: Type.String() })),
});
export type ReminderResult = Static<typeof ReminderResultSchema>;

export const InstructionReplySchema = Type.Object({
  id: Type.Integer(),
  body: Type.String(),
  marksHandled: Type.Boolean(),
  author: Type.String(),
  createdAt: Type.String(),
});
export type InstructionReply = Static<typeof InstructionReplySchema>;

const InstructionFields = {
  id: Type.String(),
  target: NullableString(),
  unit: Type.String(),
  body: Type.String(),
  author: Type.String(),
  createdAt: Type.String(),
  handledAt: NullableString(),
  handledBy: NullableString(),
  /** Whole days since it was written (China days), for "open for 5 days". */
  ageDays: Type.Integer({ description: 'Whole days since it was written (China days)' }),
};
export const InstructionSchema = Type.Object({ ...InstructionFields, replies: Type.Array(InstructionReplySchema) });
export type Instruction = Static<typeof InstructionSchema>;
export const InstructionListSchema = Type.Array(InstructionSchema);

export const InstructionInputSchema = Type.Object({ target: Type.Optional(Type.String()), unit: Type.Optional(Type.String()), body: Type.String() });
export type InstructionInput = Static<typeof InstructionInputSchema>;

export const ReplyInputSchema = Type.Object({ body: Type.String(), handled: Type.Optional(Type.Boolean()) });
export type ReplyInput = Static<typeof ReplyInputSchema>;

export const NotificationItemSchema = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(['reminder', 'instruction', 'reply'] as const),
  target: NullableString(),
  unit: NullableString(),
  title: Type.String(),
  body: NullableString(),
  createdAt: Type.String(),
  readAt: NullableString(),
});
export type NotificationItem = Static<typeof NotificationItemSchema>;

export const InboxResponseSchema = Type.Object({ unread: Type.Integer(), items: Type.Array(NotificationItemSchema) });
export type InboxResponse = Static<typeof InboxResponseSchema>;

/** POST /api/me/notifications/read */
export const UnreadCountSchema = Type.Object({ unread: Type.Integer() });

export const TimelineEntrySchema = Type.Union([
  Type.Object({
    kind: Type.Literal('report'),
    at: Type.String(),
    id: Type.String(),
    detail: Type.Object({ eventKind: Type.String(), value: Type.Number(), reporter: NullableString(), note: NullableString() }),
  }),
  Type.Object({ kind: Type.Literal('reminder'), at: Type.String(), id: Type.String(), detail: ReminderSchema }),
  Type.Object({ kind: Type.Literal('instruction'), at: Type.String(), id: Type.String(), detail: Type.Object(InstructionFields) }),
  Type.Object({
    kind: Type.Literal('reply'),
    at: Type.String(),
    id: Type.String(),
    detail: Type.Composite([InstructionReplySchema, Type.Object({ instruction: Type.String() })]),
  }),
]);
export type TimelineEntry = Static<typeof TimelineEntrySchema>;

export const TimelineResponseSchema = Type.Object({ target: Type.String(), entries: Type.Array(TimelineEntrySchema) });
export type TimelineResponse = Static<typeof TimelineResponseSchema>;

const StatusSchema = StringEnum(TARGET_STATUSES);
const PointSchema = Nullable(Type.Object({ value: Type.Number(), pct: Type.Number(), status: StatusSchema }));
export const TargetChangeSchema = Type.Object({
  code: Type.String(),
  ownerUnit: Type.String(),
  from: PointSchema,
  to: PointSchema,
  valueChange: NullableNumber(),
  pctChange: NullableNumber({ description: 'Percentage points' }),
  statusChanged: Type.Boolean(),
  newLaggard: Type.Boolean(),
  recovered: Type.Boolean(),
});
const _targetChange: Same<Static<typeof TargetChangeSchema>, TargetChange> = true;
void _targetChange;

export const UnitChangeSchema = Type.Object({
  code: Type.String(),
  pctFrom: NullableNumber(),
  pctTo: NullableNumber(),
  pctChange: NullableNumber(),
  rankFrom: NullableNumber(),
  rankTo: NullableNumber(),
  /** Places moved up (positive) or down (negative); null when unranked at either date. */
  rankChange: NullableNumber(),
});
const _unitChange: Same<Static<typeof UnitChangeSchema>, UnitChange> = true;
void _unitChange;

export const ChangeSummarySchema = Type.Object({ newLaggards: Type.Integer(), recoveries: Type.Integer(), statusChanges: Type.Integer() });
const _summary: Same<Static<typeof ChangeSummarySchema>, ChangeSummary> = true;
void _summary;

export const CompareResponseSchema = Type.Object({
  from: Ymd(),
  to: Ymd(),
  targets: Type.Array(TargetChangeSchema),
  units: Type.Array(Type.Composite([UnitChangeSchema, Type.Object({ name: Type.String() })])),
  summary: ChangeSummarySchema,
});
export type CompareResponse = Static<typeof CompareResponseSchema>;

const CategorySchema = StringEnum(BULLETIN_CATEGORIES);
const CategoryCountsSchema = Type.Object(Object.fromEntries(BULLETIN_CATEGORIES.map((c) => [c, Type.Integer()])) as Record<BulletinCategory, ReturnType<typeof Type.Integer>>);

export const BulletinTargetSchema = Type.Object({
  code: Type.String(),
  title: Type.String(),
  ownerUnit: Type.String(),
  value: Type.Number(),
  pct: Type.Number(),
  status: StatusSchema,
  category: CategorySchema,
});
export type BulletinTarget = Static<typeof BulletinTargetSchema>;

export const BulletinUnitSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  pct: NullableNumber(),
  rank: NullableNumber(),
  /** Places moved since the previous month's end (↑ positive). */
  rankChange: NullableNumber({ description: "Places moved since the previous month's end (up positive)" }),
  timeliness: TimelinessSchema,
  counts: CategoryCountsSchema,
});
export type BulletinUnit = Static<typeof BulletinUnitSchema>;

/**
 * One adjustment (调整) made in the 通报's month: a row of the target's history
 * (TargetAdjustment: field, old → new value, reason, who, when) and which target it is.
 */
export const BulletinAdjustmentSchema = Type.Composite([
  TargetAdjustmentSchema,
  Type.Object({
    target: Type.String(),
    title: Type.String(),
    ownerUnit: Type.String(),
    uom: Type.String({ description: 'The target’s unit of measure, for the old and new values' }),
  }),
]);
export type BulletinAdjustment = Static<typeof BulletinAdjustmentSchema>;

/** 月度通报: the plan as it stood at the end of `month`. */
export const MonthlyBulletinSchema = Type.Object({
  planId: Type.String(),
  month: Type.String({ description: 'YYYY-MM' }),
  asOf: Ymd(),
  previousAsOf: Ymd(),
  counts: CategoryCountsSchema,
  targets: Type.Array(BulletinTargetSchema),
  units: Type.Array(BulletinUnitSchema),
  timeliness: TimelinessSchema,
  changes: ChangeSummarySchema,
  reminders: Type.Integer(),
  /** The month's adjustments (target value, due date, cancellations …), oldest first, up to asOf. */
  adjustments: Type.Array(BulletinAdjustmentSchema),
  /** Instructions written by the month's end and not handled by then. */
  openInstructions: Type.Array(
    Type.Object({ id: Type.String(), target: NullableString(), unit: Type.String(), body: Type.String(), ageDays: Type.Integer() }),
  ),
});
export type MonthlyBulletin = Static<typeof MonthlyBulletinSchema>;

/** PUT /api/plans/:id/supervision: a plan's reporting rules as stored. */
export const PlanSupervisionSchema = Type.Object({
  planId: Type.String(),
  defaultCadence: StringEnum(CADENCES),
  dueWorkingDays: Type.Integer(),
  remindBeforeDays: Type.Integer(),
  escalateAfterDays: Type.Integer(),
});
/** PUT /api/targets/:code/cadence */
export const TargetCadenceSchema = Type.Object({ target: Type.String(), cadence: Nullable(StringEnum(CADENCES)) });

/** PUT /api/units/:code/webhook (the secret is never read back). */
export const UnitWebhookSchema = Type.Object({ unit: Type.String(), url: Type.String(), enabled: Type.Boolean() });
/** GET /api/units/:code/webhook/deliveries: one delivery of a reminder to a unit's webhook. */
export const WebhookDeliverySchema = Type.Object({
  id: Type.Integer(),
  reminder: NullableString(),
  url: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: NullableString(),
  nextAttemptAt: NullableString(),
  createdAt: Type.String(),
  deliveredAt: NullableString(),
});
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;

/** socket.io `inbox` event: the user's unread count changed (a new notification, or read elsewhere). */
export interface InboxNotice {
  unread: number;
  item: NotificationItem | null;
}

/** socket.io `timeline` event to `target:` rooms: something was added to the target's timeline. */
export interface TimelineNotice {
  target: string;
}

