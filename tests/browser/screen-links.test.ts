import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertScreen } from '../../server/src/screens/repository';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import { repoRoot } from '../support/process';
import { startBrowserStack, type BrowserStack } from '../support/stack';
import { signedInPage, signIn } from './sign-in';

/**
 * Device links on the screens page (/screens, issue 16 item 6) in a real browser: an admin
 * issues a link for a screen (shown once, with a QR code drawn in the page), the link opened
 * in a browser with no session shows the wall; revoked from the page, the wall loses access.
 */
type QRCodeModule = { create(text: string, opts: object): { modules: { size: number; data: Uint8Array } } };
const QRCode = createRequire(path.join(repoRoot, 'web/package.json'))('qrcode') as QRCodeModule;

let stack: BrowserStack;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  stack = await startBrowserStack('test-browser-screen-links');
  ({ app, browser, base } = stack);
  await insertScreen(stack.tdb.db, { id: 'hall-1', title: '城运中心大厅', planId: 'TP-2026', rotationSeconds: 20, views: [{ kind: 'overview' }, { kind: 'tiles' }] });
});

afterAll(async () => {
  await stack?.stop();
});

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
const sideOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function openScreen(page: Page, id: string): Promise<void> {
  await page.goto(`${base}/screens`);
  await page.getByRole('button', { name: id, exact: true }).click();
  await page.getByTestId('device-links').waitFor();
}

describe('device links on the screens page', () => {
  it('issues a link shown once with its QR code; the link shows the wall; revoked, the wall loses access', async () => {
    const admin = await signedInPage(browser, base, await signIn(app, 'admin'), { viewport: VIEWPORTS.desktop });
    const errors: string[] = [];
    admin.on('pageerror', (e) => errors.push(String(e)));
    admin.on('dialog', (d) => void d.accept());
    try {
      await openScreen(admin, 'hall-1');
      // The panel draws before its list has answered: wait for the list's own words.
      await admin.getByTestId('device-links').getByText('本大屏还没有设备链接').waitFor();
      await admin.getByTestId('device-link-issue').click();
      await admin.getByTestId('device-link').waitFor();
      const link = (await admin.getByTestId('device-link-value').textContent())!.trim();
      expect(link).toMatch(new RegExp(`^${base}/wall/hall-1\\?token=lst_[A-Za-z0-9_-]+$`));
      // The QR code is the link itself: the image's modules, read back from its pixels, are
      // the modules the QR library makes of the link (PNG bytes differ between encoders).
      const qr = admin.getByTestId('device-link-qr');
      await qr.waitFor();
      const expected = QRCode.create(link, { errorCorrectionLevel: 'M' }).modules;
      const seen = await qr.evaluate(async (el, size) => {
        const img = el as HTMLImageElement;
        await img.decode();
        const c = document.createElement('canvas');
        [c.width, c.height] = [img.naturalWidth, img.naturalHeight];
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        const margin = 2;
        const scale = img.naturalWidth / (size + margin * 2);
        const px = g.getImageData(0, 0, c.width, c.height).data;
        const dark: number[] = [];
        for (let r = 0; r < size; r++)
          for (let col = 0; col < size; col++) {
            const x = Math.floor((margin + col + 0.5) * scale);
            const y = Math.floor((margin + r + 0.5) * scale);
            dark.push(px[(y * c.width + x) * 4]! < 128 ? 1 : 0);
          }
        return dark;
      }, expected.size);
      expect(seen).toEqual([...expected.data]);
      await admin.getByTestId('device-token-row').first().waitFor();
      expect(await admin.getByTestId('device-token-row').count()).toBe(1);
      await shot(admin, 'screen-links-desktop-once');
      await admin.setViewportSize(VIEWPORTS.phone);
      await shot(admin, 'screen-links-phone-once');
      expect(await sideOverflow(admin), 'phone: side scrolling').toBe(0);
      await admin.setViewportSize(VIEWPORTS.desktop);

      // The TV's browser: no session, only the link.
      const tvContext = await browser.newContext({ viewport: VIEWPORTS.fullhd });
      const tv = await tvContext.newPage();
      try {
        await tv.goto(link);
        await tv.getByTestId('wall-freshness').waitFor({ timeout: 15_000 });
        await tv.locator('[data-testid=wall][data-view]').waitFor();
        expect(tv.url()).toBe(`${base}/wall/hall-1`); // the token does not stay in the address bar
        expect(await tv.getByTestId('wall-auth-error').count()).toBe(0);
        await shot(tv, 'screen-links-wall-opened', false);

        // Shown once: dismissed, it is gone, and the page never shows it again.
        await admin.getByTestId('device-link-done').click();
        await admin.getByTestId('device-link').waitFor({ state: 'detached' });
        const token = link.split('token=')[1]!;
        expect(await admin.content()).not.toContain(token);
        await openScreen(admin, 'hall-1');
        await admin.getByTestId('device-token-row').first().waitFor();
        expect(await admin.content()).not.toContain(token);

        // Revoked from the page: the wall is refused at its next read.
        await admin.getByTestId('device-token-revoke').click();
        await admin.locator('[data-testid=device-token-row][data-revoked=true]').waitFor();
        await shot(admin, 'screen-links-desktop-revoked');
        await admin.setViewportSize(VIEWPORTS.phone);
        await shot(admin, 'screen-links-phone-revoked');
        expect(await sideOverflow(admin), 'phone: side scrolling').toBe(0);
        // Its live link ends at once: the open wall stops showing 实时 without a reload.
        await expect.poll(() => tv.getByTestId('wall-freshness').getAttribute('data-state'), { timeout: 15_000 }).not.toBe('live');
        await shot(tv, 'screen-links-wall-revoked-open', false);
        await tv.reload();
        await tv.getByTestId('wall-auth-error').waitFor({ timeout: 15_000 });
        expect(await tv.getByTestId('wall-auth-error').textContent()).toContain('设备令牌无效或已吊销');
        const direct = await fetch(`${base}/api/screens/hall-1`, { headers: { authorization: `Bearer ${token}` } });
        expect(direct.status).toBe(401);
      } finally {
        await tvContext.close();
      }

      // English.
      await admin.setViewportSize(VIEWPORTS.desktop);
      await admin.evaluate(() => localStorage.setItem('luoshi.lang', 'en'));
      await openScreen(admin, 'hall-1');
      await admin.getByTestId('device-link-issue').click();
      await admin.getByTestId('device-link').waitFor();
      expect(await admin.getByTestId('device-links').textContent()).toContain('Device link for screen hall-1');
      await shot(admin, 'screen-links-desktop-en');
      await admin.setViewportSize(VIEWPORTS.phone);
      await shot(admin, 'screen-links-phone-en');
      expect(await sideOverflow(admin), 'phone: side scrolling').toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
