import path from 'node:path';
import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDate, progressSubject, type MonthlyBulletin, type ProgressEvent } from '@luoshi/shared';
import { writeBatch } from '../../server/src/ingest/batch';
import type { Session } from '../support/auth';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import { startBrowserStack, type BrowserStack } from '../support/stack';
import { asUser, signedInPage, signIn } from './sign-in';
import { datesBrokenAcrossLines } from './wrapped-dates';

/**
 * Issue 17 in a real browser against the real server: a leader sends 催办 and a 批示 from
 * a target's page, the clerk's bell counts them live (no reload), the clerk replies and
 * marks it handled, and the leader's page shows the reply live; last month's 通报 renders
 * with the API's counts, prints to PDF, and the department whose every target is finished
 * (T-JD-B: TP-AREA reached its target in October) is not shown at 0%.
 */
let s: BrowserStack;
let staff: Session;
let leader: Session;
/** Last month by the stack's clock (TEST_DAY), the month the server's 通报 opens on. */
let lastMonth: string;

async function report(e: ProgressEvent, unit: string, receivedDay: string): Promise<void> {
  await writeBatch(s.tdb.db, [{ subject: progressSubject(unit, e.target), data: new TextEncoder().encode(JSON.stringify(e)), seq: Math.floor(Math.random() * 1e9) }], s.now());
  await sql`alter table events disable trigger events_append_only`.execute(s.tdb.db);
  await sql`update events set received_at = ${`${receivedDay}T10:00:00+08:00`}::timestamptz where id = ${e.id}`.execute(s.tdb.db);
  await sql`alter table events enable trigger events_append_only`.execute(s.tdb.db);
}

beforeAll(async () => {
  s = await startBrowserStack('test-browser-supervision');
  const today = chinaDate(s.now())!;
  lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  await s.tdb.db.updateTable('plans').set({ default_cadence: 'weekly', due_working_days: 2 }).where('id', '=', 'TP-2026').execute();
  const finishedOn = addDays(`${lastMonth}-01`, -20);
  await report({ id: 'bsv-area', target: 'TP-AREA', kind: 'reading', value: 2_020_000, occurredAt: `${finishedOn}T09:00:00+08:00` }, 'T-JD-B', finishedOn);
  await report({ id: 'bsv-jobs', target: 'TP-JOBS', kind: 'increment', value: 10, occurredAt: `${lastMonth}-10T09:00:00+08:00` }, 'T-JD-A', `${lastMonth}-10`);
  // An adjustment (调整) last month: a row of TP-JOBS's history as plan-admin's PATCH writes it,
  // dated into last month (the route stamps the database's now).
  await s.tdb.db
    .insertInto('target_changes')
    .values([
      { target_code: 'TP-JOBS', field: 'targetValue', old_value: JSON.stringify(127), new_value: JSON.stringify(150), reason: '区里下达任务调整，目标值提高', actor_id: null, actor_name: '系统管理员', changed_at: new Date(`${lastMonth}-12T15:30:00+08:00`) },
      { target_code: 'TP-JOBS', field: 'dueDate', old_value: JSON.stringify('2026-12-31'), new_value: JSON.stringify('2026-11-30'), reason: '提前完成', actor_id: null, actor_name: '系统管理员', changed_at: new Date(`${lastMonth}-12T15:31:00+08:00`) },
    ])
    .execute();
  staff = await signIn(s.app, 'staff-t-jd-a');
  leader = await signIn(s.app, 'leader-t-jd');
});

afterAll(async () => {
  await s?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });

describe('the supervision loop in a real browser', () => {
  it('催办 and 批示 reach the clerk’s bell live; the reply reaches the leader live', async () => {
    const staffPage = await signedInPage(s.browser, s.base, staff, { viewport: VIEWPORTS.phone });
    const errors: string[] = [];
    staffPage.on('pageerror', (e) => errors.push(String(e)));
    await staffPage.goto(`${s.base}/report`);
    await staffPage.getByTestId('my-owed').waitFor();
    expect(await staffPage.locator('[data-testid="owed-item"][data-target="TP-JOBS"]').count()).toBe(1);
    await shot(staffPage, 'sv-report-owed-phone');
    expect(await staffPage.getByTestId('bell-count').count()).toBe(0);

    const leaderPage = await signedInPage(s.browser, s.base, leader, { viewport: VIEWPORTS.desktop });
    leaderPage.on('pageerror', (e) => errors.push(String(e)));
    await leaderPage.goto(`${s.base}/targets/TP-JOBS`);
    await leaderPage.getByTestId('leader-actions').waitFor();
    await leaderPage.getByTestId('remind-message').fill('请本周五前补报就业人数');
    await leaderPage.getByTestId('remind-send').click();
    await expect.poll(() => leaderPage.getByTestId('remind-result').textContent()).toContain('1');
    // The clerk's bell counts it without a reload.
    await expect.poll(() => staffPage.getByTestId('bell-count').textContent(), { timeout: 10_000 }).toBe('1');

    await leaderPage.getByTestId('instruction-body').fill('就业指标进度偏慢，请说明原因并提出措施。');
    await leaderPage.getByTestId('instruction-send').click();
    await expect.poll(() => staffPage.getByTestId('bell-count').textContent(), { timeout: 10_000 }).toBe('2');
    await staffPage.getByTestId('bell').click();
    await staffPage.getByTestId('inbox').waitFor();
    await shot(staffPage, 'sv-bell-phone');

    await staffPage.getByTestId('inbox-item').first().getByRole('link').click();
    await staffPage.waitForURL(`${s.base}/targets/TP-JOBS`);
    const ins = staffPage.getByTestId('instruction').first();
    await ins.getByTestId('reply-body').fill('已召开专题会，本月新增就业岗位 20 个。');
    await ins.getByTestId('reply-send').click();
    await expect.poll(() => staffPage.getByTestId('instruction').first().getAttribute('data-handled')).toBe('yes');

    // The leader's page shows the reply without a reload (timeline notice on the target room + inbox).
    await expect.poll(() => leaderPage.getByTestId('reply').count(), { timeout: 10_000 }).toBe(1);
    expect(await leaderPage.getByTestId('reply').first().textContent()).toContain('新增就业岗位 20 个');
    await expect.poll(() => leaderPage.getByTestId('bell-count').textContent(), { timeout: 10_000 }).toBe('1');
    const kinds = await leaderPage.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(new Set(kinds)).toEqual(new Set(['report', 'reminder', 'instruction', 'reply']));
    await shot(leaderPage, 'sv-target-leader-desktop');
    expect(errors).toEqual([]);
    await staffPage.close();
    await leaderPage.close();
  });

  it('last month’s 通报 renders with the API’s counts, prints to PDF, and the all-finished department is not at 0%', async () => {
    const api = (await (await fetch(`${s.base}/api/plans/TP-2026/bulletin?month=${lastMonth}`, asUser(leader))).json()) as MonthlyBulletin;
    for (const [name, viewport, lang] of [
      ['phone', VIEWPORTS.phone, 'zh'],
      ['laptop', { width: 1280, height: 800 }, 'zh'],
      ['fullhd', VIEWPORTS.fullhd, 'zh'],
      ['uhd', VIEWPORTS.uhd, 'en'],
    ] as const) {
      const page = await signedInPage(s.browser, s.base, leader, { viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      // The phone opens it without a month: the page takes the server's default (last month by the
      // server's clock, here TEST_DAY's), not one from the browser's clock, which is on the real date.
      await page.goto(`${s.base}/plans/TP-2026/monthly${name === 'phone' ? '' : `?month=${lastMonth}`}`);
      await page.getByTestId('bulletin-counts').waitFor();
      expect(await page.getByTestId('month-picker').inputValue()).toBe(lastMonth);
      expect(await page.locator('[data-month]').getAttribute('data-month')).toBe(lastMonth);
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
      for (const c of ['finished', 'ahead', 'on_pace', 'behind'] as const) {
        expect(Number(await page.getByTestId(`count-${c}`).textContent()), c).toBe(api.counts[c]);
      }
      // The month's adjustments: as many rows as the API lists, each with old → new, reason, who and China time.
      expect(api.adjustments).toHaveLength(2);
      const adj = page.getByTestId('adjustment-row');
      expect(await adj.count()).toBe(api.adjustments.length);
      expect(await page.getByTestId('adjustment-count').textContent()).toContain(String(api.adjustments.length));
      const first = (await adj.first().textContent()) ?? '';
      expect(first).toContain('127 人 → 150 人');
      expect(first).toContain('区里下达任务调整');
      expect(first).toContain('系统管理员');
      expect(first).toContain(`${lastMonth}-12 15:30`);
      const unitB = await page.locator('[data-unit="T-JD-B"] [data-testid="unit-timeliness"]').textContent();
      expect(unitB).not.toMatch(/^0(\.0)?%$/);
      // No date or time in its tables broken over two lines.
      for (const table of await page.locator('[data-testid=monthly-bulletin] table').all()) expect(await datesBrokenAcrossLines(table), name).toEqual([]);
      // Nothing spills sideways off the screen (the ranking table scrolls inside its box).
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await shot(page, `sv-monthly-${name}-${lang}`);
      if (name === 'fullhd') {
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
        expect(pdf.length).toBeGreaterThan(10_000);
        await import('node:fs/promises').then((fs) => fs.writeFile(path.join(screenshotDir, 'sv-monthly.pdf'), pdf));
        // What the A4 page looks like: print media at A4's width (210 mm at 96 dpi, less the 15 mm margins).
        await page.emulateMedia({ media: 'print' });
        await page.setViewportSize({ width: 680, height: 1000 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
        await shot(page, 'sv-monthly-print-a4');
        await page.emulateMedia({ media: 'screen' });
        await page.setViewportSize(viewport);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
    expect(api.counts.finished).toBeGreaterThanOrEqual(1);
  });

  it('the overview’s league and the old bulletin do not show the all-finished department at 0%', async () => {
    const page = await signedInPage(s.browser, s.base, leader, { viewport: VIEWPORTS.fullhd });
    await page.goto(`${s.base}/plans/TP-2026`);
    await page.getByTestId('changes').waitFor();
    await shot(page, 'sv-overview-changes-fullhd');
    const ov = (await (await fetch(`${s.base}/api/plans/TP-2026/overview`, asUser(leader))).json()) as { units: { code: string; timeliness: number }[] };
    expect(ov.units.find((u) => u.code === 'T-JD-B')!.timeliness).toBe(1);
    await page.goto(`${s.base}/plans/TP-2026/bulletin`);
    await page.waitForLoadState('networkidle');
    const row = page.locator('tr', { hasText: '社区管理办公室' }).first();
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.map((c) => c.trim())).not.toContain('0.0%');
    expect(cells.map((c) => c.trim())).toContain('100.0%');
    await page.close();
  });
});
