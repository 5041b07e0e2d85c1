import { createHash } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import http from 'node:http';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedData } from '@luoshi/seeds';
import { PHOTO_MAX_BYTES, progressSubject, THUMB_MAX_BYTES, type EventLogEntry, type PhotoList, type PhotoPutResponse, type ProgressEvent, type ReportHistoryResponse, type ThumbPutResponse } from '@luoshi/shared';
import { carriesLocation, fakeJpeg, fakePng, fakeWebp } from '../../server/src/photos/fixtures';
import { judgeImage, judgeThumb } from '../../server/src/photos/image';
import { lockEventPhotos } from '../../server/src/photos/repository';
import { issueToken, sessionHeaders, type Session } from '../support/auth';
import { testSeed } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { waitFor } from '../support/wait';
import { startStack, type Stack } from '../support/stack';

/**
 * Photo evidence (issue 18 item 7): upload, idempotence, limits, what the stored bytes
 * keep, who reads them, and the attacks a clerk's phone or a script could try. Real
 * PostgreSQL, nats-server and ingest (photos are checked against stored events).
 *
 * Units: T-JD ⊃ T-JD-A (TP-JOBS, TP-JOBS2), T-JD-B (TP-AREA); T-JD2 ⊃ T-JD2-C (TP2-ROAD).
 */
const seed: SeedData = {
  units: [...testSeed.units, { code: 'T-JD2', name: '另一街道', kind: 'subdistrict', parentCode: 'T' }, { code: 'T-JD2-C', name: '另一街道科室', kind: 'department', parentCode: 'T-JD2' }],
  plans: [
    { ...testSeed.plans[0]!, targets: [...testSeed.plans[0]!.targets, { ...testSeed.plans[0]!.targets[0]!, code: 'TP-JOBS2', title: '开发公益岗位 20 个', uom: '个', targetValue: 20 }] },
    {
      plan: { id: 'TP2-2026', title: '另一街道2026年工作计划', ownerUnit: 'T-JD2', periodStart: '2026-01-01', periodEnd: '2026-12-31', status: 'published' },
      sections: [],
      targets: [{ ...testSeed.plans[0]!.targets[0]!, code: 'TP2-ROAD', planId: 'TP2-2026', sectionId: null, ownerUnit: 'T-JD2-C', title: '道路整治 10 条', uom: '条', targetValue: 10 }],
    },
  ],
};

let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;
const s: Record<'staffA' | 'staffB' | 'leader' | 'leader2' | 'admin', Session> = {} as never;
let screenToken: string;

beforeAll(async () => {
  stack = await startStack({ name: 'test-photos', seed, accounts: true, worker: true, listen: true });
  ({ tdb, app, url } = stack);
  s.staffA = await stack.login('staff-t-jd-a');
  s.staffB = await stack.login('staff-t-jd-b');
  s.leader = await stack.login('leader-t-jd');
  s.leader2 = await stack.login('leader-t-jd2');
  s.admin = await stack.login('admin');
  screenToken = await issueToken(tdb.db, { role: 'screen', screenId: 'wall-1' });
});

afterAll(() => stack?.stop());

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}-${Date.now()}`;
const path = (target: string, id: string, n?: number | string) => `/api/targets/${target}/events/${id}/photos${n === undefined ? '' : `/${n}`}`;
const put = (who: Session, target: string, id: string, n: number | string, body: Buffer, type = 'image/jpeg', extra: Partial<InjectOptions> = {}) =>
  app.inject({ method: 'PUT', url: path(target, id, n), payload: body, headers: { ...sessionHeaders(who), 'content-type': type }, ...extra });
const get = (who: Session | string | null, url: string, headers: Record<string, string> = {}) =>
  app.inject({ url, headers: { ...(who === null ? {} : typeof who === 'string' ? { authorization: `Bearer ${who}` } : sessionHeaders(who)), ...headers } });
const report = async (who: Session, event: ProgressEvent) => {
  const res = await app.inject({ method: 'POST', url: '/api/events', payload: event, headers: sessionHeaders(who) });
  expect(res.statusCode, res.body).toBe(202);
  await waitFor(`event ${event.id} stored`, async () => (await tdb.db.selectFrom('events').select('id').where('id', '=', event.id).executeTakeFirst()) ?? undefined);
};
const jobs = (id: string, target = 'TP-JOBS'): ProgressEvent => ({ id, target, kind: 'increment', value: 1, occurredAt: stack.now().toISOString() });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('attaching photos', () => {
  it('stores a JPEG before its event arrives, without its Exif/GPS, serves it back safely, and lists it on the event', async () => {
    const id = nextId('ph');
    const raw = fakeJpeg({ width: 1600, height: 1200 });
    expect(carriesLocation(raw)).toBe(true);
    const res = await put(s.staffA, 'TP-JOBS', id, 1, raw);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<PhotoPutResponse>();
    expect(body).toMatchObject({ created: true, photo: { n: 1, mime: 'image/jpeg', width: 1600, height: 1200, uploader: 'staff-t-jd-a' } });
    expect(body.photo.size).toBeLessThan(raw.length);

    // What PostgreSQL holds carries no location.
    const row = await tdb.db.selectFrom('event_photos').selectAll().where('event_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ owner_unit: 'T-JD-A', target_code: 'TP-JOBS', n: 1, size: row.bytes.length, sha256: sha(row.bytes) });
    expect(carriesLocation(row.bytes)).toBe(false);

    const img = await get(s.staffA, path('TP-JOBS', id, 1));
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(img.headers['cache-control']).toBe('private, max-age=86400');
    expect(img.headers['content-security-policy']).toContain('sandbox');
    expect(img.headers.etag).toBe(`"${body.photo.sha256}"`);
    expect(carriesLocation(img.rawPayload)).toBe(false);
    expect(img.rawPayload.equals(row.bytes)).toBe(true);
    expect((await get(s.staffA, path('TP-JOBS', id, 1), { 'if-none-match': img.headers.etag as string })).statusCode).toBe(304);

    // The event arrives afterwards; its history line and the target's event log name the photo.
    await report(s.staffA, jobs(id));
    const hist = (await get(s.staffA, '/api/units/T-JD-A/reports')).json<ReportHistoryResponse>();
    expect(hist.items.find((i) => i.eventId === id)?.photos).toEqual([1]);
    const log = (await get(s.leader, '/api/targets/TP-JOBS/events')).json<EventLogEntry[]>();
    expect(log.find((e) => e.id === id)?.photos).toEqual([1]);
    expect(log.filter((e) => e.id !== id).every((e) => e.photos.length === 0)).toBe(true);
  });

  it('is idempotent per slot: the same bytes again are 200 no-op, other bytes 409 photo_slot_taken', async () => {
    const id = nextId('ph-idem');
    const raw = fakeJpeg({ seed: 1 });
    expect((await put(s.staffA, 'TP-JOBS', id, 1, raw)).statusCode).toBe(201);
    const again = await put(s.staffA, 'TP-JOBS', id, 1, raw);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, photo: { n: 1 } });
    const other = await put(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ seed: 2 }));
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'photo_slot_taken', message: expect.stringContaining(id) });
    const rows = await tdb.db.selectFrom('event_photos').select('sha256').where('event_id', '=', id).execute();
    const kept = judgeImage(raw);
    expect(kept.ok && rows).toEqual([{ sha256: kept.ok ? sha(kept.bytes) : '' }]);
  });

  it('judges the type by the bytes: PNG and WebP under a wrong or missing Content-Type are stored as what they are', async () => {
    const id = nextId('ph-types');
    const png = await put(s.staffA, 'TP-JOBS', id, 1, fakePng({ width: 800, height: 600 }), 'image/jpeg');
    expect(png.statusCode).toBe(201);
    expect(png.json()).toMatchObject({ photo: { mime: 'image/png', width: 800, height: 600 } });
    const webp = await put(s.staffA, 'TP-JOBS', id, 2, fakeWebp(), 'application/octet-stream');
    expect(webp.statusCode).toBe(201);
    expect(webp.json()).toMatchObject({ photo: { mime: 'image/webp' } });
    const untyped = await app.inject({ method: 'PUT', url: path('TP-JOBS', id, 3), payload: fakeJpeg({ exif: false }), headers: sessionHeaders(s.staffA) });
    expect(untyped.statusCode, untyped.body).toBe(201);
    const garbled = await put(s.staffA, 'TP-JOBS', id, 4, fakeJpeg(), 'image/;;;');
    expect(garbled.statusCode).toBe(415);
    expect(garbled.json()).toMatchObject({ code: 'photo_type_unsupported' });
    const list = (await get(s.staffA, path('TP-JOBS', id))).json<PhotoList>();
    expect(list.photos.map((p) => [p.n, p.mime])).toEqual([
      [1, 'image/png'],
      [2, 'image/webp'],
      [3, 'image/jpeg'],
    ]);
    expect((await get(s.staffA, path('TP-JOBS', id, 2))).headers['content-type']).toBe('image/webp');
  });
});

describe('limits and forged uploads', () => {
  it.each([
    ['HTML declared as image/png', Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), 'image/png'],
    ['SVG with a script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml'],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1'), 'image/gif'],
    ['an empty body', Buffer.alloc(0), 'image/jpeg'],
    ['a truncated JPEG', fakeJpeg().subarray(0, 300), 'image/jpeg'],
  ])('refuses %s with 415 photo_type_unsupported and stores nothing', async (_, body, type) => {
    const id = nextId('ph-forged');
    const res = await put(s.staffA, 'TP-JOBS', id, 1, body, type);
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json()).toMatchObject({ code: 'photo_type_unsupported', message: expect.stringContaining('JPEG, PNG or WebP') });
    expect(await tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', id).execute()).toEqual([]);
  });

  it('refuses more than 1 MiB with 413 photo_too_large, and a picture over 4096 px a side', async () => {
    const big = Buffer.concat([fakeJpeg({ tail: '' }).subarray(0, -2), Buffer.alloc(PHOTO_MAX_BYTES, 1), Buffer.from([0xff, 0xd9])]);
    const res = await put(s.staffA, 'TP-JOBS', nextId('ph-big'), 1, big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'photo_too_large', message: expect.stringContaining('1048576') });
    const wide = await put(s.staffA, 'TP-JOBS', nextId('ph-wide'), 1, fakePng({ width: 5000, height: 100 }));
    expect(wide.statusCode).toBe(413);
    expect(wide.json()).toMatchObject({ code: 'photo_too_large', message: expect.stringContaining('5000') });
  });

  it('answers a huge declared Content-Length with 413 before reading the body', async () => {
    // The answer comes while the upload is unfinished (100 bytes of the promised 50 GiB, never ended):
    // a server that read or waited for the body would never answer, and the test would time out.
    const { status, body, uploadEnded } = await new Promise<{ status: number; body: string; uploadEnded: boolean }>((resolve, reject) => {
      const req = http.request(`${url}${path('TP-JOBS', nextId('ph-huge'), 1)}`, {
        method: 'PUT',
        headers: { ...sessionHeaders(s.staffA), 'content-type': 'image/jpeg', 'content-length': String(50 * 1024 ** 3) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          const uploadEnded = req.writableEnded;
          req.destroy(); // the promised rest never comes
          resolve({ status: res.statusCode ?? 0, body: text, uploadEnded });
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e)));
      req.write(fakeJpeg().subarray(0, 100)); // a few bytes of the promised 50 GiB, then nothing
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ code: 'photo_too_large' });
    expect(uploadEnded).toBe(false);
  });

  it('refuses a 5th photo (too_many_photos) and path tricks in :n and :id', async () => {
    const id = nextId('ph-five');
    for (const n of [1, 2, 3, 4]) expect((await put(s.staffA, 'TP-JOBS', id, n, fakeJpeg({ seed: n }))).statusCode).toBe(201);
    const fifth = await put(s.staffA, 'TP-JOBS', id, 5, fakeJpeg({ seed: 5 }));
    expect(fifth.statusCode).toBe(400);
    expect(fifth.json()).toMatchObject({ code: 'too_many_photos', message: expect.stringContaining('4') });
    expect((await get(s.staffA, path('TP-JOBS', id, 5))).json()).toMatchObject({ code: 'too_many_photos' });
    for (const n of ['0', '01', '-1', '1.0', '1e0', '%2e%2e', '..', '1%00', '1%2f', 'abc', '9999', '%201']) {
      const res = await put(s.staffA, 'TP-JOBS', id, n, fakeJpeg({ seed: 9 }));
      expect([400, 404], `:n = ${n}: ${res.body}`).toContain(res.statusCode);
      expect(res.json<{ code: string }>().code, `:n = ${n}`).toMatch(/^(invalid_request|not_found|too_many_photos)$/);
    }
    for (const bad of ['%2E%2E', '..', 'a%2Fb', 'a%20b', 'x'.repeat(129)]) {
      const res = await put(s.staffA, 'TP-JOBS', bad, 1, fakeJpeg({ seed: 9 }));
      expect([400, 404], `:id = ${bad}: ${res.body}`).toContain(res.statusCode);
    }
    expect((await tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', id).orderBy('n').execute()).map((r) => r.n)).toEqual([1, 2, 3, 4]);
    // The longest id an event may have (128 characters, colons written %3A) names photos too.
    const longest = 'a:'.repeat(64);
    expect((await put(s.staffA, 'TP-JOBS', encodeURIComponent(longest), 1, fakeJpeg())).statusCode).toBe(201);
    expect((await get(s.staffA, path('TP-JOBS', encodeURIComponent(longest)))).json<PhotoList>()).toMatchObject({ eventId: longest, photos: [{ n: 1 }] });
  });
});

describe('scope', () => {
  it("keeps staff to their own unit's targets; another unit's event id is another unit's namespace", async () => {
    const theirs = nextId('ph-b');
    await report(s.staffB, { id: theirs, target: 'TP-AREA', kind: 'reading', value: 1_960_000, occurredAt: stack.now().toISOString() });
    // Staff A cannot attach to B's target, nor to a target of another sub-district, nor can a leader attach at all.
    const cross = await put(s.staffA, 'TP-AREA', theirs, 1, fakeJpeg());
    expect(cross.statusCode).toBe(403);
    expect(cross.json()).toMatchObject({ code: 'forbidden', message: expect.stringContaining('T-JD-B') });
    expect((await put(s.staffA, 'TP2-ROAD', theirs, 1, fakeJpeg())).statusCode).toBe(403);
    expect((await put(s.leader, 'TP-JOBS', nextId('ph-l'), 1, fakeJpeg())).statusCode).toBe(403);
    expect((await put(s.staffA, 'NO-SUCH', nextId('ph-x'), 1, fakeJpeg())).statusCode).toBe(404);
    // The same id on A's own target is A's own event id: B's event and history stay untouched.
    expect((await put(s.staffA, 'TP-JOBS', theirs, 1, fakeJpeg())).statusCode).toBe(201);
    expect((await get(s.staffB, path('TP-AREA', theirs))).json<PhotoList>().photos).toEqual([]);
    const hist = (await get(s.staffB, '/api/units/T-JD-B/reports')).json<ReportHistoryResponse>();
    expect(hist.items.find((i) => i.eventId === theirs)?.photos).toEqual([]);
    // An admin attaches anywhere.
    expect((await put(s.admin, 'TP-AREA', theirs, 1, fakePng())).statusCode).toBe(201);
    expect((await get(s.staffB, path('TP-AREA', theirs))).json<PhotoList>().photos.map((p) => p.uploader)).toEqual(['admin']);
  });

  it('lets those who may read the target read its photos: not another unit, a leader elsewhere, a wall screen or nobody', async () => {
    const id = nextId('ph-read');
    expect((await put(s.staffA, 'TP-JOBS', id, 1, fakeJpeg())).statusCode).toBe(201);
    for (const [name, who, status] of [
      ['staff of the unit', s.staffA, 200],
      ['its leader', s.leader, 200],
      ['admin', s.admin, 200],
      ['staff of another unit', s.staffB, 403],
      ['a leader of another sub-district', s.leader2, 403],
      ['the wall screen of the plan', screenToken, 403],
      ['nobody', null, 401],
    ] as const) {
      for (const u of [path('TP-JOBS', id), path('TP-JOBS', id, 1)]) {
        const res = await get(who, u);
        expect(res.statusCode, `${u} as ${name}`).toBe(status);
        if (status !== 200) expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }
    }
    expect((await get(s.staffA, path('TP-JOBS', id, 2))).statusCode).toBe(404);
    expect((await get(s.staffA, path('TP-JOBS', 'never-sent', 1))).statusCode).toBe(404);
  });

  it('checks again on read: photos named for one target are not shown when the event turns out to be another target', async () => {
    const id = nextId('ph-mis');
    expect((await put(s.staffA, 'TP-JOBS', id, 1, fakeJpeg())).statusCode).toBe(201);
    await report(s.staffA, jobs(id, 'TP-JOBS2'));
    expect((await get(s.staffA, path('TP-JOBS', id))).json<PhotoList>().photos).toEqual([]);
    expect((await get(s.staffA, path('TP-JOBS', id, 1))).statusCode).toBe(404);
    const hist = (await get(s.staffA, '/api/units/T-JD-A/reports?target=TP-JOBS2')).json<ReportHistoryResponse>();
    expect(hist.items.find((i) => i.eventId === id)?.photos).toEqual([]);
    // Once the event is stored, attaching to it under another target is refused by name.
    const wrong = await put(s.staffA, 'TP-JOBS', id, 2, fakeJpeg({ seed: 3 }));
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json()).toMatchObject({ code: 'event_mismatch', message: expect.stringContaining('TP-JOBS2') });
    // The hidden photo does not hold its slot: the event's own target can use slot 1.
    expect((await put(s.staffA, 'TP-JOBS2', id, 1, fakeJpeg({ seed: 4 }))).statusCode).toBe(201);
    expect(await tdb.db.selectFrom('event_photos').select(['target_code', 'n']).where('event_id', '=', id).execute()).toEqual([{ target_code: 'TP-JOBS2', n: 1 }]);
    expect((await get(s.staffA, path('TP-JOBS2', id))).json<PhotoList>().photos.map((p) => p.n)).toEqual([1]);
  });

  it('needs the CSRF token for cookie uploads and audits each stored photo', async () => {
    const id = nextId('ph-csrf');
    const res = await app.inject({ method: 'PUT', url: path('TP-JOBS', id, 1), payload: fakeJpeg(), headers: { cookie: s.staffA.cookie, 'content-type': 'image/jpeg' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'csrf' });
    expect((await put(s.staffA, 'TP-JOBS', id, 1, fakeJpeg())).statusCode).toBe(201);
    const a = await tdb.db.selectFrom('audit_log').select(['action', 'subject']).where('subject', '=', `TP-JOBS/${id}/1`).execute();
    expect(a).toEqual([{ action: 'photos.put', subject: `TP-JOBS/${id}/1` }]);
  });
});

const thumbPath = (target: string, id: string, n: number | string) => `${path(target, id, n)}/thumb`;
const putThumb = (who: Session, target: string, id: string, n: number | string, body: Buffer, type = 'image/jpeg') =>
  app.inject({ method: 'PUT', url: thumbPath(target, id, n), payload: body, headers: { ...sessionHeaders(who), 'content-type': type } });
const del = (who: Session | string | null, target: string, id: string, n: number | string) =>
  app.inject({ method: 'DELETE', url: path(target, id, n), headers: who === null ? {} : typeof who === 'string' ? { authorization: `Bearer ${who}` } : sessionHeaders(who) });

describe('thumbnails', () => {
  it('stores a thumbnail beside the photo and serves it to lists, cached; the photo stays whole at …/:n', async () => {
    const id = nextId('th');
    const photo = fakeJpeg({ width: 1600, height: 1200, seed: 11 });
    const thumb = fakeJpeg({ width: 320, height: 240, seed: 12 });
    expect((await put(s.staffA, 'TP-JOBS', id, 1, photo)).statusCode).toBe(201);
    const res = await putThumb(s.staffA, 'TP-JOBS', id, 1, thumb);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<ThumbPutResponse>()).toEqual({ n: 1, mime: 'image/jpeg', width: 320, height: 240, size: expect.any(Number), created: true });
    // Retried after a lost answer: harmless; other bytes: the thumbnail does not change.
    expect((await putThumb(s.staffA, 'TP-JOBS', id, 1, thumb)).json()).toMatchObject({ created: false });
    const other = await putThumb(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ width: 320, height: 240, seed: 13 }));
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'photo_slot_taken' });

    const stored = judgeThumb(thumb);
    const t = await get(s.leader, thumbPath('TP-JOBS', id, 1));
    expect(t.statusCode).toBe(200);
    expect(stored.ok && t.rawPayload.equals(stored.bytes)).toBe(true);
    expect(carriesLocation(t.rawPayload)).toBe(false);
    expect(t.headers).toMatchObject({ 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=86400', 'x-content-type-options': 'nosniff', etag: `"${stored.ok ? sha(stored.bytes) : ''}"` });
    expect(t.headers['content-security-policy']).toContain('sandbox');
    expect((await get(s.leader, thumbPath('TP-JOBS', id, 1), { 'if-none-match': t.headers.etag as string })).statusCode).toBe(304);
    // The full photo is still the photo.
    const full = await get(s.leader, path('TP-JOBS', id, 1));
    const whole = judgeImage(photo);
    expect(whole.ok && full.rawPayload.equals(whole.bytes)).toBe(true);
    expect(full.rawPayload.equals(t.rawPayload)).toBe(false);
    expect((await get(s.leader, path('TP-JOBS', id))).json<PhotoList>().photos).toMatchObject([{ n: 1, thumb: true, width: 1600 }]);
  });

  it('serves the photo itself for a photo without a thumbnail, not cached for long (the thumbnail may follow)', async () => {
    const id = nextId('th-none');
    const photo = fakePng({ width: 800, height: 600 });
    expect((await put(s.staffA, 'TP-JOBS', id, 1, photo)).statusCode).toBe(201);
    expect((await get(s.staffA, path('TP-JOBS', id))).json<PhotoList>().photos).toMatchObject([{ n: 1, thumb: false }]);
    const t = await get(s.staffA, thumbPath('TP-JOBS', id, 1));
    const full = await get(s.staffA, path('TP-JOBS', id, 1));
    expect(t.statusCode).toBe(200);
    expect(t.headers['content-type']).toBe('image/png');
    expect(t.headers['cache-control']).toBe('private, no-cache');
    expect(t.headers.etag).toBe(full.headers.etag);
    expect(t.rawPayload.equals(full.rawPayload)).toBe(true);
    // Once the thumbnail arrives, the revalidation gets it.
    expect((await putThumb(s.staffA, 'TP-JOBS', id, 1, fakeWebp())).statusCode).toBe(201);
    const after = await get(s.staffA, thumbPath('TP-JOBS', id, 1), { 'if-none-match': t.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.headers['content-type']).toBe('image/webp');
  });

  it('refuses a thumbnail of the wrong type, too large in bytes or pixels, or for an empty slot, and stores nothing', async () => {
    const id = nextId('th-bad');
    expect((await put(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ seed: 21 }))).statusCode).toBe(201);
    const html = await putThumb(s.staffA, 'TP-JOBS', id, 1, Buffer.from('<!doctype html><script>alert(1)</script>'), 'image/jpeg');
    expect(html.statusCode).toBe(415);
    expect(html.json()).toMatchObject({ code: 'photo_type_unsupported' });
    const heavy = Buffer.concat([fakeJpeg({ width: 320, height: 240 }).subarray(0, -2), Buffer.alloc(THUMB_MAX_BYTES, 1), Buffer.from([0xff, 0xd9])]);
    const big = await putThumb(s.staffA, 'TP-JOBS', id, 1, heavy);
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'thumb_too_large', message: expect.stringContaining(String(THUMB_MAX_BYTES)) });
    const wide = await putThumb(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ width: 1600, height: 1200 }));
    expect(wide.statusCode).toBe(413);
    expect(wide.json()).toMatchObject({ code: 'thumb_too_large', message: expect.stringContaining('1600 × 1200') });
    const empty = await putThumb(s.staffA, 'TP-JOBS', id, 2, fakeJpeg({ width: 320, height: 240 }));
    expect(empty.statusCode).toBe(404);
    expect(empty.json()).toMatchObject({ code: 'not_found', message: expect.stringContaining('upload the photo first') });
    expect((await putThumb(s.staffA, 'TP-JOBS', id, 5, fakeJpeg({ width: 320, height: 240 }))).json()).toMatchObject({ code: 'too_many_photos' });
    const row = await tdb.db.selectFrom('event_photos').select(['thumb_sha256', 'thumb_bytes']).where('event_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ thumb_sha256: null, thumb_bytes: null });
  });

  it('keeps thumbnails in the photo route\'s scope: another unit neither attaches nor reads one', async () => {
    const id = nextId('th-scope');
    expect((await put(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ seed: 31 }))).statusCode).toBe(201);
    expect((await putThumb(s.staffB, 'TP-JOBS', id, 1, fakeJpeg({ width: 320, height: 240 }))).statusCode).toBe(403);
    expect((await putThumb(s.leader, 'TP-JOBS', id, 1, fakeJpeg({ width: 320, height: 240 }))).statusCode).toBe(403);
    expect((await putThumb(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ width: 320, height: 240 }))).statusCode).toBe(201);
    for (const [name, who, status] of [
      ['staff of the unit', s.staffA, 200],
      ['its leader', s.leader, 200],
      ['admin', s.admin, 200],
      ['staff of another unit', s.staffB, 403],
      ['a leader of another sub-district', s.leader2, 403],
      ['the wall screen', screenToken, 403],
      ['nobody', null, 401],
    ] as const) {
      const res = await get(who, thumbPath('TP-JOBS', id, 1));
      expect(res.statusCode, name).toBe(status);
    }
    // B's own target with A's event id is B's namespace: nothing there.
    expect((await get(s.staffB, thumbPath('TP-AREA', id, 1))).statusCode).toBe(404);
  });
});

describe('deleting a photo', () => {
  it('lets the uploader delete it (thumbnail too), audited; a repeated delete is 404 and the slot is free again', async () => {
    const id = nextId('del');
    const first = await put(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ seed: 41 }));
    expect((await putThumb(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ width: 320, height: 240, seed: 41 }))).statusCode).toBe(201);
    expect((await put(s.staffA, 'TP-JOBS', id, 2, fakeJpeg({ seed: 42 }))).statusCode).toBe(201);
    await report(s.staffA, jobs(id));
    expect((await put(s.admin, 'TP-JOBS', id, 3, fakeJpeg({ seed: 44 }))).statusCode).toBe(201);
    // The history says which photos each reader may delete: the clerk their own, an admin all, a leader none.
    const mayDelete = async (who: Session) => (await get(who, '/api/units/T-JD-A/reports')).json<ReportHistoryResponse>().items.find((i) => i.eventId === id)?.photosDeletable;
    expect(await mayDelete(s.staffA)).toEqual([1, 2]);
    expect(await mayDelete(s.admin)).toEqual([1, 2, 3]);
    expect(await mayDelete(s.leader)).toEqual([]);
    expect((await del(s.staffA, 'TP-JOBS', id, 3)).statusCode).toBe(403);
    const res = await del(s.staffA, 'TP-JOBS', id, 1);
    expect(res.statusCode, res.body).toBe(204);
    expect((await tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', id).orderBy('n').execute()).map((r) => r.n)).toEqual([2, 3]);
    expect((await get(s.staffA, thumbPath('TP-JOBS', id, 1))).statusCode).toBe(404);
    expect((await get(s.staffA, path('TP-JOBS', id, 1))).statusCode).toBe(404);
    const hist = (await get(s.staffA, '/api/units/T-JD-A/reports')).json<ReportHistoryResponse>();
    expect(hist.items.find((i) => i.eventId === id)).toMatchObject({ photos: [2, 3], photosDeletable: [2] });
    const a = await tdb.db.selectFrom('audit_log').select(['action', 'actor_name', 'subject', 'detail', 'at']).where('action', '=', 'photos.delete').where('subject', '=', `TP-JOBS/${id}/1`).execute();
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ actor_name: 'staff-t-jd-a' });
    expect(typeof a[0]!.detail === 'string' ? JSON.parse(a[0]!.detail) : a[0]!.detail).toMatchObject({ target: 'TP-JOBS', eventId: id, n: 1, sha256: first.json<PhotoPutResponse>().photo.sha256, uploader: 'staff-t-jd-a' });
    const again = await del(s.staffA, 'TP-JOBS', id, 1);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'not_found' });
    expect(await tdb.db.selectFrom('audit_log').select('id').where('action', '=', 'photos.delete').where('subject', '=', `TP-JOBS/${id}/1`).execute()).toHaveLength(1);
    // The right picture goes into the freed slot.
    expect((await put(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ seed: 43 }))).statusCode).toBe(201);
  });

  it("refuses other units, leaders, wall screens, staff who did not upload it, another unit's event id and forged slots; an admin may", async () => {
    const id = nextId('del-x');
    expect((await put(s.admin, 'TP-JOBS', id, 1, fakeJpeg({ seed: 51 }))).statusCode).toBe(201);
    expect((await put(s.staffA, 'TP-JOBS', id, 2, fakeJpeg({ seed: 52 }))).statusCode).toBe(201);
    const cases: [string, Awaited<ReturnType<typeof del>>, number, string][] = [
      ['staff of another unit', await del(s.staffB, 'TP-JOBS', id, 2), 403, 'forbidden'],
      ['the leader above', await del(s.leader, 'TP-JOBS', id, 2), 403, 'forbidden'],
      ['a wall screen', await del(screenToken, 'TP-JOBS', id, 2), 403, 'forbidden'],
      ['nobody', await del(null, 'TP-JOBS', id, 2), 401, 'unauthenticated'],
      ["staff of the unit, the admin's photo", await del(s.staffA, 'TP-JOBS', id, 1), 403, 'forbidden'],
      ["B's target named with A's id", await del(s.staffB, 'TP-AREA', id, 2), 404, 'not_found'],
      ['slot 5', await del(s.staffA, 'TP-JOBS', id, 5), 400, 'too_many_photos'],
      ['unknown target', await del(s.staffA, 'NO-SUCH', id, 2), 404, 'not_found'],
    ];
    for (const [name, res, status, code] of cases) {
      expect(res.statusCode, `${name}: ${res.body}`).toBe(status);
      expect(res.json<{ code: string }>().code, name).toBe(code);
    }
    for (const n of ['0', '01', '-1', '1.0', '%2e%2e', 'abc', '9999']) {
      const res = await del(s.staffA, 'TP-JOBS', id, n);
      expect([400, 404], `:n = ${n}: ${res.body}`).toContain(res.statusCode);
    }
    expect((await del(s.staffA, '%2E%2E', id, 2)).statusCode).toBeGreaterThanOrEqual(400);
    expect((await tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', id).orderBy('n').execute()).map((r) => r.n)).toEqual([1, 2]);
    // The cross-unit refusal names no photo of the other unit.
    expect(cases[0]![1].json<{ message: string }>().message).not.toContain('staff-t-jd-a');
    expect((await del(s.admin, 'TP-JOBS', id, 1)).statusCode).toBe(204);
    expect((await del(s.staffA, 'TP-JOBS', id, 2)).statusCode).toBe(204);
    expect(await tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', id).execute()).toEqual([]);
  });
});

describe('photos of events ingest refused', () => {
  const publish = async (id: string, body: Record<string, unknown>) => {
    await jetstream(stack.nc).publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify({ id, target: 'TP-JOBS', occurredAt: stack.now().toISOString(), ...body }), { msgID: `T-JD-A:${id}` });
    await waitFor(`rejection of ${id}`, async () => (await tdb.db.selectFrom('rejected_events').select('id').where('event_id', '=', id).executeTakeFirst()) ?? undefined);
  };

  it('deletes the photos uploaded before the refusal and refuses later ones with event_rejected', async () => {
    const id = nextId('orph');
    expect((await put(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ seed: 61 }))).statusCode).toBe(201);
    expect((await putThumb(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ width: 320, height: 240, seed: 61 }))).statusCode).toBe(201);
    // Another id's photo in the same unit is untouched.
    const keep = nextId('orph-keep');
    expect((await put(s.staffA, 'TP-JOBS', keep, 1, fakeJpeg({ seed: 62 }))).statusCode).toBe(201);
    await publish(id, { kind: 'increment', value: 'lots' });
    expect(await tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', id).execute()).toEqual([]);
    expect(await tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', keep).execute()).toEqual([{ n: 1 }]);
    const late = await put(s.staffA, 'TP-JOBS', id, 2, fakeJpeg({ seed: 63 }));
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'event_rejected', message: expect.stringContaining(id) });
    expect(await tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', id).execute()).toEqual([]);
  });

  it('waits for an upload racing the refusal, then deletes what it stored', async () => {
    const id = nextId('orph-race');
    const judged = judgeImage(fakeJpeg({ seed: 81 }));
    if (!judged.ok) throw new Error('fixture');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    // An upload between its "not refused yet" check and its commit: it holds the event's lock.
    const upload = tdb.db.transaction().execute(async (trx) => {
      await lockEventPhotos(trx, 'T-JD-A', id);
      locked();
      await trx
        .insertInto('event_photos')
        .values({ owner_unit: 'T-JD-A', event_id: id, n: 1, target_code: 'TP-JOBS', mime: judged.mime, size: judged.bytes.length, width: judged.width, height: judged.height, sha256: sha(judged.bytes), bytes: judged.bytes, uploader_id: null, uploader_name: 'race' })
        .execute();
      await held;
    });
    await lockTaken;
    await jetstream(stack.nc).publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify({ ...jobs(id), value: 'lots' }), { msgID: `T-JD-A:${id}` });
    // Ingest's refusal waits for the upload's lock: nothing is committed meanwhile.
    await new Promise((r) => setTimeout(r, 700));
    expect(await tdb.db.selectFrom('rejected_events').select('id').where('event_id', '=', id).execute()).toEqual([]);
    release();
    await upload;
    await waitFor(`rejection of ${id}`, async () => (await tdb.db.selectFrom('rejected_events').select('id').where('event_id', '=', id).executeTakeFirst()) ?? undefined);
    expect(await tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', id).execute()).toEqual([]);
  });

  it("keeps a stored event's photos when a conflicting copy of its id is refused", async () => {
    const id = nextId('orph-dup');
    await report(s.staffA, jobs(id));
    expect((await put(s.staffA, 'TP-JOBS', id, 1, fakeJpeg({ seed: 71 }))).statusCode).toBe(201);
    // Same id, other content, past JetStream's de-duplication (another msg id): ingest refuses it as an id conflict.
    await jetstream(stack.nc).publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify({ ...jobs(id), value: 99 }), { msgID: `other-${id}` });
    await waitFor(`rejection of ${id}`, async () => (await tdb.db.selectFrom('rejected_events').select('code').where('event_id', '=', id).executeTakeFirst()) ?? undefined);
    expect(await tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', id).execute()).toEqual([{ n: 1 }]);
    expect((await put(s.staffA, 'TP-JOBS', id, 2, fakeJpeg({ seed: 72 }))).statusCode).toBe(201);
  });
});
