import { describe, expect, it } from 'vitest';
import type { Receipt } from '@luoshi/shared';
import {
  applyReceipts,
  backoff,
  counts,
  dropPhotosOfRejected,
  dueForSending,
  hasPendingPhotos,
  markPhotoRefused,
  markPhotoUnreachable,
  markPhotoUploaded,
  neededPhotoKeys,
  photoKey,
  photosDue,
  thumbKey,
  enqueue,
  markRefused,
  markSent,
  markUnreachable,
  parseStored,
  prune,
  KEEP_ALL_DECIDED_MS,
  KEEP_DECIDED,
  KEEP_DECIDED_MS,
  type OutboxItem,
  type OutboxPhoto,
} from './logic';

const item = (id: string, over: Partial<OutboxItem> = {}): OutboxItem => ({
  event: { id, target: 'T1', kind: 'increment', value: 1, occurredAt: '2026-11-20T10:00:00+08:00' },
  ownerUnit: 'U1',
  title: 't',
  uom: '人',
  origin: 'form',
  state: 'waiting',
  createdAt: 0,
  attempts: 0,
  nextTryAt: 0,
  ...over,
});
const receipt = (eventId: string, outcome: Receipt['outcome'], code: string | null = null): Receipt => ({
  eventId,
  target: 'T1',
  ownerUnit: 'U1',
  outcome,
  code,
  message: code ? `msg ${code}` : null,
  at: '',
});

describe('outbox transitions', () => {
  it('keeps the first item for an id (double tap, re-upload)', () => {
    const a = enqueue([], [item('a', { title: 'first' })]);
    const b = enqueue(a, [item('a', { title: 'second' }), item('b')]);
    expect(b.map((i) => [i.event.id, i.title])).toEqual([
      ['a', 'first'],
      ['b', 't'],
    ]);
  });

  it('sends only waiting items whose time has come, oldest first, in chunks', () => {
    const items = [item('a', { nextTryAt: 50 }), item('b'), item('c', { state: 'sent' }), item('d')];
    expect(dueForSending(items, 10).map((i) => i.event.id)).toEqual(['b', 'd']);
    expect(dueForSending(items, 60, 2).map((i) => i.event.id)).toEqual(['a', 'b']);
  });

  it('unreachable: same item, later, with growing backoff', () => {
    let items = [item('a')];
    items = markUnreachable(items, ['a'], 1000, 'network');
    expect(items[0]).toMatchObject({
      state: 'waiting',
      attempts: 1,
      nextTryAt: 1000 + backoff(1),
      lastError: 'network',
    });
    items = markUnreachable(items, ['a'], 5000, 'network');
    expect(items[0]!.nextTryAt).toBe(5000 + backoff(2));
    expect(backoff(2)).toBeGreaterThan(backoff(1));
    expect(backoff(99)).toBe(30_000);
  });

  it('a receipt that overtook the 202 is not undone by it', () => {
    let items = applyReceipts([item('a')], [receipt('a', 'counted')], 5);
    items = markSent(items, [{ id: 'a' }], 6);
    expect(items[0]!.state).toBe('counted');
  });

  it('a resend the stream already had is a duplicate once the stored original is confirmed', () => {
    let items = markSent(
      [item('a'), item('b')],
      [
        { id: 'a', duplicate: true },
        { id: 'b', duplicate: false },
      ],
      1,
    );
    expect(items.map((i) => i.state)).toEqual(['sent', 'sent']);
    items = applyReceipts(items, [receipt('a', 'counted'), receipt('b', 'counted')], 2);
    expect(items.map((i) => i.state)).toEqual(['duplicate', 'counted']);
  });

  it('door refusal rejects the named events and sends the rest again at once', () => {
    const items = [item('a', { nextTryAt: 0 }), item('b'), item('c')];
    const out = markRefused(
      items,
      ['a', 'b', 'c'],
      [{ index: 1, id: 'b', code: 'out_of_period', message: 'x' }],
      { code: 'out_of_period', message: 'x' },
      100,
    );
    expect(out.map((i) => i.state)).toEqual(['waiting', 'rejected', 'waiting']);
    expect(out[1]).toMatchObject({ where: 'door', code: 'out_of_period', decidedAt: 100 });
    expect(out[0]!.nextTryAt).toBe(100);
  });

  it('door refusal without per-event errors rejects the whole chunk (resending would be refused again)', () => {
    const out = markRefused([item('a'), item('b')], ['a', 'b'], [], { code: 'forbidden', message: 'no' }, 1);
    expect(out.map((i) => [i.state, i.code])).toEqual([
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
    ]);
  });

  it('receipts decide sent items: counted, duplicate, rejected by ingest', () => {
    const items = [
      item('a', { state: 'sent' }),
      item('b', { state: 'sent' }),
      item('c', { state: 'sent' }),
      item('d', { state: 'sent' }),
    ];
    const out = applyReceipts(
      items,
      [receipt('a', 'counted'), receipt('b', 'duplicate'), receipt('c', 'rejected', 'unknown_event')],
      9,
    );
    expect(out.map((i) => i.state)).toEqual(['counted', 'duplicate', 'rejected', 'sent']);
    expect(out[2]).toMatchObject({ where: 'ingest', code: 'unknown_event', message: 'msg unknown_event' });
    // A decided item does not change again (a late duplicate receipt after counted).
    expect(applyReceipts(out, [receipt('a', 'rejected', 'x')], 10)[0]!.state).toBe('counted');
  });

  it('keeps every item decided in the last hour (an upload in progress), older ones up to the cap', () => {
    const now = 10 * KEEP_ALL_DECIDED_MS;
    const recent = Array.from({ length: KEEP_DECIDED + 50 }, (_, n) =>
      item(`r${n}`, { state: 'counted', decidedAt: now - 1000 }),
    );
    const old = [item('old', { state: 'counted', decidedAt: now - 2 * KEEP_ALL_DECIDED_MS })];
    expect(prune([...old, ...recent], now)).toHaveLength(KEEP_DECIDED + 50);
    expect(prune([...old, ...recent.slice(0, 10)], now).map((i) => i.event.id)).toContain('old');
  });

  it('prunes decided items after a week but never an open one', () => {
    const now = KEEP_DECIDED_MS * 3;
    const items = [
      item('old', { state: 'counted', decidedAt: 0 }),
      item('new', { state: 'counted', decidedAt: now - 1 }),
      item('open', { createdAt: 0 }),
    ];
    expect(prune(items, now).map((i) => i.event.id)).toEqual(['new', 'open']);
  });

  it('counts per state, optionally for one upload', () => {
    const items = [
      item('a'),
      item('b', { state: 'sent', batch: 'f' }),
      item('c', { state: 'duplicate', batch: 'f' }),
      item('d', { state: 'rejected' }),
    ];
    expect(counts(items)).toEqual({ waiting: 1, sent: 1, counted: 1, duplicate: 1, rejected: 1, photosWaiting: 0 });
    expect(counts(items, 'f')).toEqual({ waiting: 0, sent: 1, counted: 1, duplicate: 1, rejected: 0, photosWaiting: 0 });
  });

  it('reads back what it stored and survives garbage', () => {
    expect(parseStored(JSON.stringify([item('a')]))).toHaveLength(1);
    expect(parseStored('not json')).toEqual([]);
    expect(parseStored('{"a":1}')).toEqual([]);
    expect(parseStored(JSON.stringify([{ nope: 1 }, item('b')])).map((i) => i.event.id)).toEqual(['b']);
  });
});

describe('outbox photos (issue 18.7)', () => {
  const photo = (n: number, over: Partial<OutboxPhoto> = {}): OutboxPhoto => ({ n, size: 200_000, state: 'waiting', attempts: 0, nextTryAt: 0, ...over });
  const withPhotos = (id: string, over: Partial<OutboxItem> = {}) => item(id, { photos: [photo(1), photo(2)], ...over });

  it('uploads photos only once the stream has their event, oldest report first', () => {
    const items = [withPhotos('a'), withPhotos('b', { state: 'sent' }), withPhotos('c', { state: 'counted' })];
    expect(photosDue(items, 0)).toEqual([
      { id: 'b', n: 1 },
      { id: 'b', n: 2 },
      { id: 'c', n: 1 },
      { id: 'c', n: 2 },
    ]);
    // The event goes first; after its 202 its photos are due.
    expect(photosDue(markSent(items, [{ id: 'a' }], 5), 5).filter((d) => d.id === 'a')).toEqual([
      { id: 'a', n: 1 },
      { id: 'a', n: 2 },
    ]);
  });

  it('moves a slot to uploaded, refused (with the reason) or back off when unreachable', () => {
    let items = [withPhotos('a', { state: 'sent' })];
    items = markPhotoUploaded(items, 'a', 1);
    items = markPhotoUnreachable(items, 'a', 2, 1_000);
    expect(items[0]!.photos).toEqual([photo(1, { state: 'uploaded', code: undefined, message: undefined }), photo(2, { attempts: 1, nextTryAt: 1_000 + backoff(1) })]);
    expect(photosDue(items, 1_000)).toEqual([]);
    expect(photosDue(items, 1_000 + backoff(1))).toEqual([{ id: 'a', n: 2 }]);
    items = markPhotoRefused(items, 'a', 2, 'photo_too_large', 'too big');
    expect(items[0]!.photos![1]).toMatchObject({ state: 'refused', code: 'photo_too_large', message: 'too big' });
    // Decided slots do not move again.
    expect(markPhotoUploaded(items, 'a', 2)[0]!.photos![1]!.state).toBe('refused');
    expect(photosDue(items, Infinity)).toEqual([]);
  });

  it('counts waiting photos, keeps a counted report until its photos are up, and names the bytes still needed', () => {
    const now = 10 * KEEP_DECIDED_MS;
    const old = withPhotos('a', { state: 'counted', decidedAt: 0 });
    expect(counts([old]).photosWaiting).toBe(2);
    expect(hasPendingPhotos(old)).toBe(true);
    expect(prune([old], now)).toHaveLength(1);
    expect([...neededPhotoKeys([old])]).toEqual([photoKey('a', 1), photoKey('a', 2)]);
    const done = markPhotoUploaded(markPhotoUploaded([old], 'a', 1), 'a', 2);
    expect(counts(done).photosWaiting).toBe(0);
    expect(neededPhotoKeys(done).size).toBe(0);
    expect(prune(done, now)).toHaveLength(0);
  });

  it('keeps a waiting photo\'s thumbnail bytes as long as the photo\'s, and under their own key', () => {
    const item = withPhotos('t', { state: 'sent', photos: [photo(1, { thumb: true }), photo(2)] });
    expect([...neededPhotoKeys([item])]).toEqual([photoKey('t', 1), thumbKey('t', 1), photoKey('t', 2)]);
    expect(thumbKey('t', 1)).not.toBe(photoKey('t', 1));
    expect(neededPhotoKeys(markPhotoUploaded([item], 't', 1)).has(thumbKey('t', 1))).toBe(false);
  });

  it('drops the waiting photos of a refused report (door or ingest): nothing to be evidence of', () => {
    const refused = markRefused([withPhotos('a')], ['a'], [], { code: 'out_of_period', message: 'm' }, 1);
    const dropped = dropPhotosOfRejected(refused);
    expect(dropped[0]!.photos!.map((p) => p.state)).toEqual(['dropped', 'dropped']);
    expect(photosDue(dropped, Infinity)).toEqual([]);
    expect(counts(dropped).photosWaiting).toBe(0);
    const ingest = applyReceipts([withPhotos('b', { state: 'sent', photos: [photo(1, { state: 'uploaded' }), photo(2)] })], [receipt('b', 'rejected', 'invalid_value')], 2);
    expect(dropPhotosOfRejected(ingest)[0]!.photos!.map((p) => p.state)).toEqual(['uploaded', 'dropped']);
    // Nothing rejected: the same array back.
    const calm = [withPhotos('c')];
    expect(dropPhotosOfRejected(calm)).toBe(calm);
  });
});
