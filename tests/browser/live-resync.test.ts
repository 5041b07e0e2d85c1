import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { NatsConnection } from '@nats-io/transport-node';
import getPort from 'get-port';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '@luoshi/seeds';
import { buildApp } from '../../server/src/app';
import { connectNats, ensureProgressStream } from '../../server/src/infra/nats';
import { IngestWorker } from '../../server/src/ingest/worker';
import { consumerIdle, publishEvent } from '../integration/live-support';
import { seedAccounts, type Session } from '../support/auth';
import { launchChromium, screenshotDir, VIEWPORTS } from '../support/browser';
import { testSeed } from '../support/fixtures';
import { createTestDatabase, startTestNats, type TestDatabase, type TestNats } from '../support/infra';
import { repoRoot } from '../support/process';
import { waitFor } from '../support/wait';
import { signedInPage, signIn } from './sign-in';

/** The page while its server is down and after it is back: badge, data age, and numbers caught up. */
const webDist = path.join(repoRoot, 'web', 'dist');
let tdb: TestDatabase;
let nats: TestNats;
let nc: NatsConnection;
let worker: IngestWorker;
let app: FastifyInstance | null = null;
let port: number;
let browser: Browser;
let admin: Session;

async function startApp(): Promise<void> {
  app = await buildApp({ db: tdb.db, nc, webDist }, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
}

beforeAll(async () => {
  if (!existsSync(path.join(webDist, 'index.html'))) throw new Error('web/dist is missing: run `pnpm build` first (pnpm test does)');
  [tdb, nats, browser] = await Promise.all([createTestDatabase(), startTestNats(), launchChromium()]);
  await loadSeed(tdb.db, testSeed);
  await seedAccounts(tdb.db);
  nc = await connectNats(nats.url, 'test-browser-resync');
  await ensureProgressStream(nc);
  worker = new IngestWorker(tdb.db, nc, pino({ level: 'silent' }));
  await worker.start();
  port = await getPort();
  await startApp();
  admin = await signIn(app!, 'admin');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await worker?.stop();
  await nc?.drain();
  await nats?.destroy();
  await tdb?.drop();
});

describe('a page across a server restart', () => {
  it('says it is offline with the data age, and shows the right numbers once the server is back', async () => {
    // The session is in the database: it outlives the restart, and the socket's new handshake carries it.
    const base = `http://127.0.0.1:${port}`;
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/?plan=TP-2026`);
    const badge = page.getByTestId('live-badge');
    const cell = page.getByTestId('value-TP-JOBS');
    await expect.poll(() => cell.textContent()).toBe('0 人');
    await expect.poll(() => badge.getAttribute('data-connected')).toBe('true');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));

    await app!.close();
    await expect.poll(() => badge.getAttribute('data-connected'), { timeout: 10_000 }).toBe('false');
    expect(await badge.textContent()).toContain('连接中断');
    // The age ticks while offline ("… 秒钟前" / "现在").
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await badge.textContent()).toMatch(/秒钟前|现在/);
    await page.screenshot({ path: path.join(screenshotDir, 'live-offline-badge.png') });

    // Events ingested while this server is down: the page must catch up without a reload.
    for (let i = 0; i < 5; i++) await publishEvent(nc, 'browser-gap', { target: 'TP-JOBS', value: 2 });
    await waitFor('ingest idle', () => consumerIdle(nc), 30_000);
    expect(await cell.textContent()).toBe('0 人');

    await startApp();
    await expect.poll(() => badge.getAttribute('data-connected'), { timeout: 20_000 }).toBe('true');
    await expect.poll(() => cell.textContent(), { timeout: 5_000 }).toBe('10 人');
    expect(await badge.textContent()).toContain('实时');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    await page.close();
  });
});
