import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Screen, ScreenInput } from '@luoshi/shared';
import { DEMO_SCREEN } from '../../server/src/screens/seed';
import { bearer, issueToken } from '../support/auth';
import { screenshotDir } from '../support/browser';
import { signIn, signedInPage } from './sign-in';
import { inc, startWallStack, type WallStack } from './wall-stack';

/**
 * Playlists as operators expect (issue 18.11), in Chromium against the real server: each view
 * stays for its own dwell time; the same view kind for two sections and a unit, with an
 * empty section skipped; counters roll to their new value (翻牌器) and end on it exactly,
 * and just change for viewers who asked for less motion; the screens page edits dwell times
 * and unit views, refusing a bad dwell with the field named.
 */

const FULLHD = { width: 1920, height: 1080 };
let stack: WallStack;
let playlistToken = '';

/** S2 for 5 s, the empty S1 (skipped), 管理办 for 8 s. */
const PLAYLIST: ScreenInput = {
  id: 'pl',
  title: '大厅屏',
  planId: 'WJC-2026',
  rotationSeconds: 20,
  views: [
    { kind: 'section', sectionId: 'WJC-2026-S2', dwellSeconds: 5 },
    { kind: 'section', sectionId: 'WJC-2026-S1', dwellSeconds: 5 },
    { kind: 'unit', unit: 'YP-WJC-GLB', dwellSeconds: 8 },
  ],
};

beforeAll(async () => {
  stack = await startWallStack('wall-playlist');
  const res = await stack.app.inject({ method: 'POST', url: '/api/screens', payload: PLAYLIST, headers: bearer(stack.adminToken) });
  expect(res.statusCode).toBe(201);
  playlistToken = await issueToken(stack.tdb.db, { role: 'screen', screenId: 'pl', name: 'playlist screen' });
});

afterAll(async () => {
  await stack?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });

describe('wall playlists (issue 18.11)', () => {
  it('keeps each view for its own dwell time, skipping an empty section', { timeout: 60_000 }, async () => {
    const page = await stack.wallPage({ viewport: FULLHD }, playlistToken);
    try {
      // Every change of view, with the page's clock, the view shown and its progress bar's length.
      await page.addInitScript(() => {
        const seen: { at: number; index: string | null; shows: string | null; bar: string | null }[] = [];
        (window as unknown as { seen: typeof seen }).seen = seen;
        const record = (): void => {
          const wall = document.querySelector('[data-testid=wall]');
          const shows = document.querySelector('.wl-main [data-testid^=wall-section-], .wl-main [data-testid^=wall-unit-]')?.getAttribute('data-testid') ?? null;
          const bar = (document.querySelector('.wl-progress > span') as HTMLElement | null)?.style.animationDuration ?? null;
          const last = seen.at(-1);
          if (!wall || !shows || (last && last.shows === shows && last.index === wall.getAttribute('data-index'))) return;
          seen.push({ at: performance.now(), index: wall.getAttribute('data-index'), shows, bar });
        };
        new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-index'] });
      });
      await page.goto(`${stack.base}/wall/pl`);
      await page.getByTestId('wall-freshness').and(page.locator('[data-state=live]')).waitFor();
      await page.locator('.wl-main [data-testid^=wall-section-], .wl-main [data-testid^=wall-unit-]').first().waitFor();
      // Two entries in the playlist's dots: the section without targets is not among them.
      expect(await page.locator('.wl-dots > span').count()).toBe(2);
      await shot(page, 'wall-playlist-section');
      // Four changes of view: S2 → unit → S2 → unit → S2 (about 26 s from the start).
      await page.waitForFunction(() => (window as unknown as { seen: unknown[] }).seen.length >= 5, undefined, { timeout: 45_000 });
      const seen = await page.evaluate(() => (window as unknown as { seen: { at: number; index: string; shows: string; bar: string }[] }).seen);
      console.log(`wall playlist: ${seen.map((s) => `${Math.round(s.at)} ms ${s.shows} (bar ${s.bar})`).join(' → ')}`);
      expect(seen.map((s) => s.shows).slice(0, 5)).toEqual(['wall-section-WJC-2026-S2', 'wall-unit-YP-WJC-GLB', 'wall-section-WJC-2026-S2', 'wall-unit-YP-WJC-GLB', 'wall-section-WJC-2026-S2']);
      // How long each full stay lasted: unit, S2, unit (the first stay began before the data arrived, so it is left out).
      const stays = seen.slice(1, 4).map((s, i) => ({ shows: s.shows, ms: seen[i + 2]!.at - s.at, bar: s.bar }));
      expect(stays.map((s) => s.shows)).toEqual(['wall-unit-YP-WJC-GLB', 'wall-section-WJC-2026-S2', 'wall-unit-YP-WJC-GLB']);
      // Each view stays at least its own dwell (a busy machine only lengthens a stay), and the
      // unit (8 s) outstays the section (5 s): no upper bound in wall-clock time, which load would break.
      expect(Math.min(stays[0]!.ms, stays[2]!.ms)).toBeGreaterThan(stays[1]!.ms);
      for (const s of stays) {
        const dwell = s.shows.startsWith('wall-unit') ? 8_000 : 5_000;
        expect(s.ms, `${s.shows} stayed`).toBeGreaterThan(dwell - 800);
        // The progress bar runs for the view's own dwell too.
        expect(s.bar).toBe(`${dwell}ms`);
      }
      await shot(page, 'wall-playlist-unit');
    } finally {
      await page.close();
    }
  });

  it('rolls a changed number to its new value (翻牌器) and ends on it exactly', async () => {
    const page = await stack.wallPage({ viewport: FULLHD });
    try {
      const target = DEMO_SCREEN.views.findIndex((v) => v.kind === 'target');
      await page.goto(`${stack.base}/wall/demo?view=${target}`);
      const value = page.getByTestId('wall-target-value');
      await page.getByTestId('wall-freshness').and(page.locator('[data-state=live]')).waitFor();
      // 60,000 + 120,000 m² of history: 18万.
      await expect.poll(() => value.textContent()).toBe('18万');
      // While a strip is there, where it is drawn, frame by frame: the digits move.
      await page.evaluate(() => {
        const w = window as unknown as { offsets: string[] };
        w.offsets = [];
        const sample = (): void => {
          const strip = document.querySelector('[data-testid=wall-target-value] .wl-roll-strip');
          if (strip) w.offsets.push(getComputedStyle(strip).transform);
          requestAnimationFrame(sample);
        };
        requestAnimationFrame(sample);
      });
      await stack.publish(inc('pl-roll-1', 'WJC26-001', 30_000, stack.now().toISOString(), '翻牌测试'));
      // The rolling element appears (the old digits sliding to the new) …
      await page.locator('[data-testid=wall-target-value] .wl-roll-strip').first().waitFor({ timeout: 10_000 });
      await shot(page, 'wall-counter-rolling');
      // The strip is drawn, not text: what the number says is the new value even mid-roll.
      expect(await value.textContent()).toBe('21万');
      // … and goes after ~600 ms, leaving exactly the new value as plain text.
      await page.locator('[data-testid=wall-target-value] .wl-roll').waitFor({ state: 'detached', timeout: 3_000 });
      expect(await value.textContent()).toBe('21万');
      expect(await value.locator('*').count()).toBe(0);
      const offsets = await page.evaluate(() => (window as unknown as { offsets: string[] }).offsets);
      // Several different positions were drawn on the way: it rolled, it did not jump.
      expect(new Set(offsets).size, `strip positions ${offsets.join(' | ')}`).toBeGreaterThanOrEqual(3);
      // The percentage rolled and landed too (210,000 of 300,000).
      await expect.poll(() => page.getByTestId('wall-target-pct').textContent()).toContain('70.0%');
      await shot(page, 'wall-counter-rolled');
    } finally {
      await page.close();
    }
  });

  it('just changes the number for viewers who asked for less motion', async () => {
    const page = await stack.wallPage({ viewport: FULLHD, reducedMotion: 'reduce' });
    try {
      const target = DEMO_SCREEN.views.findIndex((v) => v.kind === 'target');
      await page.goto(`${stack.base}/wall/demo?view=${target}`);
      const value = page.getByTestId('wall-target-value');
      await page.getByTestId('wall-freshness').and(page.locator('[data-state=live]')).waitFor();
      await expect.poll(() => value.textContent()).toBe('21万');
      await page.evaluate(() => {
        const w = window as unknown as { rolled: boolean };
        w.rolled = false;
        new MutationObserver(() => {
          if (document.querySelector('.wl-roll')) w.rolled = true;
        }).observe(document.body, { subtree: true, childList: true });
      });
      await stack.publish(inc('pl-roll-2', 'WJC26-001', 30_000, stack.now().toISOString(), '翻牌测试'));
      await expect.poll(() => value.textContent(), { timeout: 10_000 }).toBe('24万');
      // Still glows (the change is told), but nothing rolled.
      await page.locator('[data-testid=wall-target-value].is-changed').waitFor({ timeout: 2_000 });
      expect(await page.evaluate(() => (window as unknown as { rolled: boolean }).rolled)).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('hides sections without targets from the overview (no "—%")', async () => {
    const page = await stack.wallPage({ viewport: FULLHD });
    try {
      await page.goto(`${stack.base}/wall/demo?view=0`);
      const sections = page.locator('.wl-sections');
      await sections.locator('li').first().waitFor();
      const text = await sections.innerText();
      expect(text).toContain('三、');
      // 一、 and 五、 of WJC-2026 hold no targets.
      expect(text).not.toContain('一、');
      expect(text).not.toContain('五、');
      expect(text).not.toContain('—');
    } finally {
      await page.close();
    }
  });

  it('edits dwell times and unit views on the screens page, refusing a bad dwell with the field named', async () => {
    const page = await signedInPage(stack.browser, stack.base, await signIn(stack.app, 'admin'), { viewport: { width: 1440, height: 900 } });
    try {
      await page.goto(`${stack.base}/screens`);
      await page.getByRole('button', { name: 'pl', exact: true }).click();
      const form = page.getByTestId('screen-form');
      await form.waitFor();
      await form.getByLabel('停留（秒） 1', { exact: true }).fill('4');
      await form.getByRole('button', { name: '保存' }).click();
      // In the page's language (the shared check's problem and numbers, the page's words), not the API's English.
      await expect.poll(() => form.getByRole('alert').textContent()).toBe('轮播内容第 1 项：停留时间须为 5–600 秒的整数（留空则按轮播间隔）');
      await page.screenshot({ path: path.join(screenshotDir, 'screens-admin-dwell-refused.png'), fullPage: true });
      await form.getByLabel('停留（秒） 1', { exact: true }).fill('12');
      // The second entry (the empty section) becomes another department's targets, shown for the screen's interval.
      await form.getByLabel('轮播内容 2', { exact: true }).selectOption('unit');
      await form.getByLabel('部门', { exact: true }).first().selectOption('YP-WJC-ZZB');
      await form.getByLabel('停留（秒） 2', { exact: true }).fill('');
      await page.screenshot({ path: path.join(screenshotDir, 'screens-admin-dwell.png'), fullPage: true });
      await form.getByRole('button', { name: '保存' }).click();
      await form.getByText('已保存').waitFor();
      const saved = (await stack.app.inject({ method: 'GET', url: '/api/screens/pl', headers: bearer(stack.adminToken) })).json<Screen>();
      expect(saved.views).toEqual([
        { kind: 'section', sectionId: 'WJC-2026-S2', dwellSeconds: 12 },
        { kind: 'unit', unit: 'YP-WJC-ZZB' },
        { kind: 'unit', unit: 'YP-WJC-GLB', dwellSeconds: 8 },
      ]);
    } finally {
      await page.close();
    }
  });
});
