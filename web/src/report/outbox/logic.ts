import type { ProgressEvent, Receipt } from '@luoshi/shared';

/**
 * The outbox: every report the clerk makes goes here first, is kept on the device, and
 * leaves it only as an event with its own id. Pure transitions, so the rules below are
 * unit-tested without a browser (outbox/logic.test.ts); store.ts persists and sends.
 *
 *   waiting ──POST 202──▶ sent ──receipt──▶ counted | duplicate | rejected (by ingest)
 *      │  ▲  
 *      │  └── unreachable (offline, 5xx, 429): retried later with backoff, same id
 *      └────POST 400/403 for this event──▶ rejected (at the door)
 *
 * The id never changes, so a resend after a lost answer is stored once (JetStream
 * de-duplication, then the events primary key).
 *
 * Photos ride with their event (issue 18.7): the bytes wait in IndexedDB (photos/store.ts),
 * the item keeps one small record per slot. A slot is uploaded once the stream has the
 * event (sent or decided), never before, so a report the door refuses leaves no photos
 * behind; each slot is its own idempotent PUT, so a resend after a lost answer is harmless.
 *
 *   photo waiting ──PUT 200/201──▶ uploaded
 *       │  ▲
 *       │  └── unreachable (offline, 5xx, 429): retried with backoff
 *       └────PUT 4xx──▶ refused (type, size, slot taken…: sending again would be refused again)
 *   the event rejected (door or ingest) ──▶ waiting photos dropped
 */
export type OutboxState = 'waiting' | 'sent' | 'counted' | 'duplicate' | 'rejected';

export type PhotoState = 'waiting' | 'uploaded' | 'refused' | 'dropped';

/** One photo slot of a report; its bytes live in IndexedDB under (user, event id, n). */
export interface OutboxPhoto {
  n: number;
  size: number;
  state: PhotoState;
  attempts: number;
  nextTryAt: number;
  code?: string;
  message?: string;
  /** A thumbnail waits beside the photo (IndexedDB `thumbKey`); sent right after the photo. */
  thumb?: boolean;
}

export interface OutboxItem {
  event: ProgressEvent;
  /** The target's owner unit: where its receipt is routed (`reports:<unit>`). */
  ownerUnit: string;
  /** Shown while offline, when the target list may not be at hand. */
  title: string;
  uom: string;
  origin: 'form' | 'correction' | 'upload';
  /** Upload batch (file) id, to show one file's progress. */
  batch?: string;
  state: OutboxState;
  createdAt: number;
  /** Send attempts that did not reach the stream. */
  attempts: number;
  /** Not before this time (epoch ms) is it tried again. */
  nextTryAt: number;
  /** When the stream acknowledged it (the receipt is due soon after). */
  sentAt?: number;
  /** The stream already had this id (a resend, a re-upload): once stored, it is a duplicate, not new. */
  seenBefore?: boolean;
  /** When a receipt or refusal decided it. */
  decidedAt?: number;
  /** Refusal: the server's code and sentence; `where` says who refused. */
  code?: string;
  message?: string;
  where?: 'door' | 'ingest';
  /** The last reason a send did not get through (shown beside 待发送). */
  lastError?: string;
  /** Photo evidence, slots 1–4 (absent: none). */
  photos?: OutboxPhoto[];
}

export const SEND_CHUNK = 200;
const BACKOFF_MS = [2_000, 5_000, 10_000, 20_000, 30_000];
/** Decided items stay visible this long (the clerk's "what happened to my report"), at most KEEP_DECIDED of them. */
export const KEEP_DECIDED_MS = 7 * 24 * 3600 * 1000;
export const KEEP_DECIDED = 300;
/**
 * Items decided within this window are all kept, however many: an upload's progress bar
 * counts its rows' outcomes from the outbox, and a 5,000-row file must not lose the first
 * ones while the last are still on their way (found by the 3,000-row browser test).
 */
export const KEEP_ALL_DECIDED_MS = 3600 * 1000;

export function backoff(attempts: number): number {
  return BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1] ?? BACKOFF_MS[0]!;
}

export const isOpen = (i: OutboxItem): boolean => i.state === 'waiting' || i.state === 'sent';

/** Photos still to upload: the event is not refused and some slot waits. Such an item is kept (prune) until they are done. */
export const hasPendingPhotos = (i: OutboxItem): boolean => i.state !== 'rejected' && (i.photos ?? []).some((p) => p.state === 'waiting');

/** Photo slots due now: their event is in the stream (sent, or already decided by ingest), and their time has come. */
export function photosDue(items: readonly OutboxItem[], now: number): { id: string; n: number }[] {
  const out: { id: string; n: number }[] = [];
  for (const i of items) {
    if (i.state === 'waiting' || i.state === 'rejected') continue;
    for (const p of i.photos ?? []) if (p.state === 'waiting' && p.nextTryAt <= now) out.push({ id: i.event.id, n: p.n });
  }
  return out;
}

function updatePhoto(items: readonly OutboxItem[], id: string, n: number, fn: (p: OutboxPhoto) => OutboxPhoto): OutboxItem[] {
  return items.map((i) =>
    i.event.id === id && i.photos ? { ...i, photos: i.photos.map((p) => (p.n === n && p.state === 'waiting' ? fn(p) : p)) } : i,
  );
}

/** The server stored the photo (201) or already had the same bytes (200). */
export const markPhotoUploaded = (items: readonly OutboxItem[], id: string, n: number): OutboxItem[] =>
  updatePhoto(items, id, n, (p) => ({ ...p, state: 'uploaded', code: undefined, message: undefined }));

/** Refused for good (4xx naming the photo): shown with the reason, never sent again. */
export const markPhotoRefused = (items: readonly OutboxItem[], id: string, n: number, code: string, message: string): OutboxItem[] =>
  updatePhoto(items, id, n, (p) => ({ ...p, state: 'refused', code, message }));

/** Not reached (offline, 5xx, 429): the same slot goes again later. */
export const markPhotoUnreachable = (items: readonly OutboxItem[], id: string, n: number, now: number): OutboxItem[] =>
  updatePhoto(items, id, n, (p) => ({ ...p, attempts: p.attempts + 1, nextTryAt: now + backoff(p.attempts + 1) }));

/** A refused report's waiting photos are dropped: evidence of nothing stored. */
export function dropPhotosOfRejected(items: readonly OutboxItem[]): OutboxItem[] {
  if (!items.some((i) => i.state === 'rejected' && i.photos?.some((p) => p.state === 'waiting'))) return items as OutboxItem[];
  return items.map((i) =>
    i.state === 'rejected' && i.photos?.some((p) => p.state === 'waiting')
      ? { ...i, photos: i.photos.map((p) => (p.state === 'waiting' ? { ...p, state: 'dropped' as const } : p)) }
      : i,
  );
}

/** Storage keys of photo bytes still needed (the rest may be deleted from IndexedDB). */
export function neededPhotoKeys(items: readonly OutboxItem[]): Set<string> {
  const keys = new Set<string>();
  for (const i of items)
    if (hasPendingPhotos(i))
      for (const p of i.photos!)
        if (p.state === 'waiting') {
          keys.add(photoKey(i.event.id, p.n));
          if (p.thumb) keys.add(thumbKey(i.event.id, p.n));
        }
  return keys;
}
export const photoKey = (eventId: string, n: number): string => `${eventId}/${n}`;
/** Where a photo's thumbnail waits (issue 18 follow-up): lists load it instead of the photo. */
export const thumbKey = (eventId: string, n: number): string => `${eventId}/${n}/thumb`;

/** Adds new items; an id already held keeps its existing item (a double tap, a re-upload). */
export function enqueue(items: readonly OutboxItem[], fresh: readonly OutboxItem[]): OutboxItem[] {
  const have = new Set(items.map((i) => i.event.id));
  const out = [...items];
  for (const f of fresh) {
    if (have.has(f.event.id)) continue;
    have.add(f.event.id);
    out.push(f);
  }
  return out;
}

/** The next chunk to send: waiting items whose time has come, oldest first. */
export function dueForSending(items: readonly OutboxItem[], now: number, max = SEND_CHUNK): OutboxItem[] {
  return items.filter((i) => i.state === 'waiting' && i.nextTryAt <= now).slice(0, max);
}

function update(
  items: readonly OutboxItem[],
  ids: ReadonlySet<string>,
  fn: (i: OutboxItem) => OutboxItem,
): OutboxItem[] {
  return items.map((i) => (ids.has(i.event.id) ? fn(i) : i));
}

/** The stream acknowledged these: now they wait for ingest's receipt. */
export function markSent(
  items: readonly OutboxItem[],
  accepted: readonly { id: string; duplicate?: boolean }[],
  now: number,
): OutboxItem[] {
  const dup = new Map(accepted.map((a) => [a.id, a.duplicate === true]));
  // A receipt can overtake the 202 (ingest is fast): never move a decided item back.
  return update(items, new Set(dup.keys()), (i) =>
    i.state === 'waiting'
      ? { ...i, state: 'sent', sentAt: now, lastError: undefined, ...(dup.get(i.event.id) ? { seenBefore: true } : {}) }
      : i,
  );
}

/** The server could not be reached (or answered 5xx/429): the same events go again later. */
export function markUnreachable(
  items: readonly OutboxItem[],
  ids: readonly string[],
  now: number,
  why: string,
): OutboxItem[] {
  return update(items, new Set(ids), (i) =>
    i.state === 'waiting'
      ? { ...i, attempts: i.attempts + 1, nextTryAt: now + backoff(i.attempts + 1), lastError: why }
      : i,
  );
}

export interface DoorError {
  index: number;
  id: string | null;
  code: string;
  message: string;
}

/**
 * The door refused a request (400/403): it is all-or-nothing, so nothing of it was
 * published. The events it names are rejected; the others go again at once without them.
 * A refusal naming no event (e.g. the body as a whole) rejects the whole chunk: sending it
 * again would be refused again.
 */
export function markRefused(
  items: readonly OutboxItem[],
  sentIds: readonly string[],
  errors: readonly DoorError[],
  whole: { code: string; message: string },
  now: number,
): OutboxItem[] {
  const named = new Map<string, DoorError>();
  for (const e of errors) {
    const id = e.id ?? sentIds[e.index];
    if (id) named.set(id, e);
  }
  const sent = new Set(sentIds);
  return items.map((i) => {
    if (!sent.has(i.event.id) || i.state !== 'waiting') return i;
    const e = named.size > 0 ? named.get(i.event.id) : whole;
    if (!e) return { ...i, nextTryAt: now };
    return { ...i, state: 'rejected', where: 'door', code: e.code, message: e.message, decidedAt: now };
  });
}

/** What ingest decided (live receipt or the REST fallback). Unknown ids are ignored. */
export function applyReceipts(items: readonly OutboxItem[], receipts: readonly Receipt[], now: number): OutboxItem[] {
  const by = new Map(receipts.map((r) => [r.eventId, r]));
  if (by.size === 0) return items as OutboxItem[];
  return items.map((i) => {
    const r = by.get(i.event.id);
    // A receipt for a still-waiting item is real too: a send whose 202 was lost on the way back.
    if (!r || !isOpen(i)) return i;
    if (r.outcome === 'rejected')
      return {
        ...i,
        state: 'rejected',
        where: 'ingest',
        code: r.code ?? 'rejected',
        message: r.message ?? '',
        decidedAt: now,
      };
    // JetStream dropped a resend inside its window, so no new receipt came: the stored original is "counted" over REST.
    const state = r.outcome === 'counted' && i.seenBefore ? 'duplicate' : r.outcome;
    return { ...i, state, decidedAt: now, lastError: undefined };
  });
}

/**
 * Forgets decided items: all of the last hour are kept, older ones up to KEEP_DECIDED and
 * at most a week. Open ones are never dropped.
 */
export function prune(items: readonly OutboxItem[], now: number): OutboxItem[] {
  const age = (i: OutboxItem): number => now - (i.decidedAt ?? i.createdAt);
  const decided = items.filter((i) => !isOpen(i) && age(i) < KEEP_DECIDED_MS);
  const recent = decided.filter((i) => age(i) < KEEP_ALL_DECIDED_MS);
  const older = decided
    .filter((i) => age(i) >= KEEP_ALL_DECIDED_MS)
    .sort((a, b) => (b.decidedAt ?? 0) - (a.decidedAt ?? 0))
    .slice(0, Math.max(0, KEEP_DECIDED - recent.length));
  const keep = new Set([...recent, ...older].map((i) => i.event.id));
  return items.filter((i) => isOpen(i) || hasPendingPhotos(i) || keep.has(i.event.id));
}

export interface OutboxCounts {
  waiting: number;
  sent: number;
  /** Counted, duplicates included. */
  counted: number;
  /** Of those counted, how many the server already had (a re-upload, a resend). */
  duplicate: number;
  rejected: number;
  /** Photo slots still to upload (of reports not refused). */
  photosWaiting: number;
}

export function counts(items: readonly OutboxItem[], batch?: string): OutboxCounts {
  const c: OutboxCounts = { waiting: 0, sent: 0, counted: 0, duplicate: 0, rejected: 0, photosWaiting: 0 };
  for (const i of items) {
    if (batch !== undefined && i.batch !== batch) continue;
    if (hasPendingPhotos(i)) c.photosWaiting += i.photos!.filter((p) => p.state === 'waiting').length;
    if (i.state === 'waiting') c.waiting++;
    else if (i.state === 'sent') c.sent++;
    else if (i.state === 'rejected') c.rejected++;
    else {
      c.counted++;
      if (i.state === 'duplicate') c.duplicate++;
    }
  }
  return c;
}

/** Ids of sent items old enough that their live receipt may have been missed: asked over REST. */
export function awaitingReceipt(items: readonly OutboxItem[], now: number, graceMs: number): string[] {
  return items.filter((i) => i.state === 'sent' && now - (i.sentAt ?? 0) >= graceMs).map((i) => i.event.id);
}

/** Parses what was stored; anything unreadable is dropped rather than crashing the page. */
export function parseStored(raw: string | null): OutboxItem[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    if (!Array.isArray(v)) return [];
    return v.filter(
      (i): i is OutboxItem =>
        !!i &&
        typeof i === 'object' &&
        typeof (i as OutboxItem).event?.id === 'string' &&
        typeof (i as OutboxItem).state === 'string',
    );
  } catch {
    return [];
  }
}
