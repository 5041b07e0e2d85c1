import type { TargetStatus } from '../domain/types';
import type { Cadence, Cycle } from './cycles';
import type { CycleOutcome, Timeliness } from './owed';
import type { BulletinCategory } from './categories';
import type { TargetChange, UnitChange, ChangeSummary } from './compare';

/** The HTTP shapes of issue 17 (server/src/supervision, web/src/supervision). */

/** One target's report owed now: its oldest missing cycle (or the next one due). */
export interface OwedItem {
  target: string;
  title: string;
  planId: string;
  ownerUnit: string;
  cadence: Cadence;
  /** The cycle this item is about: the oldest missing one, else the next open one. */
  cycle: Cycle;
  outcome: Extract<CycleOutcome, 'missing' | 'open'>;
  /** Missing cycles now (0 for an open one). */
  missingCycles: number;
  /** Working days past the due date (missing), 0 for open. */
  daysLate: number;
  /** Calendar days to the due date (open), negative when past. */
  daysToDue: number;
}

export interface OwedResponse {
  asOf: string;
  items: OwedItem[];
}

/** Leaders' view: per unit what it owes, units owing most first, and its 报送及时率 this year. */
export interface UnitOwed {
  unit: string;
  name: string;
  /** Targets with at least one missing cycle. */
  owingTargets: number;
  missingCycles: number;
  timeliness: Timeliness;
  items: OwedItem[];
}

export interface OwedByUnitResponse {
  asOf: string;
  units: UnitOwed[];
}

export const REMINDER_KINDS = ['manual', 'before_due', 'after_due', 'escalation'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface Reminder {
  id: string;
  kind: ReminderKind;
  target: string | null;
  unit: string;
  cycleDue: string | null;
  message: string | null;
  sentBy: string | null;
  recipients: number;
  createdAt: string;
}

/** POST /api/reminders: about a target (its owner unit is reminded) or a unit's owed reports. */
export interface ReminderInput {
  target?: string;
  unit?: string;
  message?: string;
}

export interface ReminderResult {
  reminder: Reminder;
  /** Set when nobody received it: the unit has no active staff account (the sender is told). */
  warning: { code: 'no_active_staff'; message: string } | null;
}

export interface Instruction {
  id: string;
  target: string | null;
  unit: string;
  body: string;
  author: string;
  createdAt: string;
  handledAt: string | null;
  handledBy: string | null;
  /** Whole days since it was written (China days), for "open for 5 days". */
  ageDays: number;
  replies: InstructionReply[];
}

export interface InstructionReply {
  id: number;
  body: string;
  marksHandled: boolean;
  author: string;
  createdAt: string;
}

export interface InstructionInput {
  target?: string;
  unit?: string;
  body: string;
}

export interface ReplyInput {
  body: string;
  handled?: boolean;
}

export interface NotificationItem {
  id: number;
  kind: 'reminder' | 'instruction' | 'reply';
  target: string | null;
  unit: string | null;
  title: string;
  body: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface InboxResponse {
  unread: number;
  items: NotificationItem[];
}

export type TimelineEntry =
  | { kind: 'report'; at: string; id: string; detail: { eventKind: string; value: number; reporter: string | null; note: string | null } }
  | { kind: 'reminder'; at: string; id: string; detail: Reminder }
  | { kind: 'instruction'; at: string; id: string; detail: Omit<Instruction, 'replies'> }
  | { kind: 'reply'; at: string; id: string; detail: InstructionReply & { instruction: string } };

export interface TimelineResponse {
  target: string;
  entries: TimelineEntry[];
}

export interface CompareResponse {
  from: string;
  to: string;
  targets: TargetChange[];
  units: (UnitChange & { name: string })[];
  summary: ChangeSummary;
}

export interface BulletinTarget {
  code: string;
  title: string;
  ownerUnit: string;
  value: number;
  pct: number;
  status: TargetStatus;
  category: BulletinCategory;
}

export interface BulletinUnit {
  code: string;
  name: string;
  pct: number | null;
  rank: number | null;
  /** Places moved since the previous month's end (↑ positive). */
  rankChange: number | null;
  timeliness: Timeliness;
  counts: Record<BulletinCategory, number>;
}

/** 月度通报: the plan as it stood at the end of `month`. */
export interface MonthlyBulletin {
  planId: string;
  month: string;
  asOf: string;
  previousAsOf: string;
  counts: Record<BulletinCategory, number>;
  targets: BulletinTarget[];
  units: BulletinUnit[];
  timeliness: Timeliness;
  changes: ChangeSummary;
  reminders: number;
  /** Instructions written by the month's end and not handled by then. */
  openInstructions: { id: string; target: string | null; unit: string; body: string; ageDays: number }[];
}

/** socket.io `inbox` event: the user's unread count changed (a new notification, or read elsewhere). */
export interface InboxNotice {
  unread: number;
  item: NotificationItem | null;
}

/** socket.io `timeline` event to `target:` rooms: something was added to the target's timeline. */
export interface TimelineNotice {
  target: string;
}
