import type { ColumnType, Generated } from 'kysely';

/** Tables of issue 17 (migrations 0014, 0015): reminders, instructions, notifications, scheduler, webhooks. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateString = ColumnType<string, string, string>;

export interface RemindersTable {
  id: string;
  kind: string;
  target_code: string | null;
  unit_code: string;
  cycle_due: DateString | null;
  message: string | null;
  sent_by_id: string | null;
  sent_by_name: string | null;
  recipients: Generated<number>;
  created_at: Generated<Date>;
}

export interface InstructionsTable {
  id: string;
  target_code: string | null;
  unit_code: string;
  body: string;
  author_id: string;
  author_name: string;
  created_at: Generated<Date>;
  handled_at: Timestamp | null;
  handled_by: string | null;
}

export interface InstructionRepliesTable {
  id: Generated<number>;
  instruction_id: string;
  body: string;
  marks_handled: Generated<boolean>;
  author_id: string;
  author_name: string;
  created_at: Generated<Date>;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  target_code: string | null;
  unit_code: string | null;
  reminder_id: string | null;
  instruction_id: string | null;
  title: string;
  body: string | null;
  created_at: Generated<Date>;
  read_at: Timestamp | null;
}

export interface SchedulerRunsTable {
  day: DateString;
  claimed_by: string;
  claimed_at: Generated<Date>;
  finished_at: Timestamp | null;
  reminders: Generated<number>;
}

export interface UnitWebhooksTable {
  unit_code: string;
  url: string;
  secret: string;
  enabled: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  unit_code: string;
  reminder_id: string | null;
  url: string;
  body: string;
  status: Generated<string>;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: Generated<Date>;
  created_at: Generated<Date>;
  delivered_at: Timestamp | null;
}

export interface SupervisionTables {
  reminders: RemindersTable;
  instructions: InstructionsTable;
  instruction_replies: InstructionRepliesTable;
  notifications: NotificationsTable;
  scheduler_runs: SchedulerRunsTable;
  unit_webhooks: UnitWebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
