import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * 催办, 批示 and the notification inbox (issue 17).
 * - reminders: manual ones (a leader or admin, with a message) and automatic ones (the
 *   scheduler: before_due, after_due, escalation). An automatic reminder is unique per
 *   (kind, target, cycle due date), so however many instances run the scheduler, and
 *   however often a run is retried, each fires once: the insert that loses the race
 *   inserts nothing and notifies nobody.
 * - instructions (批示) on a target or a unit, and their replies (办理回复); the reply that
 *   marks one handled sets handled_at.
 * - notifications: one row per recipient (a user), read_at when read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table reminders (
      id text primary key,
      kind text not null check (kind in ('manual', 'before_due', 'after_due', 'escalation')),
      target_code text references targets(code),
      unit_code text not null references units(code),
      cycle_due date,
      message text check (char_length(message) <= 500),
      sent_by_id text,
      sent_by_name text,
      recipients integer not null default 0,
      created_at timestamptz not null default now()
    );
    create unique index reminders_auto_once on reminders(kind, target_code, cycle_due) where kind <> 'manual';
    create index reminders_target on reminders(target_code, created_at);
    create index reminders_unit on reminders(unit_code, created_at);

    create table instructions (
      id text primary key,
      target_code text references targets(code),
      unit_code text not null references units(code),
      body text not null check (char_length(body) between 1 and 2000),
      author_id text not null,
      author_name text not null,
      created_at timestamptz not null default now(),
      handled_at timestamptz,
      handled_by text
    );
    create index instructions_unit on instructions(unit_code, created_at);
    create index instructions_target on instructions(target_code, created_at);

    create table instruction_replies (
      id bigserial primary key,
      instruction_id text not null references instructions(id),
      body text not null check (char_length(body) between 1 and 2000),
      marks_handled boolean not null default false,
      author_id text not null,
      author_name text not null,
      created_at timestamptz not null default now()
    );
    create index instruction_replies_of on instruction_replies(instruction_id, created_at);

    create table notifications (
      id bigserial primary key,
      user_id text not null references users(id),
      kind text not null,
      target_code text,
      unit_code text,
      reminder_id text references reminders(id),
      instruction_id text references instructions(id),
      title text not null,
      body text,
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index notifications_user on notifications(user_id, id desc);
    create index notifications_unread on notifications(user_id) where read_at is null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table notifications;
    drop table instruction_replies;
    drop table instructions;
    drop table reminders;
  `.execute(db);
}
