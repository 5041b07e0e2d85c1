import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_PALETTE, progressSubject, type StatusStyle, type TargetState } from '@luoshi/shared';
import { writeBatch } from '../../server/src/ingest/batch';
import { adminToken, bearer } from '../support/auth';
import { testSeed } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { spawnServer } from '../support/process';
import { startStack, type Stack } from '../support/stack';

/**
 * Issue 17 item 7: a deployment's status bands change how the read model classifies the
 * same target, and its palette is served to the web. The clock is pinned to 15 June 2026.
 */
const NOW = new Date('2026-06-15T04:00:00Z');
const jobs = testSeed.plans[0]!.targets.find((t) => t.code === 'TP-JOBS')!;

let stack: Stack;
let tdb: TestDatabase;
let auth: { authorization: string };

async function statusWith(style?: StatusStyle): Promise<{ app: FastifyInstance; status: string }> {
  const { app } = await stack.addApp({ app: { now: () => NOW, overviewCache: false, ...(style ? { statusStyle: style } : {}) } });
  const res = await app.inject({ url: '/api/targets?plan=TP-2026', headers: auth });
  expect(res.statusCode).toBe(200);
  const t = (res.json() as TargetState[]).find((x) => x.code === 'TP-JOBS')!;
  return { app, status: t.status };
}

beforeAll(async () => {
  stack = await startStack({ name: 'test-status-bands', app: false });
  ({ tdb } = stack);
  auth = bearer(await adminToken(tdb.db));
  // TP-JOBS (127 in the year): 40 by mid-June, about 70% of the planned pace, reported weekly.
  const events = Array.from({ length: 20 }, (_, i) => ({
    id: `sb-${i}`,
    target: 'TP-JOBS',
    kind: 'increment',
    value: 2,
    occurredAt: new Date(Date.UTC(2026, 0, 5 + i * 8, 2)).toISOString(),
    reporter: '测试',
  }));
  const res = await writeBatch(
    tdb.db,
    events.map((e, i) => ({ subject: progressSubject(jobs.ownerUnit, e.target), data: new TextEncoder().encode(JSON.stringify(e)), seq: i + 1 })),
    NOW,
  );
  expect(res.rejects).toEqual([]);
});

afterAll(() => stack?.stop());

describe('configurable status bands', () => {
  it('the same target is at risk with the default bands, on track with lenient ones and back with the defaults', async () => {
    const byDefault = await statusWith();
    expect(byDefault.status).toBe('at_risk');
    const lenient = await statusWith({ bands: { onTrackFrom: 0.3, atRiskBelow: 0.2 }, palette: { ...DEFAULT_STATUS_PALETTE } });
    expect(lenient.status).toBe('on_track');
    const middle = await statusWith({ bands: { onTrackFrom: 1.5, atRiskBelow: 0.3 }, palette: { ...DEFAULT_STATUS_PALETTE } });
    expect(middle.status).toBe('behind');
    // A later app without bands gets the defaults again: nothing leaks between builds.
    expect((await statusWith()).status).toBe('at_risk');
  });

  it('serves the bands and palette without a session, and refuses writes to it', async () => {
    const palette = { ...DEFAULT_STATUS_PALETTE, on_track: '#00aa00' };
    const { app } = await statusWith({ bands: { onTrackFrom: 0.9, atRiskBelow: 0.6 }, palette });
    const res = await app.inject('/api/status-style');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ bands: { onTrackFrom: 0.9, atRiskBelow: 0.6 }, palette });
    const post = await app.inject({ method: 'POST', url: '/api/status-style', payload: { palette: {} } });
    expect(post.statusCode).toBeGreaterThanOrEqual(400);
    expect(post.statusCode).toBeLessThan(500);
  });

  it('a server process refuses bad bands with one sentence naming the variables', async () => {
    const s = spawnServer({ STATUS_ON_TRACK_FROM: '0.5', STATUS_AT_RISK_BELOW: '0.9' });
    expect((await s.exited()).code).toBe(1);
    expect(s.output().trim()).toBe(
      'Luoshi cannot start: STATUS_ON_TRACK_FROM / STATUS_AT_RISK_BELOW: the at-risk band must not be above the on-track band, got "0.5" / "0.9".',
    );
  });
});
