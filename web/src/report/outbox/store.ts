import { MAX_RECEIPT_IDS, photoPath, thumbPath, type ReceiptsResponse, type RoomRef } from '@luoshi/shared';
import { ApiError, request } from '../../app/http';
import { live } from '../../live/socket';
import {
  applyReceipts,
  awaitingReceipt,
  dropPhotosOfRejected,
  dueForSending,
  enqueue,
  isOpen,
  markPhotoRefused,
  markPhotoUnreachable,
  markPhotoUploaded,
  markRefused,
  markSent,
  markUnreachable,
  neededPhotoKeys,
  parseStored,
  photoKey,
  photosDue,
  thumbKey,
  prune,
  type DoorError,
  type OutboxItem,
} from './logic';
import { photoBytes } from '../photos/store';

/**
 * The device's outbox (see logic.ts for the rules): kept in localStorage per user, so a
 * report made offline survives a closed tab or a flat battery, and sent by one pump per
 * page: at once, again with backoff while the server cannot be reached, at once when the
 * browser says it is back online or the live socket reconnects.
 */

const RECEIPT_GRACE_MS = 4_000;
const RECEIPT_POLL_MS = 5_000;

let userId: string | null = null;
let homeUnit: string | null = null;
let items: OutboxItem[] = [];
let storageFull = false;
const listeners = new Set<() => void>();
const storageKey = (u: string): string => `luoshi.outbox.${u}`;

function emit(): void {
  listeners.forEach((fn) => fn());
}

function save(): void {
  if (!userId) return;
  try {
    localStorage.setItem(storageKey(userId), JSON.stringify(items));
    storageFull = false;
  } catch {
    // Quota exceeded (a very large upload): the items still go from memory; the page says so.
    storageFull = true;
  }
}

function set(next: OutboxItem[]): void {
  items = prune(dropPhotosOfRejected(next), Date.now());
  save();
  syncRooms();
  emit();
  schedule();
}

// --- receipts: the live `reports:<unit>` rooms of units with open items, REST as the fallback

const retained = new Map<string, () => void>();

function syncRooms(): void {
  const want = new Set<string>();
  if (homeUnit) want.add(homeUnit);
  for (const i of items) if (isOpen(i)) want.add(i.ownerUnit);
  for (const [unit, release] of retained) {
    if (!want.has(unit)) {
      release();
      retained.delete(unit);
    }
  }
  for (const unit of want) {
    if (!retained.has(unit)) retained.set(unit, live.retain({ kind: 'reports', id: unit } satisfies RoomRef));
  }
}

async function pollReceipts(all = false): Promise<void> {
  const ids = awaitingReceipt(items, Date.now(), all ? 0 : RECEIPT_GRACE_MS);
  for (let i = 0; i < ids.length; i += MAX_RECEIPT_IDS) {
    const chunk = ids.slice(i, i + MAX_RECEIPT_IDS);
    try {
      const res = await request<ReceiptsResponse>(
        'GET',
        `/api/events/receipts?ids=${chunk.map(encodeURIComponent).join(',')}`,
      );
      const decided = res.receipts.filter((r) => r.outcome !== 'pending');
      if (decided.length > 0) set(applyReceipts(items, decided as Parameters<typeof applyReceipts>[1], Date.now()));
    } catch {
      return; // offline or server down: the next poll asks again
    }
  }
}

// --- sending

let pumping = false;
let timer: ReturnType<typeof setTimeout> | null = null;

function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  if (!userId) return;
  const times = items.filter((i) => i.state === 'waiting').map((i) => i.nextTryAt);
  for (const i of items)
    if (i.state !== 'waiting' && i.state !== 'rejected') for (const p of i.photos ?? []) if (p.state === 'waiting') times.push(p.nextTryAt);
  if (times.length === 0) return;
  const next = Math.min(...times);
  timer = setTimeout(() => void pump(), Math.max(0, next - Date.now()));
}

function describe(err: unknown): string {
  if (err instanceof ApiError) return `${err.status} ${err.code}`;
  return 'network';
}

async function pump(): Promise<void> {
  if (pumping || !userId) return;
  pumping = true;
  try {
    for (;;) {
      const chunk = dueForSending(items, Date.now());
      if (chunk.length === 0) break;
      const ids = chunk.map((i) => i.event.id);
      try {
        const res = await request<{ accepted: { id: string; duplicate: boolean }[] }>('POST', '/api/events', {
          body: chunk.map((i) => i.event),
        });
        set(markSent(items, res.accepted, Date.now()));
      } catch (err) {
        const now = Date.now();
        if (
          err instanceof ApiError &&
          (err.status === 400 || err.status === 403 || err.status === 413) &&
          err.code !== 'csrf'
        ) {
          const errors = Array.isArray(err.body?.errors) ? (err.body.errors as DoorError[]) : [];
          set(markRefused(items, ids, errors, { code: err.code, message: err.message }, now));
        } else {
          // 503 after a partial publish lists what the stream did take: those wait for receipts.
          const accepted =
            err instanceof ApiError && Array.isArray(err.body?.accepted)
              ? (err.body.accepted as { id: string; duplicate: boolean }[])
              : [];
          const sent = markSent(items, accepted, now);
          set(markUnreachable(sent, ids, now, describe(err)));
          break;
        }
      }
    }
  } finally {
    pumping = false;
  }
  void pumpPhotos();
}

// --- photos: one PUT per slot once the stream has the event (logic.photosDue)

let pumpingPhotos = false;

/** 4xx that name the photo itself (type, size, slot taken, scope): sending it again would be refused again. */
const photoRefused = (err: unknown): err is ApiError =>
  err instanceof ApiError && err.status >= 400 && err.status < 500 && ![401, 408, 429].includes(err.status) && err.code !== 'csrf';

async function pumpPhotos(): Promise<void> {
  if (pumpingPhotos || !userId) return;
  pumpingPhotos = true;
  const user = userId;
  try {
    for (;;) {
      const next = photosDue(items, Date.now())[0];
      if (!next || userId !== user) break;
      const { id, n } = next;
      const item = items.find((i) => i.event.id === id)!;
      const key = photoKey(id, n);
      const blob = await photoBytes.get(user, key).catch(() => undefined);
      if (userId !== user) break;
      if (!blob) {
        set(markPhotoRefused(items, id, n, 'photo_missing', 'the photo is no longer stored on this device'));
        continue;
      }
      try {
        await request('PUT', photoPath(item.event.target, id, n), { raw: blob });
        // Then its thumbnail: a network failure retries both (the photo again is a harmless 200);
        // a refused or lost thumbnail is skipped: lists then load the photo itself.
        if (item.photos?.find((p) => p.n === n)?.thumb) {
          const thumb = await photoBytes.get(user, thumbKey(id, n)).catch(() => undefined);
          if (thumb)
            await request('PUT', thumbPath(item.event.target, id, n), { raw: thumb }).catch((err: unknown) => {
              if (!photoRefused(err)) throw err;
            });
        }
        set(markPhotoUploaded(items, id, n));
        void photoBytes.del(user, key).catch(() => undefined);
        void photoBytes.del(user, thumbKey(id, n)).catch(() => undefined);
      } catch (err) {
        if (photoRefused(err)) {
          set(markPhotoRefused(items, id, n, err.code, err.message));
          void photoBytes.del(user, key).catch(() => undefined);
          void photoBytes.del(user, thumbKey(id, n)).catch(() => undefined);
        } else {
          set(markPhotoUnreachable(items, id, n, Date.now()));
          break;
        }
      }
    }
  } finally {
    pumpingPhotos = false;
  }
}

/** Try now (a new report, back online, socket reconnected): waiting items are due at once. */
function kick(): void {
  if (!userId) return;
  const now = Date.now();
  if (items.some((i) => i.state === 'waiting' && i.nextTryAt > now)) {
    items = items.map((i) => (i.state === 'waiting' ? { ...i, nextTryAt: now } : i));
  }
  if (items.some((i) => i.photos?.some((p) => p.state === 'waiting' && p.nextTryAt > now))) {
    items = items.map((i) => (i.photos ? { ...i, photos: i.photos.map((p) => (p.state === 'waiting' ? { ...p, nextTryAt: now } : p)) } : i));
  }
  void pump();
  void pollReceipts(true);
}

// --- lifecycle

let stopFns: (() => void)[] = [];

export const outbox = {
  /** Loads this user's outbox and starts sending; called once a reporter is signed in. */
  start(user: { id: string; unitCode: string | null; role: string }): void {
    if (userId === user.id) return;
    outbox.stop();
    userId = user.id;
    homeUnit = user.role === 'staff' ? user.unitCode : null;
    items = prune(parseStored(localStorage.getItem(storageKey(user.id))), Date.now());
    const onOnline = (): void => kick();
    const onStorage = (e: StorageEvent): void => {
      // Another tab of the same user changed the outbox: take its view (ids make double sends harmless).
      if (userId && e.key === storageKey(userId)) {
        items = parseStored(e.newValue);
        syncRooms();
        emit();
      }
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('storage', onStorage);
    live.socket.on('connect', kick);
    const offReceipts = live.onReceipts((r) => set(applyReceipts(items, r, Date.now())));
    const poll = setInterval(() => void pollReceipts(), RECEIPT_POLL_MS);
    stopFns = [
      () => window.removeEventListener('online', onOnline),
      () => window.removeEventListener('storage', onStorage),
      () => live.socket.off('connect', kick),
      offReceipts,
      () => clearInterval(poll),
    ];
    syncRooms();
    emit();
    kick();
    // Bytes of photos no longer waiting (e.g. of a refused report) from an earlier visit; no form is open yet to add new ones.
    void photoBytes.keepOnly(user.id, neededPhotoKeys(items)).catch(() => undefined);
  },
  /** Signed out: stop sending (the items stay on the device for this user's next sign-in). */
  stop(): void {
    stopFns.forEach((fn) => fn());
    stopFns = [];
    for (const release of retained.values()) release();
    retained.clear();
    if (timer) clearTimeout(timer);
    timer = null;
    userId = null;
    homeUnit = null;
    items = [];
    emit();
  },
  add(fresh: OutboxItem[]): void {
    set(enqueue(items, fresh));
    kick();
  },
  /**
   * One report with photos: the bytes go to IndexedDB first, then the report to the outbox,
   * so no item ever names a photo that is not stored. Throws when the device cannot store
   * them (quota, private mode): the form says so and nothing is added.
   */
  async addWithPhotos(item: OutboxItem, picked: readonly { blob: Blob; thumb: Blob | null }[]): Promise<void> {
    const user = userId;
    if (!user) throw new Error('outbox not started');
    await Promise.all(
      picked.flatMap((p, k) => [
        photoBytes.put(user, photoKey(item.event.id, k + 1), p.blob),
        ...(p.thumb ? [photoBytes.put(user, thumbKey(item.event.id, k + 1), p.thumb)] : []),
      ]),
    );
    const photos = picked.map((p, k) => ({ n: k + 1, size: p.blob.size, state: 'waiting' as const, attempts: 0, nextTryAt: 0, ...(p.thumb ? { thumb: true } : {}) }));
    outbox.add([{ ...item, photos }]);
  },
  /** Forget a decided item (the clerk read the rejection and will report again). */
  dismiss(id: string): void {
    set(items.filter((i) => i.event.id !== id || isOpen(i)));
  },
  items: (): readonly OutboxItem[] => items,
  storageFull: (): boolean => storageFull,
  subscribe(fn: () => void): () => void {
    listeners.add(fn);
    return () => void listeners.delete(fn);
  },
};
