import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Direction, EventKind, MeasureKind, UnitKind } from '@luoshi/shared';
import type { AccountTables } from './accounts-schema';
import type { SupervisionTables } from './supervision-schema';

/**
 * The typed database, written by hand beside the migrations in db/migrations.
 * numeric columns are parsed to JS numbers (see connect.ts); dates stay 'YYYY-MM-DD' strings.
 */

type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface UnitsTable {
  code: string;
  name: string;
  kind: UnitKind;
  parent_code: string | null;
  /** False once deactivated (issue 16): kept for what refers to it, offered for nothing new. */
  active: Generated<boolean>;
}

export interface PlansTable {
  id: string;
  title: string;
  owner_unit: string;
  period_start: DateString;
  period_end: DateString;
  status: string;
  /** Bumped by every change to the plan (optimistic concurrency, migration 0016). */
  version: Generated<number>;
  /** Issue 17 (migration 0013): reporting cadence and due rule, reminder lead (N) and escalation (M) in working days. */
  default_cadence: ColumnType<string, string | undefined, string>;
  due_working_days: ColumnType<number, number | undefined, number>;
  remind_before_days: ColumnType<number, number | undefined, number>;
  escalate_after_days: ColumnType<number, number | undefined, number>;
}

export interface PlanSectionsTable {
  id: string;
  plan_id: string;
  parent_id: string | null;
  label: string;
  title: string;
  ordinal: number;
}

export interface TargetsTable {
  code: string;
  plan_id: string;
  section_id: string | null;
  owner_unit: string;
  title: string;
  uom: string;
  /** The migrations' CHECK constraints hold these to the shared unions. */
  measure_kind: MeasureKind;
  direction: Direction;
  baseline: number;
  target_value: number;
  start_date: DateString;
  due_date: DateString;
  weight: number;
  milestones: Json<{ date: string; value: number }[]>;
  reporting_interval_days: number;
  ratio_numerator: string | null;
  ratio_denominator: string | null;
  /** The plan sentence an imported target came from (null for targets entered otherwise). */
  source_sentence: ColumnType<string | null, string | null | undefined, string | null>;
  /** `active` | `cancelled` (撤销 mid-year with `cancel_reason`; refuses reports). */
  status: Generated<string>;
  cancel_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Bumped by every change to the target (optimistic concurrency). */
  version: Generated<number>;
  /** Issue 17: the target's own cadence (null = the plan's default) and the day it was cancelled. */
  cadence: ColumnType<string | null, string | null | undefined, string | null>;
  cancelled_on: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One adjusted field of a published target (调整), append-only. */
export interface TargetChangesTable {
  id: Generated<number>;
  target_code: string;
  field: string;
  old_value: Json<unknown>;
  new_value: Json<unknown>;
  reason: string;
  actor_id: string | null;
  actor_name: string | null;
  changed_at: Generated<Date>;
}

export interface EventsTable {
  /** Unique only within owner_unit (migration 0009): the key is (owner_unit, id). */
  id: string;
  /** The owner unit of the event's target when it was stored: the scope of its id. */
  owner_unit: string;
  target_code: string;
  kind: EventKind;
  value: number;
  occurred_at: Timestamp;
  received_at: Generated<Date>;
  reporter: string | null;
  source: string | null;
  note: string | null;
  evidence: string | null;
  corrects: string | null;
  reason: string | null;
  stream_seq: number | null;
  /** For a correction: the non-correction event at the end of its `corrects` chain (set at insert). */
  root_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface TargetRollupsTable {
  target_code: string;
  value: number;
  event_count: number;
  last_occurred_at: Timestamp | null;
  last_reading_at: Timestamp | null;
  last_reading_id: string | null;
  version: number;
  updated_at: Generated<Date>;
}

/** A target's value at the end of each China day on which it changed (see migration 0003). */
export interface TargetDailyTable {
  target_code: string;
  day: DateString;
  value_end: number;
}

export interface RejectedEventsTable {
  id: Generated<number>;
  subject: string;
  stream_seq: number | null;
  event_id: string | null;
  code: string;
  message: string;
  payload: string;
  rejected_at: Generated<Date>;
  /** The target the event named (payload `target`, else the subject's); null when neither is readable. */
  target_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** The unit of the subject `progress.<unit>.<target>` it was published on: whose report it was. */
  unit_code: ColumnType<string | null, string | null | undefined, string | null>;
  reporter: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeadLettersTable {
  id: Generated<number>;
  stream_seq: number;
  subject: string;
  event_id: string | null;
  /** The raw message as UTF-8 text; null when the stream no longer held it. */
  payload: string | null;
  deliveries: number;
  /** `max_deliveries` (JetStream gave up redelivering) or `write_failed` (the database refused it). */
  reason: string;
  error: string | null;
  published_at: Timestamp | null;
  dead_at: Generated<Date>;
}

export interface ScreensTable {
  id: string;
  title: string;
  plan_id: string;
  rotation_seconds: number;
  /** ScreenView[] (shared/src/api/screens.ts), checked against the plan by the API. */
  views: Json<unknown[]>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Photo evidence of an event (migration 0017): keyed like the event by (owner_unit, event_id), slot n 1–4. */
export interface EventPhotosTable {
  owner_unit: string;
  event_id: string;
  n: number;
  /** The target the uploader named; shown only while a stored event of that id names the same target. */
  target_code: string;
  mime: string;
  size: number;
  width: number;
  height: number;
  /** Hex SHA-256 of bytes: the slot's identity (same bytes again = no-op) and the ETag. */
  sha256: string;
  bytes: Buffer;
  uploader_id: string | null;
  uploader_name: string;
  created_at: Generated<Date>;
  /** Thumbnail (migration 0018): all six set or all null (then the photo is served as its thumbnail). */
  thumb_mime: ColumnType<string | null, string | null | undefined, string | null>;
  thumb_size: ColumnType<number | null, number | null | undefined, number | null>;
  thumb_width: ColumnType<number | null, number | null | undefined, number | null>;
  thumb_height: ColumnType<number | null, number | null | undefined, number | null>;
  thumb_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  thumb_bytes: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
}

export interface Database extends AccountTables, SupervisionTables {
  units: UnitsTable;
  plans: PlansTable;
  plan_sections: PlanSectionsTable;
  targets: TargetsTable;
  events: EventsTable;
  target_rollups: TargetRollupsTable;
  target_daily: TargetDailyTable;
  rejected_events: RejectedEventsTable;
  dead_letters: DeadLettersTable;
  screens: ScreensTable;
  target_changes: TargetChangesTable;
  event_photos: EventPhotosTable;
}

export type TargetRow = Selectable<TargetsTable>;
export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type RollupRow = Selectable<TargetRollupsTable>;
export type NewRejectedEvent = Insertable<RejectedEventsTable>;
