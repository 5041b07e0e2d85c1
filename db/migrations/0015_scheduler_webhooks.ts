import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The reminder scheduler and outbound webhooks (issue 17).
 * - scheduler_runs: one row per China day the scheduler has run for. An instance claims a
 *   day by inserting its row (under a transaction-level advisory lock), so a day runs once
 *   across instances; days missed while every instance was down are caught up in order.
 * - unit_webhooks: a unit's relay (政务微信/钉钉 bot, SMS gateway): URL and HMAC secret.
 * - webhook_deliveries: every attempt's outcome; pending ones are retried with backoff.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table scheduler_runs (
      day date primary key,
      claimed_by text not null,
      claimed_at timestamptz not null default now(),
      finished_at timestamptz,
      reminders integer not null default 0
    );

    create table unit_webhooks (
      unit_code text primary key references units(code),
      url text not null check (url ~ '^https?://' and char_length(url) <= 500),
      secret text not null check (char_length(secret) between 16 and 200),
      enabled boolean not null default true,
      updated_at timestamptz not null default now()
    );

    create table webhook_deliveries (
      id bigserial primary key,
      unit_code text not null references units(code),
      reminder_id text references reminders(id),
      url text not null,
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      last_status integer,
      last_error text,
      next_attempt_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      delivered_at timestamptz
    );
    create index webhook_deliveries_due on webhook_deliveries(next_attempt_at) where status = 'pending';
    create index webhook_deliveries_unit on webhook_deliveries(unit_code, id desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table webhook_deliveries;
    drop table unit_webhooks;
    drop table scheduler_runs;
  `.execute(db);
}
