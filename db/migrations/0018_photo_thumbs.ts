import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Photo thumbnails (issue 18 follow-up): lists load a small copy the browser made beside the
 * photo, not the ≤ 1 MiB photo shrunk by CSS. The thumbnail lives in the photo's row (it is
 * deleted with it, read by the same key and scope); all thumb_* columns are set together or
 * not at all — a row without one (API clients, rows from before) is served the photo itself.
 * Limits repeat shared/src/api/photos.ts (THUMB_MAX_BYTES, THUMB_MAX_SIDE_PX) as a last wall.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table event_photos
      add column thumb_mime text check (thumb_mime in ('image/jpeg', 'image/png', 'image/webp')),
      add column thumb_size integer check (thumb_size between 1 and 65536 and thumb_size = octet_length(thumb_bytes)),
      add column thumb_width integer check (thumb_width between 1 and 640),
      add column thumb_height integer check (thumb_height between 1 and 640),
      add column thumb_sha256 text check (thumb_sha256 ~ '^[0-9a-f]{64}$'),
      add column thumb_bytes bytea,
      add constraint event_photos_thumb_whole check (
        num_nulls(thumb_mime, thumb_size, thumb_width, thumb_height, thumb_sha256, thumb_bytes) in (0, 6)
      );
    alter table event_photos alter column thumb_bytes set storage external;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table event_photos
      drop constraint event_photos_thumb_whole,
      drop column thumb_bytes, drop column thumb_sha256, drop column thumb_height,
      drop column thumb_width, drop column thumb_size, drop column thumb_mime
  `.execute(db);
}
