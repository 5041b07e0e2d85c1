import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressSubject, type ProgressEvent } from '@luoshi/shared';
import { insertScreen } from '../../server/src/screens/repository';
import { issueToken } from '../support/auth';
import { screenshotDir } from '../support/browser';
import type { TestDatabase } from '../support/infra';
import { startStack, webDist, type Stack } from '../support/stack';

/**
 * The wall's honesty and self-repair (issue 8), with the intervals shortened for the test:
 * `?stale=2` on the page (2 s of silence allowed instead of 60 s) and the server's
 * `screenHeartbeatMs` (SCREEN_HEARTBEAT_MS). 数据可能已过期 appears while the socket is up
 * but silent and goes when data flows; a heartbeat alone keeps it away; a view that fails
 * to render on a malformed answer shows the boundary's panel and comes back by its retry.
 */
const VIEWPORT = { width: 1920, height: 1080 };
let stack: Stack;
let tdb: TestDatabase;
let nc: NatsConnection;
/** No heartbeat within the test (10 min). */
let silent: FastifyInstance;
/** A heartbeat every 500 ms. */
let urls: { silent: string; beating: string };
let browser: Browser;
let deviceToken: string;
let n = 0;

async function publish(target: 'TP-JOBS', value = 1): Promise<void> {
  const e: ProgressEvent = { id: `honesty-${++n}-${Date.now()}`, target, kind: 'increment', value, occurredAt: stack.now().toISOString(), reporter: '诚实测试' };
  await jetstream(nc).publish(progressSubject('T-JD-A', target), JSON.stringify(e), { msgID: e.id });
}

beforeAll(async () => {
  // Two servers on one database: one that never beats within the test (10 min), one every 500 ms.
  stack = await startStack({ name: 'test-wall-honesty', accounts: true, worker: true, app: { webDist, screenHeartbeatMs: 600_000 }, listen: true, browser: true });
  ({ tdb, nc, browser, app: silent } = stack);
  const second = await stack.addApp({ app: { webDist, screenHeartbeatMs: 500 }, listen: true });
  urls = { silent: stack.url, beating: second.url! };
  await insertScreen(tdb.db, { id: 'hall', title: '城运中心', planId: 'TP-2026', rotationSeconds: 20, views: [{ kind: 'overview' }, { kind: 'tiles' }] });
  deviceToken = await issueToken(tdb.db, { role: 'screen', screenId: 'hall', name: 'hall device' });
});

afterAll(() => stack?.stop());

async function wallPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.addInitScript((t) => localStorage.setItem('luoshi.screenToken', t), deviceToken);
  return page;
}
const badge = (page: Page) => page.getByTestId('wall-freshness');
const stateOf = (page: Page) => badge(page).getAttribute('data-state');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });

describe('wall honesty', () => {
  // The retry must refetch the failed view's queries although they are inactive while the
  // panel shows (a plain invalidate left the bad answer cached, and recovery took 15 s or more).
  it('shows the error panel when a view cannot render a malformed answer, and recovers by its retry without reloading', async () => {
    const page = await wallPage();
    const logged: string[] = [];
    page.on('console', (m) => m.type() === 'error' && logged.push(m.text()));
    // One malformed overview from "the server" (sections missing), then the real ones: the
    // overview view throws on it; nothing in the app is changed for the test.
    let served = 0;
    await page.route('**/api/plans/TP-2026/overview', async (route) => {
      if (served++ > 0) return route.continue();
      const res = await route.fetch();
      const body = (await res.json()) as Record<string, unknown>;
      // Without the real answer's ETag: the browser must not keep this body as that version
      // (a later 304 would hand the broken body back).
      await route.fulfill({ status: 200, contentType: 'application/json', headers: { 'cache-control': 'no-store' }, json: { ...body, sections: null } });
    });
    try {
      await page.goto(`${urls.silent}/wall/hall?view=0`);
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 3));
      const panel = page.getByText('显示出错，正在自动恢复');
      await panel.waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('wall-overall').count()).toBe(0);
      // The rest of the wall carries on around it.
      expect(await badge(page).count()).toBe(1);
      await shot(page, 'wall-error-boundary');
      expect(logged.some((l) => l.includes('wall view failed'))).toBe(true);

      // Fresh data comes; the boundary
      // retry (5 s after the failure) renders the view again.
      await publish('TP-JOBS', 2);
      await page.getByTestId('wall-overall').waitFor({ timeout: 15_000 });
      expect(await panel.count()).toBe(0);
      expect(served).toBeGreaterThan(1);
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(3);
      await shot(page, 'wall-error-recovered');
    } finally {
      await page.close();
    }
  });
  it('says 数据可能已过期 when connected but silent past the threshold, and stops saying it when data flows', async () => {
    const page = await wallPage();
    try {
      await page.goto(`${urls.silent}/wall/hall?view=0&stale=2`);
      await page.getByTestId('wall-overall').waitFor();
      await badge(page).and(page.locator('[data-state=live]')).waitFor();
      const quietFrom = Date.now();
      await badge(page).and(page.locator('[data-state=stale]')).waitFor({ timeout: 8_000 });
      console.log(`wall: stale after ${Date.now() - quietFrom} ms of silence (threshold 2 s)`);
      expect(await badge(page).textContent()).toContain('数据可能已过期');
      // Stale, not cut off: the socket is still up on the server.
      expect(silent.io.of('/').sockets.size).toBeGreaterThan(0);
      await shot(page, 'wall-stale');

      const started = Date.now();
      await publish('TP-JOBS');
      await badge(page).and(page.locator('[data-state=live]')).waitFor({ timeout: 5_000 });
      console.log(`wall: an update → 实时 again in ${Date.now() - started} ms`);
      expect(await badge(page).textContent()).toContain('实时');
      // And silence makes it say so again.
      await badge(page).and(page.locator('[data-state=stale]')).waitFor({ timeout: 8_000 });
    } finally {
      await page.close();
    }
  });

  it('stays 实时 on heartbeats alone when nothing changes', async () => {
    const page = await wallPage();
    try {
      await page.goto(`${urls.beating}/wall/hall?view=0&stale=2`);
      await page.getByTestId('wall-overall').waitFor();
      await badge(page).and(page.locator('[data-state=live]')).waitFor();
      const seen = new Set<string | null>();
      for (const until = Date.now() + 5_000; Date.now() < until; ) {
        seen.add(await stateOf(page));
        await new Promise((r) => setTimeout(r, 200));
      }
      expect([...seen]).toEqual(['live']);
    } finally {
      await page.close();
    }
  });

});
