import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/auth';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import { startBrowserStack, type BrowserStack } from '../support/stack';
import { signedInPage, signIn } from './sign-in';

/**
 * Issue 18.6 in a real browser: the service worker (vite-plugin-pwa/Workbox) serves the app
 * shell when there is no signal, so a clerk reloading /report offline sees the page and the
 * reports waiting in the device's outbox; the app is installable.
 */
let s: BrowserStack;
let staff: Session;

beforeAll(async () => {
  s = await startBrowserStack('test-browser-offline');
  staff = await signIn(s.app, 'staff-t-jd-a');
});

afterAll(async () => {
  await s?.stop();
});

describe('offline app shell', () => {
  it('reloading /report without signal shows the app with its outbox, then sends when back', async () => {
    const page = await signedInPage(s.browser, s.base, staff, { viewport: VIEWPORTS.phone });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.base}/report`);
    await page.getByTestId('rp-card').first().waitFor();
    // The worker installs after load and takes control of the page (clientsClaim).
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 })
      .toBe(true);

    await page.context().setOffline(true);
    const card = page.locator('[data-testid="rp-card"][data-target="TP-JOBS"]');
    await card.getByTestId('rp-open-report').click();
    const form = card.getByTestId('report-form');
    await form.getByLabel('本次新增').fill('2');
    await form.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByTestId('outbox-waiting').textContent()).toBe('待发送 1 条');

    // Without signal the browser would show its own offline page; the worker answers instead.
    await page.reload();
    await page.getByTestId('report-page').waitFor();
    await expect.poll(() => page.getByTestId('outbox-waiting').textContent()).toBe('待发送 1 条');
    expect(await page.getByTestId('recent-item').count()).toBe(1);
    await page.getByTestId('rp-targets-offline').waitFor(); // not 加载中… forever
    await page.screenshot({ path: path.join(screenshotDir, 'offline-report-phone.png'), fullPage: true });

    // Signal back: the report goes out and is counted once.
    await page.context().setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect
      .poll(
        async () =>
          (await s.tdb.db.selectFrom('events').select('id').where('target_code', '=', 'TP-JOBS').execute()).length,
        { timeout: 20_000 },
      )
      .toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is installable: a manifest with icons, served fresh, and no installability errors', async () => {
    const res = await fetch(`${s.base}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const manifest = (await res.json()) as { start_url: string; display: string; icons: { sizes: string }[] };
    expect(manifest.start_url).toBe('/report');
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of ['/icon-192.png', '/icon-512.png']) expect((await fetch(`${s.base}${icon}`)).status).toBe(200);
    const sw = await fetch(`${s.base}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache'); // a new version is found at once

    const page = await signedInPage(s.browser, s.base, staff, { viewport: VIEWPORTS.phone });
    await page.goto(`${s.base}/report`);
    await page.getByTestId('rp-card').first().waitFor();
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 })
      .toBe(true);
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    // A test context is an incognito profile, where Chromium never installs; nothing else may be missing.
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    await page.close();
  });
});
