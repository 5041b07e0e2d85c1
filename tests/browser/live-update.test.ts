import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '@luoshi/seeds';
import { progressSubject, type ProgressEvent } from '@luoshi/shared';
import { buildApp } from '../../server/src/app';
import { connectNats, ensureProgressStream } from '../../server/src/infra/nats';
import { IngestWorker } from '../../server/src/ingest/worker';
import { seedAccounts, type Session } from '../support/auth';
import { launchChromium, screenshotDir, VIEWPORTS } from '../support/browser';
import { testSeed } from '../support/fixtures';
import { createTestDatabase, startTestNats, type TestDatabase, type TestNats } from '../support/infra';
import { repoRoot } from '../support/process';
import { signedInPage, signIn } from './sign-in';

const webDist = path.join(repoRoot, 'web', 'dist');
let tdb: TestDatabase;
let nats: TestNats;
let nc: NatsConnection;
let worker: IngestWorker;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let admin: Session;

beforeAll(async () => {
  if (!existsSync(path.join(webDist, 'index.html'))) throw new Error('web/dist is missing: run `pnpm build` first (pnpm test does)');
  [tdb, nats, browser] = await Promise.all([createTestDatabase(), startTestNats(), launchChromium()]);
  await loadSeed(tdb.db, testSeed);
  await seedAccounts(tdb.db);
  nc = await connectNats(nats.url, 'test-browser');
  await ensureProgressStream(nc);
  worker = new IngestWorker(tdb.db, nc, pino({ level: 'silent' }));
  await worker.start();
  app = await buildApp({ db: tdb.db, nc, webDist });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  admin = await signIn(app, 'admin');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await worker?.stop();
  await nc?.drain();
  await nats?.destroy();
  await tdb?.drop();
});

async function publish(value: number, id: string): Promise<void> {
  const e: ProgressEvent = { id, target: 'TP-JOBS', kind: 'increment', value, occurredAt: new Date().toISOString(), reporter: '测试' };
  await jetstream(nc).publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify(e), { msgID: id });
}

describe('live update in a real browser', () => {
  it('shows an event published on NATS in an open page within a second, without a reload', async () => {
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/?plan=TP-2026`);
    const cell = page.getByTestId('value-TP-JOBS');
    await expect.poll(() => cell.textContent()).toBe('0 人');
    await page.getByText('实时', { exact: false }).waitFor();
    // Marks the document: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    const started = Date.now();
    await publish(12, 'browser-1');
    await cell.getByText('12 人').waitFor({ timeout: 5_000 });
    const latency = Date.now() - started;
    console.log(`publish → on screen: ${latency} ms`);
    expect(latency).toBeLessThan(1_000);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(screenshotDir, `skeleton-targets-${name}.png`) });
    }
    await page.close();
  });

  it('draws the series chart on the target page and moves it live', async () => {
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/targets/TP-JOBS`);
    await page.getByTestId('target-value').getByText('12 人').waitFor();
    await page.locator('[data-testid=series-chart] .recharts-area-area').waitFor();

    await publish(3, 'browser-2');
    await page.getByTestId('target-value').getByText('15 人').waitFor({ timeout: 5_000 });
    // The chart's data follows: its last point is now 15.
    await expect.poll(() => page.getByTestId('series-chart').getAttribute('data-last-value')).toBe('15');
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(screenshotDir, `skeleton-target-${name}.png`) });
    }
    await page.close();
  });
});
