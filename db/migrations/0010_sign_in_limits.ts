import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Sign-in limits shared by every instance (issue 15): one fixed-window counter per
 * address (every attempt), per account (failures, by user id) and per unknown login
 * (failures, by the name as typed). Counted with one upsert, so two instances cannot both
 * let the 11th try through. Rows whose window has passed are pruned (index on reset_at).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sign_in_limits (
      scope text not null check (scope in ('address', 'account', 'login')),
      key text not null,
      count integer not null check (count > 0),
      reset_at timestamptz not null,
      primary key (scope, key)
    );
    create index sign_in_limits_reset_at on sign_in_limits (reset_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table sign_in_limits`.execute(db);
}
