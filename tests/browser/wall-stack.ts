import type { FastifyInstance } from 'fastify';
import { jetstream } from '@nats-io/jetstream';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { seedData } from '@luoshi/seeds';
import { progressSubject, type ProgressEvent } from '@luoshi/shared';
import type { Clock } from '../../server/src/infra/clock';
import { seedDemoScreen } from '../../server/src/screens/seed';
import { issueToken } from '../support/auth';
import type { TestDatabase } from '../support/infra';
import { startStack, webDist } from '../support/stack';
import { waitFor } from '../support/wait';

/**
 * The real parts behind a wall in a browser test (issue 18.10/18.11 files): PostgreSQL with
 * the real seeds and the demo screen, nats-server, the ingest worker, the server with the
 * built web app, Chromium; some history so every view has something to show.
 */
export interface WallStack {
  tdb: TestDatabase;
  app: FastifyInstance;
  browser: Browser;
  base: string;
  /** Device token of screen `demo`. */
  deviceToken: string;
  adminToken: string;
  publish(e: ProgressEvent): Promise<void>;
  /** The clock the server and ingest judge "today" by (TEST_DAY, ticking): date live events by it. */
  now: Clock;
  /** A page that holds a screen's device token, as its browser would (default: the demo's). */
  wallPage(options: BrowserContextOptions & { viewport: { width: number; height: number } }, token?: string): Promise<Page>;
  stop(): Promise<void>;
}

const targets = seedData.plans.find((p) => p.plan.id === 'WJC-2026')!.targets;
const unitOf = new Map(targets.map((t) => [t.code, t.ownerUnit] as const));
export const cumulative = targets.filter((t) => t.measureKind === 'cumulative').map((t) => t.code);

/** An increment; `occurredAt` from a fixed 2026 day or the stack's clock (`now`), never the real clock. */
export const inc = (id: string, target: string, value: number, occurredAt: string, reporter = '网格员 王芳'): ProgressEvent => ({
  id,
  target,
  kind: 'increment',
  value,
  occurredAt,
  reporter,
});

export async function startWallStack(name: string): Promise<WallStack> {
  const stack = await startStack({ name: `test-${name}`, seed: seedData, prepare: seedDemoScreen, accounts: true, worker: true, app: { webDist }, listen: true, browser: true });
  try {
    const { tdb, app, browser, url: base } = stack;
    const deviceToken = await issueToken(tdb.db, { role: 'screen', screenId: 'demo', name: `${name} screen` });
    const adminToken = await issueToken(tdb.db, { role: 'admin', name: `${name} admin` });
    const publish = async (e: ProgressEvent): Promise<void> => {
      await jetstream(stack.nc).publish(progressSubject(unitOf.get(e.target)!, e.target), JSON.stringify(e), { msgID: e.id });
    };
    const history = [
      inc(`${name}-h1`, 'WJC26-001', 60_000, '2026-04-15T10:00:00+08:00', '社区管理办公室 李明'),
      inc(`${name}-h2`, 'WJC26-001', 120_000, '2026-08-20T10:00:00+08:00', '社区管理办公室 李明'),
      ...cumulative.slice(1, 8).map((c, i) => inc(`${name}-h3-${i}`, c, 1 + i, `2026-0${(i % 8) + 2}-10T10:00:00+08:00`, '科室 张伟')),
    ];
    for (const e of history) await publish(e);
    await waitFor('the history stored', async () => {
      const { c } = await tdb.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow();
      return Number(c) === history.length ? true : undefined;
    });
    const wallPage: WallStack['wallPage'] = async (options, token = deviceToken) => {
      const page = await browser.newPage(options);
      await page.addInitScript((t) => {
        if (!localStorage.getItem('luoshi.screenToken')) localStorage.setItem('luoshi.screenToken', t);
      }, token);
      return page;
    };
    return { tdb, app, browser, base, deviceToken, adminToken, publish, wallPage, now: stack.now, stop: stack.stop };
  } catch (e) {
    await stack.stop().catch(() => undefined);
    throw e;
  }
}
