import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_STREAM, USERNAME_PATTERN, USER_ROLES, passwordProblem, progressSubject, type ProgressEvent } from '@luoshi/shared';
import { writeBatch, type IncomingMessage } from '../../server/src/ingest/batch';
import { bearer, issueToken, sessionHeaders } from '../support/auth';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/**
 * Property-based fuzzing of every write path: whatever arrives, the answer is a specific
 * refusal ({code, message}, never a 500) and nothing is written; on the NATS ingest path
 * every malformed message becomes one rejected_events row with a code and no event.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

let stack: Stack;
let tdb: TestDatabase;
let nc: NatsConnection;
let app: FastifyInstance;
let admin: Record<string, string>;
let staffCookie: Record<string, string>;

const TABLES = ['events', 'plans', 'plan_sections', 'targets', 'target_rollups', 'target_changes', 'units', 'api_tokens', 'users', 'sessions', 'audit_log', 'rejected_events'] as const;
type Table = (typeof TABLES)[number];

async function counts(): Promise<Record<Table | 'stream', number>> {
  const out = {} as Record<Table | 'stream', number>;
  for (const t of TABLES) {
    out[t] = Number((await tdb.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }
  out.stream = (await (await jetstreamManager(nc)).streams.info(PROGRESS_STREAM)).state.messages;
  return out;
}

beforeAll(async () => {
  stack = await startStack({
    name: 'test-write-fuzz',
    accounts: true,
    prepare: (db) =>
      db.insertInto('users').values({ id: FZ_USER, username: 'fz-target', display_name: '模糊测试', role: 'staff', unit_code: 'T-JD-A', password_hash: 'scrypt$16384$8$1$AAAA$AAAA' }).execute(),
  });
  ({ tdb, nc, app } = stack);
  admin = bearer(await issueToken(tdb.db, { role: 'admin', name: 'fuzz admin' }));
  staffCookie = sessionHeaders(await stack.login('staff-t-jd-a'));
});

/** The account the account-route fuzzing aims at. */
const FZ_USER = 'fz-user-target';
const UNITS = ['T', 'T-JD', 'T-JD-A', 'T-JD-B'];

/** Would the account routes accept this role/unit pair? (The generators must not make valid bodies.) */
function validRoleUnit(role: unknown, unitCode: unknown): boolean {
  if (typeof role !== 'string' || !(USER_ROLES as readonly string[]).includes(role)) return false;
  return role === 'admin' ? unitCode === null || unitCode === undefined : typeof unitCode === 'string' && UNITS.includes(unitCode);
}
const validName = (n: unknown) => n === undefined || (typeof n === 'string' && n.length >= 1 && n.length <= 100);

afterAll(() => stack?.stop());

// ---- generators -------------------------------------------------------------------------

const weirdString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', ' ', '\u0000', '../../etc/passwd', "'; drop table events; --", 'TP-JOBS', 'T-JD-A', 'NaN', '2026-02-30', '9'.repeat(400)),
);
const weirdNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2));
const weirdValue = fc.oneof(weirdString, weirdNumber, fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
/** Any JSON value at all. */
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Event-shaped objects with at least one field wrong (or missing, or extra). */
const badEvent = fc
  .record(
    {
      id: fc.oneof(fc.constant('fz-1'), weirdValue),
      target: fc.oneof(fc.constantFrom('TP-JOBS', 'TP-AREA', 'NOPE', ''), weirdValue),
      kind: fc.oneof(fc.constantFrom('increment', 'reading', 'correction', 'note', 'delete'), weirdValue),
      value: fc.oneof(weirdNumber, weirdValue),
      occurredAt: fc.oneof(fc.constantFrom('2026-03-01T10:00:00+08:00', '1999-01-01T00:00:00Z', '2026-13-01', 'yesterday'), weirdValue),
      reporter: weirdValue,
      uom: fc.oneof(fc.constantFrom('人', '平方米', '个'), weirdValue),
      corrects: weirdValue,
      extra: weirdValue,
    },
    { requiredKeys: [] },
  )
  .filter((e) => !isValidJobsEvent(e));

function isValidJobsEvent(e: Record<string, unknown>): boolean {
  // The generator could, rarely, assemble a valid event; those are not what this test is about.
  return (
    typeof e.id === 'string' &&
    /^[A-Za-z0-9._:-]{1,128}$/.test(e.id) &&
    (e.target === 'TP-JOBS' || e.target === 'TP-AREA') &&
    typeof e.kind === 'string' &&
    typeof e.value === 'number' &&
    typeof e.occurredAt === 'string' &&
    !('extra' in e)
  );
}

/** A body: JSON (valid or not for the route), malformed text, or huge arrays. */
const body = (shaped: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: shaped.map((v) => ({ payload: JSON.stringify(v), type: 'application/json' })) },
    { weight: 2, arbitrary: anyJson.map((v) => ({ payload: JSON.stringify(v), type: 'application/json' })) },
    { weight: 1, arbitrary: fc.string().map((s) => ({ payload: `{${s}`, type: 'application/json' })) },
    { weight: 1, arbitrary: fc.string().map((s) => ({ payload: s, type: 'text/plain' })) },
    { weight: 1, arbitrary: fc.constant({ payload: '', type: 'application/json' }) },
  );

// ---- properties ------------------------------------------------------------------------

async function refusesCleanly(req: InjectOptions, ignore: readonly string[] = [], mayBeValid = false): Promise<void> {
  const before = await counts();
  const res = await app.inject(req);
  if (mayBeValid && res.statusCode >= 200 && res.statusCode < 300) return;
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body).toBeLessThan(500);
  const err = res.json<{ code: unknown; message: unknown }>();
  expect(typeof err.code, res.body).toBe('string');
  expect(typeof err.message, res.body).toBe('string');
  expect((err.code as string).length).toBeGreaterThan(0);
  const after = await counts();
  for (const k of ignore) {
    delete (after as Record<string, number>)[k];
    delete (before as Record<string, number>)[k];
  }
  expect(after).toEqual(before);
}

const post = (url: string, b: { payload: string; type: string }, headers: Record<string, string>): InjectOptions => ({
  method: 'POST',
  url,
  payload: b.payload,
  headers: { ...headers, 'content-type': b.type },
});

describe('write endpoints refuse any invalid input with {code, message} and write nothing', () => {
  it('POST /api/events (admin token, staff cookie): single events and batches', async () => {
    const events = fc.oneof(badEvent, fc.array(badEvent, { minLength: 0, maxLength: 5 }), fc.constant([]), fc.constant(Array.from({ length: 1001 }, () => ({}))));
    await fc.assert(
      fc.asyncProperty(body(events), fc.boolean(), async (b, asStaff) => {
        await refusesCleanly(post('/api/events', b, asStaff ? staffCookie : admin));
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/events: valid events of another unit are refused (403) and nothing is published', async () => {
    const other = fc.record({ id: fc.stringMatching(/^[a-z0-9]{1,20}$/), value: fc.integer({ min: 1, max: 10_000_000 }) }).map(
      ({ id, value }): ProgressEvent => ({ id: `fz-${id}`, target: 'TP-AREA', kind: 'reading', value, occurredAt: '2026-03-01T10:00:00+08:00' }),
    );
    await fc.assert(
      fc.asyncProperty(other, async (e) => {
        await refusesCleanly({ method: 'POST', url: '/api/events', payload: e, headers: staffCookie });
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('POST /api/plans (admin)', async () => {
    const draft = fc.record(
      {
        plan: fc.record({ id: weirdValue, title: weirdValue, ownerUnit: fc.oneof(fc.constantFrom('T-JD', 'NOPE'), weirdValue), periodStart: weirdValue, periodEnd: weirdValue }, { requiredKeys: [] }),
        sections: fc.oneof(weirdValue, fc.array(fc.record({ key: weirdValue, label: weirdValue, title: weirdValue }), { maxLength: 3 })),
        targets: fc.oneof(
          weirdValue,
          fc.array(fc.record({ title: weirdValue, uom: weirdValue, targetValue: weirdValue, ownerUnit: fc.oneof(fc.constant('T-JD-A'), weirdValue), dueDate: weirdValue }, { requiredKeys: [] }), { maxLength: 3 }),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body(draft), async (b) => {
        await refusesCleanly(post('/api/plans', b, admin));
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/plan-import/extract (admin): any text is answered, never a 500, and nothing is written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(body(fc.record({ text: weirdValue }, { requiredKeys: [] })), fc.string({ maxLength: 2000 }).map((t) => ({ payload: JSON.stringify({ text: t }), type: 'application/json' }))), async (b) => {
        const before = await counts();
        const res = await app.inject(post('/api/plan-import/extract', b, admin));
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json()).toEqual({ code: expect.any(String), message: expect.any(String) });
        expect(await counts()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/tokens (admin)', async () => {
    const token = fc
      .record({ name: weirdValue, role: fc.oneof(fc.constantFrom('admin', 'leader', 'staff', 'screen', 'root'), weirdValue), unitCode: fc.oneof(fc.constantFrom('NOPE', 'x y'), weirdValue), screenId: weirdValue, extra: weirdValue }, { requiredKeys: [] })
      .filter((t) => !(typeof t.name === 'string' && t.name.length > 0 && t.name.length <= 100 && ['admin', 'screen'].includes(t.role as string) && !('unitCode' in t) && !('extra' in t) && (!('screenId' in t) || typeof t.screenId === 'string')));
    await fc.assert(
      fc.asyncProperty(body(token), async (b) => {
        // Fastify coerces scalars for string fields ({name: 0} is the name "0"): an input that
        // is valid after coercion may be issued; anything refused must write nothing.
        await refusesCleanly(post('/api/tokens', b, admin), [], true);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/users (admin): no account from a bad body', async () => {
    const account = fc
      .record(
        {
          username: fc.oneof(fc.constantFrom('staff-t-jd-a', 'Bad Name', '', 'ok-name'), weirdValue),
          name: weirdValue,
          role: fc.oneof(fc.constantFrom('admin', 'leader', 'staff', 'screen', 'root'), weirdValue),
          unitCode: fc.oneof(fc.constantFrom('T-JD-A', 'T-JD', 'NOPE', null), weirdValue),
          password: fc.oneof(fc.constantFrom('short', 'aaaaaaaaaaaaaaaa', 'ok-name-password-1', 'Strong-password-2026'), weirdValue),
          extra: weirdValue,
        },
        { requiredKeys: [] },
      )
      .filter(
        (u) =>
          !(
            typeof u.username === 'string' &&
            new RegExp(USERNAME_PATTERN).test(u.username) &&
            u.username !== 'staff-t-jd-a' &&
            validName(u.name) &&
            validRoleUnit(u.role, u.unitCode) &&
            (u.password === undefined || (typeof u.password === 'string' && passwordProblem(u.password, u.username) === null)) &&
            !('extra' in u)
          ),
      );
    await fc.assert(
      fc.asyncProperty(body(account), async (b) => {
        await refusesCleanly(post('/api/users', b, admin));
      }),
      { numRuns: RUNS },
    );
  });

  it('PATCH /api/users/:id (admin): no change from a bad body', async () => {
    const change = fc
      .record({ name: weirdValue, role: fc.oneof(fc.constantFrom('admin', 'leader', 'staff', 'screen'), weirdValue), unitCode: fc.oneof(fc.constantFrom('T-JD-A', 'NOPE', null), weirdValue), extra: weirdValue }, { requiredKeys: [] })
      .filter((c) => {
        if ('extra' in c || Object.keys(c).length === 0 || !validName(c.name)) return true;
        const role = c.role ?? 'staff';
        const unit = 'unitCode' in c ? c.unitCode : role === 'admin' ? null : 'T-JD-A';
        return !validRoleUnit(role, unit);
      });
    await fc.assert(
      fc.asyncProperty(body(change), async (b) => {
        await refusesCleanly({ ...post(`/api/users/${FZ_USER}`, b, admin), method: 'PATCH' });
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/users/:id/{disable,enable,password} (admin): an unknown id is a 404 and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom('disable', 'enable', 'password'), async (id, action) => {
        fc.pre(id !== FZ_USER);
        await refusesCleanly({ method: 'POST', url: `/api/users/${encodeURIComponent(id)}/${action}`, headers: admin });
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  // Issue 16: plan editing and the organisation. Bodies that happen to be valid are allowed
  // through (mayBeValid); every other answer is a named refusal with nothing written.
  it('PATCH /api/targets/:code on a published plan: no change without a valid body, version and reason', async () => {
    const draft = await app.inject({ method: 'POST', url: '/api/plans/drafts', headers: admin, payload: { id: 'FZ-PLAN', title: '模糊测试计划', ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31' } });
    expect(draft.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/plans/FZ-PLAN/targets', headers: admin, payload: { code: 'FZ-T', title: 'x', ownerUnit: 'T-JD-A', uom: '个', targetValue: 5, dueDate: '2026-12-31' } })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/plans/FZ-PLAN/publish', headers: admin, payload: { version: 0 } })).statusCode).toBe(200);
    const change = fc.record(
      {
        version: fc.oneof(fc.constant(0), weirdValue),
        reason: fc.oneof(fc.constant('调整'), weirdValue),
        targetValue: weirdValue,
        dueDate: fc.oneof(fc.constantFrom('2026-06-30', '2027-01-01', '2026-02-30'), weirdValue),
        milestones: weirdValue,
        measureKind: fc.oneof(fc.constantFrom('reading', 'ratio', 'sum'), weirdValue),
        ownerUnit: fc.oneof(fc.constantFrom('T-JD-B', 'NOPE'), weirdValue),
        extra: weirdValue,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body(change), async (b) => {
        await refusesCleanly({ ...post('/api/targets/FZ-T', b, admin), method: 'PATCH' }, [], true);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/plans/drafts, /api/units, /api/units/import: bad bodies write nothing', async () => {
    const plan = fc.record({ id: fc.oneof(fc.constant('TP-2026'), weirdValue), title: weirdValue, ownerUnit: fc.oneof(fc.constantFrom('T-JD', 'NOPE'), weirdValue), periodStart: weirdValue, periodEnd: weirdValue }, { requiredKeys: [] });
    const unit = fc.record({ code: fc.oneof(fc.constantFrom('T-JD-A', 'a.b'), weirdValue), name: weirdValue, kind: fc.oneof(fc.constantFrom('科室', 'x'), weirdValue), parentCode: fc.oneof(fc.constantFrom('T-JD', 'NOPE', ''), weirdValue) }, { requiredKeys: [] });
    const chart = fc.record({ rows: fc.oneof(fc.array(unit, { maxLength: 4 }), weirdValue), apply: fc.boolean() }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(body(plan), body(unit), body(chart), async (p, u, c) => {
        await refusesCleanly(post('/api/plans/drafts', p, admin), [], true);
        await refusesCleanly(post('/api/units', u, admin), [], true);
        await refusesCleanly(post('/api/units/import', c, admin), [], true);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('POST /api/auth/login: never a session for wrong or malformed credentials (failed sign-ins are audited)', async () => {
    const creds = fc.record({ username: fc.oneof(fc.constantFrom('admin', 'staff-t-jd-a', ''), weirdValue), password: weirdValue, extra: weirdValue }, { requiredKeys: [] });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(body(creds), async (b) => {
        // A fresh address each time: the sign-in limit (10/min) is not what is tested here.
        await refusesCleanly({ ...post('/api/auth/login', b, {}), remoteAddress: `10.66.${(++n >> 8) & 255}.${n & 255}` }, ['audit_log']);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the NATS ingest path rejects malformed messages with a code and stores no event', () => {
  let seq = 1_000_000;
  const subject = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(progressSubject('T-JD-A', 'TP-JOBS'), progressSubject('T-JD-B', 'TP-AREA'), progressSubject('T-JD-B', 'TP-JOBS')) },
    { weight: 1, arbitrary: fc.constantFrom('progress.T-JD-A', 'progress', 'progress.NOPE.NOPE', 'progress.T-JD-A.TP-JOBS.extra') },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => `progress.${s}`) },
  );
  const payload = fc.oneof(
    badEvent.map((e) => new TextEncoder().encode(JSON.stringify(e))),
    anyJson.map((v) => new TextEncoder().encode(JSON.stringify(v))),
    fc.uint8Array({ maxLength: 200 }),
    fc.string().map((s) => new TextEncoder().encode(s)),
  );

  it('random subjects and payloads through writeBatch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ subject, data: payload }), { minLength: 1, maxLength: 5 }), async (msgs) => {
        const batch: IncomingMessage[] = msgs.map((m) => ({ ...m, seq: ++seq }));
        const before = await counts();
        const result = await writeBatch(tdb.db, batch, new Date('2026-06-01T04:00:00Z'));
        expect(result.outcomes).toEqual(batch.map(() => 'rejected'));
        expect(result.rejects.every((r) => typeof r.code === 'string' && r.code.length > 0 && typeof r.message === 'string')).toBe(true);
        const after = await counts();
        expect(after.events).toBe(before.events);
        expect(after.target_rollups).toBe(before.target_rollups);
        expect(after.rejected_events).toBe(before.rejected_events + batch.length);
        const rows = await tdb.db.selectFrom('rejected_events').select(['code', 'stream_seq']).where('stream_seq', 'in', batch.map((b) => b.seq!)).execute();
        expect(rows).toHaveLength(batch.length);
        expect(rows.every((r) => r.code.length > 0)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a valid event with U+0000 in a text field is rejected (invalid_value), over NATS and HTTP, never failing the batch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), fc.constantFrom('note', 'reporter', 'evidence'), async (a, b, field) => {
        const event = { id: `fz-nul-${++seq}`, target: 'TP-JOBS', kind: 'increment', value: 1, occurredAt: '2026-03-01T10:00:00+08:00', [field]: `${a}\u0000${b}` };
        const data = new TextEncoder().encode(JSON.stringify(event));
        const before = await counts();
        const r = await writeBatch(tdb.db, [{ subject: progressSubject('T-JD-A', 'TP-JOBS'), data, seq }], new Date('2026-06-01T04:00:00Z'));
        expect(r.outcomes).toEqual(['rejected']);
        expect(r.rejects[0]!.code).toBe('invalid_value');
        expect((await counts()).events).toBe(before.events);
        await refusesCleanly({ method: 'POST', url: '/api/events', payload: event, headers: admin });
      }),
      { numRuns: Math.ceil(RUNS / 5) },
    );
  });

  it("a valid event on another unit's subject is rejected as unit_mismatch", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), async (value) => {
        const event: ProgressEvent = { id: `fz-mismatch-${++seq}`, target: 'TP-JOBS', kind: 'increment', value, occurredAt: '2026-03-01T10:00:00+08:00' };
        const before = await counts();
        const r = await writeBatch(tdb.db, [{ subject: progressSubject('T-JD-B', 'TP-JOBS'), data: new TextEncoder().encode(JSON.stringify(event)), seq }], new Date('2026-06-01T04:00:00Z'));
        expect(r.outcomes).toEqual(['rejected']);
        expect(r.rejects[0]!.code).toBe('unit_mismatch');
        expect((await counts()).events).toBe(before.events);
      }),
      { numRuns: Math.ceil(RUNS / 5) },
    );
  });
});
