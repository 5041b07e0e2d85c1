import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { loadSeed, type SeedData } from '@luoshi/seeds';
import { buildApp } from '../../server/src/app';
import { connectNats, ensureProgressStream } from '../../server/src/infra/nats';
import { IngestWorker } from '../../server/src/ingest/worker';
import { seedAccounts } from './auth';
import { launchChromium } from './browser';
import { testSeed } from './fixtures';
import { createTestDatabase, startTestNats, type TestDatabase, type TestNats } from './infra';
import { repoRoot } from './process';

/** The whole system for one browser test file: a fresh database and nats-server, ingest, the built web app, Chromium. */
export interface BrowserStack {
  tdb: TestDatabase;
  nats: TestNats;
  nc: NatsConnection;
  worker: IngestWorker;
  app: FastifyInstance;
  browser: Browser;
  /** http://127.0.0.1:<port> */
  base: string;
  stop(): Promise<void>;
}

export const webDist = path.join(repoRoot, 'web', 'dist');

export async function startBrowserStack(name: string, seed: SeedData = testSeed): Promise<BrowserStack> {
  if (!existsSync(path.join(webDist, 'index.html')))
    throw new Error('web/dist is missing: run `pnpm build` first (pnpm test does)');
  const [tdb, nats, browser] = await Promise.all([createTestDatabase(), startTestNats(), launchChromium()]);
  await loadSeed(tdb.db, seed);
  await seedAccounts(tdb.db);
  const nc = await connectNats(nats.url, name);
  await ensureProgressStream(nc);
  const worker = new IngestWorker(tdb.db, nc, pino({ level: 'silent' }));
  await worker.start();
  const app = await buildApp({ db: tdb.db, nc, webDist });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    tdb,
    nats,
    nc,
    worker,
    app,
    browser,
    base,
    async stop() {
      await browser.close();
      await app.close();
      await worker.stop();
      await nc.drain();
      await nats.destroy();
      await tdb.drop();
    },
  };
}
