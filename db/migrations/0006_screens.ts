import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

// Wall screens (issue 8): a plan, a playlist of views (jsonb, checked by the API against
// the plan) and a rotation interval. A screen's device token (api_tokens.screen_id) names it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table screens (
      id text primary key,
      title text not null,
      plan_id text not null references plans(id),
      rotation_seconds integer not null check (rotation_seconds between 5 and 3600),
      views jsonb not null check (jsonb_typeof(views) = 'array'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table screens`.execute(db);
}
