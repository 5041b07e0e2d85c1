import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { PhotoMeta, PhotoMime } from '@luoshi/shared';

/**
 * event_photos (migration 0017). Reads go by (target, event id): the target in the URL is
 * what the reader's scope is judged on. A photo is shown only while no stored event of its
 * unit with that id names another target ("check again on read": the uploader named the
 * target before ingest had the event; if the event turns out to be another target's, its
 * photos are not evidence of this one).
 */

const visible = sql<boolean>`not exists (select 1 from events e where e.owner_unit = p.owner_unit and e.id = p.event_id and e.target_code <> p.target_code)`;

const metaColumns = ['p.n', 'p.mime', 'p.size', 'p.width', 'p.height', 'p.sha256', 'p.uploader_name', 'p.created_at', 'p.thumb_sha256'] as const;

interface MetaRow {
  n: number;
  mime: string;
  size: number;
  width: number;
  height: number;
  sha256: string;
  uploader_name: string;
  created_at: Date;
  thumb_sha256: string | null;
}

export const toMeta = (r: MetaRow): PhotoMeta => ({
  n: r.n,
  mime: r.mime as PhotoMime,
  size: r.size,
  width: r.width,
  height: r.height,
  sha256: r.sha256,
  uploader: r.uploader_name,
  thumb: r.thumb_sha256 !== null,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function listPhotos(db: Kysely<Database>, target: string, eventId: string): Promise<PhotoMeta[]> {
  const rows = await db
    .selectFrom('event_photos as p')
    .select(metaColumns)
    .where('p.target_code', '=', target)
    .where('p.event_id', '=', eventId)
    .where(visible)
    .orderBy('p.n')
    .orderBy('p.created_at')
    .execute();
  // Two units can hold the same id for one target only if the target changed owner in between; the older photo of a slot wins.
  const seen = new Set<number>();
  return rows.filter((r) => !seen.has(r.n) && seen.add(r.n)).map(toMeta);
}

export async function readPhoto(db: Kysely<Database>, target: string, eventId: string, n: number): Promise<(PhotoMeta & { bytes: Buffer }) | null> {
  const row = await db
    .selectFrom('event_photos as p')
    .select([...metaColumns, 'p.bytes'])
    .where('p.target_code', '=', target)
    .where('p.event_id', '=', eventId)
    .where('p.n', '=', n)
    .where(visible)
    .orderBy('p.created_at')
    .limit(1)
    .executeTakeFirst();
  return row ? { ...toMeta(row), bytes: row.bytes } : null;
}

/**
 * What lists load for slot n: the stored thumbnail, or (none uploaded: API clients, rows
 * from before thumbnails) the photo itself, `fallback` true.
 */
export async function readThumb(
  db: Kysely<Database>,
  target: string,
  eventId: string,
  n: number,
): Promise<{ mime: string; sha256: string; bytes: Buffer; fallback: boolean } | null> {
  const row = await db
    .selectFrom('event_photos as p')
    .select(['p.mime', 'p.sha256', 'p.thumb_mime', 'p.thumb_sha256', sql<Buffer>`coalesce(p.thumb_bytes, p.bytes)`.as('bytes')])
    .where('p.target_code', '=', target)
    .where('p.event_id', '=', eventId)
    .where('p.n', '=', n)
    .where(visible)
    .orderBy('p.created_at')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return row.thumb_sha256 !== null && row.thumb_mime !== null
    ? { mime: row.thumb_mime, sha256: row.thumb_sha256, bytes: row.bytes, fallback: false }
    : { mime: row.mime, sha256: row.sha256, bytes: row.bytes, fallback: true };
}

/** A photo slot in a list, with who uploaded it (so a list can say which the reader may delete). */
export interface SlotInfo {
  n: number;
  uploaderId: string | null;
}

/**
 * The slots holding photos, per (target, event id), for lists of events (history, event
 * log): one indexed query for a page, so thumbnails need no request per event.
 */
export async function photoSlots(db: Kysely<Database>, refs: readonly { target: string; eventId: string }[]): Promise<Map<string, SlotInfo[]>> {
  const out = new Map<string, SlotInfo[]>();
  const pairs = refs.filter((r) => r.target !== '' && r.eventId !== '');
  if (pairs.length === 0) return out;
  const rows = await db
    .selectFrom('event_photos as p')
    .select(['p.target_code', 'p.event_id', 'p.n', 'p.uploader_id'])
    .where(sql<boolean>`(p.target_code, p.event_id) in (${sql.join(pairs.map((r) => sql`(${r.target}, ${r.eventId})`))})`)
    .where(visible)
    .orderBy('p.n')
    .orderBy('p.created_at')
    .execute();
  for (const r of rows) {
    const k = slotKey(r.target_code, r.event_id);
    const have = out.get(k) ?? [];
    if (!have.some((x) => x.n === r.n)) have.push({ n: r.n, uploaderId: r.uploader_id });
    out.set(k, have);
  }
  return out;
}

/** The slots a reader may delete (DELETE …/photos/:n): an admin any, staff those they uploaded. */
export const deletableBy = (slots: readonly SlotInfo[], viewer: { id: string; role: string } | undefined): number[] =>
  !viewer ? [] : viewer.role === 'admin' ? slots.map((s) => s.n) : viewer.role === 'staff' ? slots.filter((s) => s.uploaderId === viewer.id).map((s) => s.n) : [];

/**
 * Serialises writes to one event's photos (unit, event id) for the rest of the transaction:
 * an upload's "not refused yet?" check and insert against ingest recording a refusal and
 * deleting the event's photos (ingest/outcomes.ts). Whichever runs second sees the other's
 * commit, so no photo of a refused event is left behind.
 */
export async function lockEventPhotos(trx: Kysely<Database>, unit: string, eventId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`event-photos:${unit}:${eventId}`}, 0))`.execute(trx);
}

export const slotKey = (target: string, eventId: string): string => `${target}\u0000${eventId}`;
