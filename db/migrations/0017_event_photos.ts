import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Photo evidence (issue 18 item 7). A photo belongs to an event, keyed like the event by
 * (owner_unit, event_id) — ids are unique only within a unit (0009) — plus its slot n.
 * No foreign key to events: the device names the event id, and its photos may arrive
 * before ingest has stored the event (or for an event ingest then refuses). target_code
 * is the target the uploader named; a read shows the photo only while the stored event,
 * if any, names the same target (docs/decisions.md "Photo evidence").
 *
 * The bytes live here (bytea), not on a disk beside one instance: backups and N instances
 * need nothing else. STORAGE EXTERNAL: photos are already compressed, so PostgreSQL should
 * not try (and fail) to compress them again before moving them to TOAST.
 * The checks repeat the limits the API enforces (shared/src/api/photos.ts) as a last wall.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table event_photos (
      owner_unit text not null,
      event_id text not null,
      n smallint not null check (n between 1 and 4),
      target_code text not null references targets(code) on delete cascade,
      mime text not null check (mime in ('image/jpeg', 'image/png', 'image/webp')),
      size integer not null check (size between 1 and 1048576 and size = octet_length(bytes)),
      width integer not null check (width between 1 and 4096),
      height integer not null check (height between 1 and 4096),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      bytes bytea not null,
      uploader_id text,
      uploader_name text not null,
      created_at timestamptz not null default now(),
      primary key (owner_unit, event_id, n)
    );
    alter table event_photos alter column bytes set storage external;
    create index event_photos_target_event on event_photos (target_code, event_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table event_photos`.execute(db);
}
