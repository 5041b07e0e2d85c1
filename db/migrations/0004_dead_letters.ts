import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

// Messages ingest gave up on: delivered max_deliver times without a commit (captured from
// JetStream's MAX_DELIVERIES advisory), or refused by the database itself for a reason no
// validation caught. Kept with the raw payload so an operator can fix and republish them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dead_letters (
      id bigserial primary key,
      stream_seq bigint not null,
      subject text not null,
      event_id text,
      payload text,
      deliveries integer not null,
      reason text not null check (reason in ('max_deliveries', 'write_failed')),
      error text,
      published_at timestamptz,
      dead_at timestamptz not null default now()
    );
    create unique index dead_letters_seq on dead_letters(stream_seq);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table dead_letters`.execute(db);
}
