import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Running a real year (issue 16).
 *
 * - plans and targets gain `version` (optimistic concurrency: an edit names the version it
 *   read; a stale one answers 409 `stale_version` instead of overwriting another admin).
 * - targets gain a lifecycle `status` (`active` | `cancelled`) and the cancel reason: a target
 *   dropped mid-year is cancelled (撤销), never deleted, and refuses reports.
 * - target_changes: the adjustment (调整) history of published targets, one row per changed
 *   field with old and new value as JSON, who and why. Append-only like events.
 * - units gain `active`: a unit is deactivated, not deleted, once anything refers to it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table plans add column version integer not null default 0;
    alter table targets
      add column status text not null default 'active' check (status in ('active','cancelled')),
      add column cancel_reason text,
      add column version integer not null default 0;
    alter table units add column active boolean not null default true;

    create table target_changes (
      id bigserial primary key,
      target_code text not null references targets(code) on delete cascade,
      field text not null,
      old_value jsonb,
      new_value jsonb,
      reason text not null,
      actor_id text,
      actor_name text,
      changed_at timestamptz not null default now()
    );
    create index target_changes_target on target_changes(target_code, changed_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table target_changes;
    alter table units drop column active;
    alter table targets drop column version, drop column cancel_reason, drop column status;
    alter table plans drop column version;
  `.execute(db);
}
