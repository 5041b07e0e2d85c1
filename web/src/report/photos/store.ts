import { createStore, del, get, keys, set, type UseStore } from 'idb-keyval';

/**
 * Photo bytes waiting in the outbox. IndexedDB, not localStorage: a photo is a few hundred
 * KB and localStorage holds ~5 MB of strings in all; IndexedDB stores Blobs as they are,
 * within the site's much larger quota, and survives a closed tab like the outbox does.
 * One database per user (the outbox is per user too); keys `eventId/n` (logic.photoKey).
 */
const stores = new Map<string, UseStore>();
function storeOf(userId: string): UseStore {
  let s = stores.get(userId);
  if (!s) {
    s = createStore(`luoshi-photos-${userId}`, 'photos');
    stores.set(userId, s);
  }
  return s;
}

export const photoBytes = {
  put: (userId: string, key: string, blob: Blob): Promise<void> => set(key, blob, storeOf(userId)),
  get: (userId: string, key: string): Promise<Blob | undefined> => get<Blob>(key, storeOf(userId)),
  del: (userId: string, key: string): Promise<void> => del(key, storeOf(userId)),
  /** Deletes every stored photo not in `needed` (uploaded, refused, or of a dropped report). */
  async keepOnly(userId: string, needed: ReadonlySet<string>): Promise<void> {
    const store = storeOf(userId);
    for (const k of await keys(store)) if (typeof k === 'string' && !needed.has(k)) await del(k, store);
  },
};
