import path from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { startDemoFeed } from '../../server/src/demo/feed';
import { ensureDemoYear } from '../../server/src/demo/year';
import { clockFrom } from '../../server/src/infra/clock';
import { IngestWorker } from '../../server/src/ingest/worker';
import { seedAccounts } from '../support/auth';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import type { TestDatabase } from '../support/infra';
import { signedInPage, signIn } from './sign-in';
import { startStack, webDist, type Stack } from '../support/stack';

/**
 * Issue 18.12 as a leader sees it: the demo started on 2027-03-15 and on 2028-11-20 (the
 * server's clock moved as DEMO_TODAY moves it) shows that year's plan in progress on a
 * 1920×1080 screen, with targets behind and on track (or finished) side by side. Screenshots:
 * demo-overview-<date>.png.
 */
const log = pino({ level: 'silent' });
let stack: Stack;
let tdb: TestDatabase;
let nc: NatsConnection;
let browser: Browser;

beforeAll(async () => {
  // Each case seeds its own year and runs its own worker and app with that year's clock.
  stack = await startStack({ name: 'test-browser-demo-dates', seed: null, app: false, browser: true });
  ({ tdb, nc, browser } = stack);
});
afterAll(() => stack?.stop());

describe.each(['2027-03-15', '2028-11-20'])('the demo overview on %s', (today) => {
  it('shows that year’s plan in progress, some targets behind and some on track', async () => {
    const year = Number(today.slice(0, 4));
    const now = clockFrom(today);
    await ensureDemoYear(tdb.db, year, log);
    await seedAccounts(tdb.db);
    const worker = new IngestWorker(tdb.db, nc, log, { now, intakeTarget: stack.nats.url });
    await worker.start();
    const app = await buildApp({ db: tdb.db, nc, webDist, now }, { logger: false });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const feed = startDemoFeed(tdb.db, nc, log, { everyMs: 500, now });
    try {
      await feed.ready;
      const page = await signedInPage(browser, base, await signIn(app, 'leader-yp-wjc'), { viewport: VIEWPORTS.fullhd });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${base}/plans/WJC-${year}`);
      await page.getByTestId('target-table').waitFor();
      expect(await page.locator('.plan-title').textContent()).toContain(`五角场街道${year}年工作计划`);
      const n = async (s: string) => Number(await page.getByTestId(`count-${s}`).locator('.count-n').textContent());
      expect((await n('behind')) + (await n('at_risk'))).toBeGreaterThanOrEqual(1);
      // On track or, late in the year, finished: 15 targets of one plan, so a small number.
      expect((await n('on_track')) + (await n('achieved'))).toBeGreaterThanOrEqual(3);
      expect(await n('not_started')).toBe(0);
      // Codes of the year, not 2026's.
      expect(await page.getByTestId(`value-WJC${year % 100}-001`).count()).toBe(1);
      await page.screenshot({ path: path.join(screenshotDir, `demo-overview-${today}.png`) });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await feed.stop();
      await app.close();
      await worker.stop();
    }
  });
});
