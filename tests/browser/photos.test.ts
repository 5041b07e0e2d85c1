import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_MAX_LONG_SIDE, PHOTO_TARGET_BYTES, THUMB_MAX_BYTES } from '@luoshi/shared';
import { carriesLocation, exifWithGps } from '../../server/src/photos/fixtures';
import type { Session } from '../support/auth';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import { startBrowserStack, type BrowserStack } from '../support/stack';
import { signedInPage, signIn } from './sign-in';

/**
 * Issue 18.7 in a real browser, as a clerk on a phone: attach a camera photo (a real JPEG
 * with Exif GPS), lose the signal, report, get the signal back; the report is counted, the
 * photo uploaded after it, and shown as a thumbnail in the history and on the target page.
 * What the server serves carries no location.
 */
let s: BrowserStack;
let staff: Session;
let leader: Session;

beforeAll(async () => {
  s = await startBrowserStack('test-browser-photos');
  staff = await signIn(s.app, 'staff-t-jd-a');
  leader = await signIn(s.app, 'leader-t-jd');
});

afterAll(async () => {
  await s?.stop();
});

/** A real 3000 × 2000 JPEG drawn by Chromium, with a phone camera's Exif block (GPS) spliced in after SOI. */
async function cameraJpeg(page: Page): Promise<Buffer> {
  const bytes = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 3000;
    c.height = 2000;
    const g = c.getContext('2d')!;
    const grad = g.createLinearGradient(0, 0, 3000, 2000);
    grad.addColorStop(0, '#2f6fb3');
    grad.addColorStop(1, '#e9b949');
    g.fillStyle = grad;
    g.fillRect(0, 0, 3000, 2000);
    g.fillStyle = '#fff';
    g.font = 'bold 220px sans-serif';
    g.fillText('现场 · 五角场', 300, 1100);
    const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/jpeg', 0.95));
    return [...new Uint8Array(await blob.arrayBuffer())];
  });
  const jpeg = Buffer.from(bytes);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 0]), exifWithGps()]);
  app1.writeUInt16BE(app1.length - 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

const eventsOf = async (target: string) => (await s.tdb.db.selectFrom('events').select('id').where('target_code', '=', target).execute()).map((e) => e.id);

describe('photo evidence on a phone', () => {
  it('attaches a camera photo offline, sends report then photo when back, shows it in history and on the target page without GPS', async () => {
    const page = await signedInPage(s.browser, s.base, staff, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.base}/report`);
    await page.getByTestId('rp-card').first().waitFor();
    const photo = await cameraJpeg(page);
    expect(carriesLocation(photo)).toBe(true);
    expect(photo.length).toBeGreaterThan(PHOTO_TARGET_BYTES / 10);

    await page.context().setOffline(true);
    const card = page.locator('[data-testid="rp-card"][data-target="TP-JOBS"]');
    await card.getByTestId('rp-open-report').click();
    const form = card.getByTestId('report-form');
    await form.getByLabel('本次新增').fill('3');
    await expect.poll(() => form.getByText('拍照/添加照片').count()).toBe(1);
    expect(await form.getByTestId('photo-input').getAttribute('capture')).toBe('environment');
    await form.getByTestId('photo-input').setInputFiles({ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: photo });
    const preview = form.getByTestId('photo-preview');
    await preview.waitFor();
    // Downscaled in the browser: long side 1600, aspect kept, under the byte budget.
    expect(Number(await preview.getAttribute('data-width'))).toBe(PHOTO_MAX_LONG_SIDE);
    expect(Number(await preview.getAttribute('data-height'))).toBe(1067);
    expect(Number(await preview.getAttribute('data-size'))).toBeLessThanOrEqual(PHOTO_TARGET_BYTES);
    await page.screenshot({ path: path.join(screenshotDir, 'photo-form-phone.png'), fullPage: true });

    await form.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.getByTestId('outbox-waiting').textContent()).toBe('待发送 1 条');
    await expect.poll(() => page.getByTestId('outbox-photos-waiting').textContent()).toBe('照片待上传 1 张');
    // The bytes wait in IndexedDB, not localStorage.
    const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)!.length));
    expect(Math.max(...stored)).toBeLessThan(10_000);
    expect(await page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name?.startsWith('luoshi-photos-')))).toBe(true);
    expect(await s.tdb.db.selectFrom('event_photos').select('n').execute()).toEqual([]);

    // Signal back: the report goes, then its photo.
    await page.context().setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => eventsOf('TP-JOBS'), { timeout: 20_000 }).toHaveLength(1);
    const [eventId] = await eventsOf('TP-JOBS');
    await expect.poll(async () => (await s.tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', eventId!).execute()).length, { timeout: 20_000 }).toBe(1);
    const row = await s.tdb.db.selectFrom('event_photos').selectAll().where('event_id', '=', eventId!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ target_code: 'TP-JOBS', owner_unit: 'T-JD-A', n: 1, mime: 'image/jpeg', width: 1600, height: 1067 });
    expect(carriesLocation(row.bytes)).toBe(false);
    // Its thumbnail, made by the phone beside it: 320 px on the long side, a few tens of KB.
    await expect.poll(async () => (await s.tdb.db.selectFrom('event_photos').select('thumb_width').where('event_id', '=', eventId!).executeTakeFirst())?.thumb_width, { timeout: 20_000 }).toBe(320);
    const thumbRow = await s.tdb.db.selectFrom('event_photos').select(['thumb_mime', 'thumb_width', 'thumb_height', 'thumb_size']).where('event_id', '=', eventId!).executeTakeFirstOrThrow();
    expect(thumbRow).toMatchObject({ thumb_mime: 'image/jpeg', thumb_width: 320, thumb_height: 213 });
    expect(thumbRow.thumb_size).toBeLessThan(THUMB_MAX_BYTES);
    expect(thumbRow.thumb_size! * 5).toBeLessThan(row.size);
    await expect.poll(() => page.getByTestId('outbox-photos').first().getAttribute('data-uploaded'), { timeout: 20_000 }).toBe('1');
    await expect.poll(() => page.getByTestId('report-state').first().getAttribute('data-state'), { timeout: 20_000 }).toBe('counted');
    await page.screenshot({ path: path.join(screenshotDir, 'photo-outbox-phone.png'), fullPage: true });

    // History: counted, with its thumbnail, drawn from the served bytes.
    await page.goto(`${s.base}/report/history`);
    const line = page.locator(`[data-testid="history-item"][data-event="${eventId}"]`);
    await line.waitFor();
    expect(await line.getAttribute('data-outcome')).toBe('counted');
    const thumb = line.getByTestId('photo-thumb');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(320);
    await page.screenshot({ path: path.join(screenshotDir, 'photo-history-phone.png'), fullPage: true });

    // The bytes as the browser gets them: JPEG, nosniff, private, and no location.
    const served = await page.evaluate(async (src) => {
      const res = await fetch(src);
      return { type: res.headers.get('content-type'), nosniff: res.headers.get('x-content-type-options'), cache: res.headers.get('cache-control'), bytes: [...new Uint8Array(await res.arrayBuffer())] };
    }, (await thumb.getAttribute('src'))!);
    expect(served).toMatchObject({ type: 'image/jpeg', nosniff: 'nosniff', cache: 'private, max-age=86400' });
    expect(served.bytes.length).toBe(thumbRow.thumb_size);
    expect(carriesLocation(Buffer.from(served.bytes))).toBe(false);

    // A tap opens the full photo.
    const [full] = await Promise.all([page.context().waitForEvent('page'), thumb.click()]);
    await full!.waitForLoadState();
    expect(full!.url()).toBe(`${s.base}/api/targets/TP-JOBS/events/${eventId}/photos/1`);
    expect(await full!.evaluate(() => document.contentType)).toBe('image/jpeg');
    await full!.close();

    // The target page's event log, on the phone.
    await page.goto(`${s.base}/targets/TP-JOBS`);
    const entry = page.locator(`[data-testid="event-log"] li[data-event="${eventId}"]`);
    await entry.getByTestId('photo-thumb').waitFor();
    await expect.poll(() => entry.getByTestId('photo-thumb').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(320);
    // The leader-free event log offers no delete control (deleting is the history page's, for the uploader).
    expect(await entry.getByTestId('photo-delete').count()).toBe(0);
    await entry.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshotDir, 'photo-target-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();

    // A leader of the unit above sees it on the target page at a desktop.
    const desk = await signedInPage(s.browser, s.base, leader, { viewport: VIEWPORTS.desktop });
    await desk.goto(`${s.base}/targets/TP-JOBS`);
    const deskThumb = desk.locator(`[data-testid="event-log"] li[data-event="${eventId}"]`).getByTestId('photo-thumb');
    await deskThumb.waitFor();
    await expect.poll(() => deskThumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(320);
    await deskThumb.scrollIntoViewIfNeeded();
    await desk.screenshot({ path: path.join(screenshotDir, 'photo-target-desktop.png') });
    // The leader's history of the unit: thumbnails, no delete control.
    await desk.goto(`${s.base}/report/history?unit=T-JD-A`);
    const deskLine = desk.locator(`[data-testid="history-item"][data-event="${eventId}"]`);
    await deskLine.getByTestId('photo-thumb').waitFor();
    expect(await deskLine.getByTestId('photo-delete').count()).toBe(0);
    await desk.close();

    // The clerk deletes the mistaken picture from the history: asked first; cancelling keeps it.
    const again = await signedInPage(s.browser, s.base, staff, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true });
    await again.goto(`${s.base}/report/history`);
    const mine = again.locator(`[data-testid="history-item"][data-event="${eventId}"]`);
    await mine.getByTestId('photo-thumb').waitFor();
    await mine.scrollIntoViewIfNeeded();
    await again.screenshot({ path: path.join(screenshotDir, 'photo-history-delete-phone.png') });
    const asked: string[] = [];
    again.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await mine.getByTestId('photo-delete').click();
    await expect.poll(() => asked).toEqual(['确定删除照片 1？删除后无法恢复，删除操作会被记录。']);
    expect(await s.tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', eventId!).execute()).toHaveLength(1);
    again.once('dialog', (d) => void d.accept());
    await mine.getByTestId('photo-delete').click();
    await expect.poll(() => mine.getByTestId('photo-thumb').count(), { timeout: 10_000 }).toBe(0);
    expect(await s.tdb.db.selectFrom('event_photos').select('n').where('event_id', '=', eventId!).execute()).toEqual([]);
    expect(await s.tdb.db.selectFrom('audit_log').select(['action', 'actor_name']).where('action', '=', 'photos.delete').execute()).toEqual([{ action: 'photos.delete', actor_name: 'staff-t-jd-a' }]);
    await again.close();
  });

  it('names a file that is not a picture and photos beyond four, and lets a preview be removed', async () => {
    // bypassCSP: the test reads a preview's blob: bytes with fetch, which the app's connect-src rightly does not allow.
    const page = await signedInPage(s.browser, s.base, staff, { viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true, bypassCSP: true });
    await page.goto(`${s.base}/report`);
    const card = page.locator('[data-testid="rp-card"][data-target="TP-JOBS"]');
    await card.getByTestId('rp-open-report').click();
    const form = card.getByTestId('report-form');
    const photo = await cameraJpeg(page);
    const input = form.getByTestId('photo-input');

    await input.setInputFiles({ name: '伪装.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    await expect.poll(() => form.getByTestId('photo-problem').textContent()).toContain('“伪装.jpg”不是可识别的图片');
    expect(await form.getByTestId('photo-preview').count()).toBe(0);

    const five = [1, 2, 3, 4, 5].map((k) => ({ name: `IMG_${k}.jpg`, mimeType: 'image/jpeg', buffer: photo }));
    await input.setInputFiles(five);
    await expect.poll(() => form.getByTestId('photo-preview').count(), { timeout: 20_000 }).toBe(4);
    expect(await form.getByTestId('photo-problem').textContent()).toBe('每条上报最多附 4 张照片，多出的 1 张未添加');
    // The canvas re-encode alone drops the camera's Exif block, GPS included (the server's own cut is a second wall, tested apart).
    expect(carriesLocation(photo)).toBe(true);
    const local = await form
      .getByTestId('photo-preview')
      .first()
      .locator('img')
      .evaluate(async (img: HTMLImageElement) => [...new Uint8Array(await (await fetch(img.src)).arrayBuffer())]);
    expect(Buffer.from(local).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(carriesLocation(Buffer.from(local))).toBe(false);
    expect(await input.isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'photo-form-full-phone.png'), fullPage: true });

    await form.getByRole('button', { name: '移除照片 2' }).click();
    expect(await form.getByTestId('photo-preview').count()).toBe(3);
    expect(await input.isDisabled()).toBe(false);
    await page.close();
  });
});
