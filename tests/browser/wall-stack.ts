import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { loadSeed, seedData } from '@luoshi/seeds';
import { progressSubject, type ProgressEvent } from '@luoshi/shared';
import { buildApp } from '../../server/src/app';
import { connectNats, ensureProgressStream } from '../../server/src/infra/nats';
import { IngestWorker } from '../../server/src/ingest/worker';
import { seedDemoScreen } from '../../server/src/screens/seed';
import { issueToken, seedAccounts } from '../support/auth';
import { launchChromium } from '../support/browser';
import { createTestDatabase, startTestNats, type TestDatabase } from '../support/infra';
import { repoRoot } from '../support/process';
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
  /** A page that holds a screen's device token, as its browser would (default: the demo's). */
  wallPage(options: BrowserContextOptions & { viewport: { width: number; height: number } }, token?: string): Promise<Page>;
  stop(): Promise<void>;
}

const webDist = path.join(repoRoot, 'web', 'dist');
const targets = seedData.plans.find((p) => p.plan.id === 'WJC-2026')!.targets;
const unitOf = new Map(targets.map((t) => [t.code, t.ownerUnit] as const));
export const cumulative = targets.filter((t) => t.measureKind === 'cumulative').map((t) => t.code);

export const inc = (id: string, target: string, value: number, occurredAt = new Date().toISOString(), reporter = '网格员 王芳'): ProgressEvent => ({
  id,
  target,
  kind: 'increment',
  value,
  occurredAt,
  reporter,
});

export async function startWallStack(name: string): Promise<WallStack> {
  if (!existsSync(path.join(webDist, 'index.html'))) throw new Error('web/dist is missing: run `pnpm build` first (pnpm test does)');
  let nc: NatsConnection | undefined;
  let worker: IngestWorker | undefined;
  let app: FastifyInstance | undefined;
  const [tdb, nats, browser] = await Promise.all([createTestDatabase(), startTestNats(), launchChromium()]);
  const stop = async (): Promise<void> => {
    await browser.close();
    await app?.close();
    await worker?.stop();
    await nc?.drain();
    await nats.destroy();
    await tdb.drop();
  };
  try {
    await loadSeed(tdb.db, seedData);
    await seedDemoScreen(tdb.db);
    await seedAccounts(tdb.db);
    const deviceToken = await issueToken(tdb.db, { role: 'screen', screenId: 'demo', name: `${name} screen` });
    const adminToken = await issueToken(tdb.db, { role: 'admin', name: `${name} admin` });
    nc = await connectNats(nats.url, `test-${name}`);
    await ensureProgressStream(nc);
    worker = new IngestWorker(tdb.db, nc, pino({ level: 'silent' }));
    await worker.start();
    const conn = nc;
    const publish = async (e: ProgressEvent): Promise<void> => {
      await jetstream(conn).publish(progressSubject(unitOf.get(e.target)!, e.target), JSON.stringify(e), { msgID: e.id });
    };
    const history = [
      inc(`${name}-h1`, 'WJC26-001', 60_000, '2026-04-15T10:00:00+08:00', '社区管理办公室 李明'),
      inc(`${name}-h2`, 'WJC26-001', 120_000, '2026-08-20T10:00:00+08:00', '社区管理办公室 李明'),
      ...cumulative.slice(1, 8).map((c, i) => inc(`${name}-h3-${i}`, c, 1 + i, `2026-0${(i % 8) + 2}-10T10:00:00+08:00`, '科室 张伟')),
    ];
    for (const e of history) await publish(e);
    app = await buildApp({ db: tdb.db, nc, webDist });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
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
    return { tdb, app, browser, base, deviceToken, adminToken, publish, wallPage, stop };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}
