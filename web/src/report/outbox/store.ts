import { MAX_RECEIPT_IDS, type ReceiptsResponse, type RoomRef } from '@luoshi/shared';
import { ApiError, request } from '../../app/http';
import { live } from '../../live/socket';
import {
  applyReceipts,
  awaitingReceipt,
  dueForSending,
  enqueue,
  isOpen,
  markRefused,
  markSent,
  markUnreachable,
  parseStored,
  prune,
  type DoorError,
  type OutboxItem,
} from './logic';

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
  items = prune(next, Date.now());
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
  const waiting = items.filter((i) => i.state === 'waiting');
  if (waiting.length === 0) return;
  const next = Math.min(...waiting.map((i) => i.nextTryAt));
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
}

/** Try now (a new report, back online, socket reconnected): waiting items are due at once. */
function kick(): void {
  if (!userId) return;
  const now = Date.now();
  if (items.some((i) => i.state === 'waiting' && i.nextTryAt > now)) {
    items = items.map((i) => (i.state === 'waiting' ? { ...i, nextTryAt: now } : i));
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
