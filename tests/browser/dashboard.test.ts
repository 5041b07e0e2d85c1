import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedData } from '@luoshi/seeds';
import {
  chinaDate,
  DEFAULT_STATUS_BANDS,
  parseStatusPalette,
  progressSubject,
  statusTones,
  type PlanOverview,
  type ProgressEvent,
  type TargetState,
} from '@luoshi/shared';
import { buildApp } from '../../server/src/app';
import type { Session } from '../support/auth';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import type { TestDatabase } from '../support/infra';
import { repoRoot } from '../support/process';
import { waitFor } from '../support/wait';
import { asUser, signedInPage, signIn } from './sign-in';
import { datesBrokenAcrossLines } from './wrapped-dates';
import { startStack, webDist, type Stack } from '../support/stack';

/**
 * The leadership dashboard (issue 6) in headless Chromium against the real server: the three
 * seeded plans, a history of reports published over NATS and ingested by the real worker,
 * and live events published while the page is open. Nothing is mocked.
 */

// SheetJS is the web app's dependency; the test opens the downloaded workbook with the same library.
interface SheetCell {
  t: string;
  v: unknown;
  z?: string;
}
interface SheetJs {
  read(
    data: Buffer,
    opts: { type: 'buffer'; cellNF?: boolean },
  ): { SheetNames: string[]; Sheets: Record<string, Record<string, SheetCell>> };
  utils: { sheet_to_json<T>(sheet: unknown, opts: { header: 1 }): T[] };
  SSF: { format(fmt: string, v: unknown): string };
}
const XLSX = createRequire(path.join(repoRoot, 'web', 'package.json'))('@e965/xlsx') as SheetJs;
let stack: Stack;
let tdb: TestDatabase;
let nc: NatsConnection;
let app: FastifyInstance;
let browser: Browser;
let base: string;
/** The dashboard is a leader's tool; the admin sees every plan. */
let admin: Session;

const PLAN = 'WJC-2026';
const unitOf = new Map(seedData.plans.flatMap((p) => p.targets.map((t) => [t.code, t.ownerUnit] as const)));

async function publish(e: ProgressEvent): Promise<void> {
  await jetstream(nc).publish(progressSubject(unitOf.get(e.target)!, e.target), JSON.stringify(e), { msgID: e.id });
}

const inc = (id: string, target: string, value: number, day: string, reporter = '张伟'): ProgressEvent => ({
  id,
  target,
  kind: 'increment',
  value,
  occurredAt: `${day}T10:00:00+08:00`,
  reporter,
});

/** A plausible year of reports for 五角场: some on pace, some behind, one overdue, one corrected, several never reported. */
const HISTORY: ProgressEvent[] = [
  inc('h-001-a', 'WJC26-001', 40_000, '2026-03-20', '社区管理办公室 李明'),
  inc('h-001-b', 'WJC26-001', 80_000, '2026-06-25', '社区管理办公室 李明'),
  inc('h-001-c', 'WJC26-001', 90_000, '2026-09-28', '社区管理办公室 李明'),
  inc('h-001-d', 'WJC26-001', 30_000, '2026-11-10', '社区管理办公室 李明'),
  {
    id: 'h-001-e',
    target: 'WJC26-001',
    kind: 'correction',
    value: -5_000,
    corrects: 'h-001-d',
    reason: '三门路358弄重复统计',
    occurredAt: '2026-11-12T09:00:00+08:00',
    reporter: '社区管理办公室 王芳',
  },
  inc('h-002-a', 'WJC26-002', 100, '2026-03-28', '城运中心'),
  inc('h-002-b', 'WJC26-002', 85, '2026-06-20', '城运中心'),
  inc('h-003-a', 'WJC26-003', 7, '2026-03-15', '城运中心'),
  inc('h-004-a', 'WJC26-004', 2, '2026-11-05'),
  inc('h-005-a', 'WJC26-005', 20, '2026-06-15', '自治办'),
  inc('h-005-b', 'WJC26-005', 8, '2026-11-15', '自治办'),
  inc('h-007-a', 'WJC26-007', 7, '2026-11-18', '平安办'),
  inc('h-014-a', 'WJC26-014', 45, '2026-11-19', '12345热线'),
  {
    id: 'h-015-a',
    target: 'WJC26-015',
    kind: 'reading',
    value: 93.5,
    occurredAt: '2026-11-01T10:00:00+08:00',
    reporter: '平安办',
  },
];

beforeAll(async () => {
  stack = await startStack({ name: 'test-dashboard', seed: seedData, accounts: true, worker: true, app: { webDist }, listen: true, browser: true });
  ({ tdb, nc, app, browser, url: base } = stack);
  admin = await signIn(app, 'admin');
  for (const e of HISTORY) await publish(e);
  await waitFor('the history to be ingested', async () => {
    const t = (await (await fetch(`${base}/api/targets/WJC26-001`, asUser(admin))).json()) as TargetState;
    const w = (await (await fetch(`${base}/api/targets/WJC26-015`, asUser(admin))).json()) as TargetState;
    return t.value === 235_000 && w.value === 93.5 ? true : undefined;
  });
});

afterAll(() => stack?.stop());

async function overviewFromApi(): Promise<PlanOverview> {
  return (await (await fetch(`${base}/api/plans/${PLAN}/overview`, asUser(admin))).json()) as PlanOverview;
}

/** A page that records what it logs as an error, and every uncaught exception. */
async function openPage(
  viewport: { width: number; height: number } = VIEWPORTS.desktop,
): Promise<{ page: Page; errors: string[] }> {
  const page = await signedInPage(browser, base, admin, { viewport, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  for (const key of ['phone', 'desktop', 'fullhd'] as const) {
    await page.setViewportSize(VIEWPORTS[key]);
    await page.waitForTimeout(150); // ResponsiveContainer re-measures
    await page.screenshot({ path: path.join(screenshotDir, `dashboard-${name}-${key}.png`), fullPage });
    if (fullPage && key === 'phone') {
      // A whole phone page shrinks to nothing in a viewer: also keep it screen by screen.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let i = 0; i * 844 < height && i < 8; i++) {
        const clip = { x: 0, y: i * 844, width: 390, height: Math.min(844, height - i * 844) };
        await page.screenshot({
          path: path.join(screenshotDir, `dashboard-${name}-phone-${i + 1}.png`),
          fullPage: true,
          clip,
        });
      }
    }
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

/** The lowest contrast of any status label (badges and count tiles) against its own background, as Chromium computes their colours. */
function lowestStatusContrast(page: Page): Promise<number> {
  return page.evaluate(() => {
    const lum = (css: string): number => {
      const [r, g, b] = css
        .match(/[\d.]+/g)!
        .slice(0, 3)
        .map((v) => {
          const c = Number(v) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let min = Infinity;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.status, .count-tile'))) {
      const st = getComputedStyle(el);
      const [a, b] = [lum(st.color), lum(st.backgroundColor)].sort((x, y) => y - x) as [number, number];
      min = Math.min(min, (a + 0.05) / (b + 0.05));
    }
    return min;
  });
}

describe('leadership dashboard in a real browser', () => {
  it('shows the overview: status counts, section cards, the attention list and the league table', async () => {
    const { page, errors } = await openPage();
    // Records when the overview's content first appears, on the page's own clock (0 = navigation start).
    await page.addInitScript(() => {
      const w = window as unknown as { __overviewVisible?: number };
      new MutationObserver((_m, obs) => {
        if (document.querySelector('[data-testid=target-table]')) {
          w.__overviewVisible = performance.now();
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${base}/plans/${PLAN}`);
    await page.getByTestId('target-table').waitFor();
    const visibleMs = await page.evaluate(() => (window as unknown as { __overviewVisible: number }).__overviewVisible);
    const js = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((r) => r.name.endsWith('.js'))
        .map((r) => ({ name: r.name.split('/').pop(), bytes: (r as PerformanceResourceTiming).encodedBodySize })),
    );
    console.log(
      `overview first render (navigation start → content visible): ${visibleMs.toFixed(0)} ms; JS loaded: ${JSON.stringify(js)}`,
    );

    const o = await overviewFromApi();
    expect(o.targets).toHaveLength(15);
    for (const [status, n] of Object.entries(o.aggregate.statusCounts)) {
      await expect.poll(() => page.getByTestId(`count-${status}`).locator('.count-n').textContent()).toBe(String(n));
    }
    // Something in every corner of the status spread, from the history above.
    expect(o.aggregate.statusCounts.achieved).toBeGreaterThanOrEqual(1);
    expect(o.aggregate.statusCounts.overdue).toBeGreaterThanOrEqual(1);
    expect(o.aggregate.statusCounts.stale).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.getByTestId('count-achieved').textContent()).toContain('已完成');

    // A section card: 三、增进福祉 holds 美丽家园 (WJC26-001) among others.
    const card = page.getByTestId('section-WJC-2026-S3');
    await expect.poll(() => card.textContent()).toContain('增进福祉，开创民生事业新局面');
    expect(await card.textContent()).toMatch(/\d+\.\d%/);

    // 时间过半、任务过半 with the server's flagged count.
    expect(await page.getByTestId('halfway').textContent()).toContain('时间过半');

    // The attention list, worst first: the overdue 网格片区 target leads.
    const attention = page.getByTestId('attention').locator('li');
    expect(await attention.count()).toBe(o.attention.length);
    expect(await attention.first().getAttribute('data-target')).toBe(o.attention[0]);
    expect(await attention.first().textContent()).toContain('已逾期');

    // The league table: every department of the plan, with timeliness.
    const league = page.getByTestId('league').locator('tbody tr');
    expect(await league.count()).toBe(o.units.length);
    expect(await page.getByTestId('league').textContent()).toContain('社区管理办公室');

    // WCAG AA: every status label (badges and tiles) reads at 4.5:1 or better against its own background.
    const worst = await lowestStatusContrast(page);
    console.log(`lowest contrast of a status label: ${worst.toFixed(2)}:1`);
    expect(worst).toBeGreaterThanOrEqual(4.5);

    // From the keyboard: a status tile narrows the list, and the URL says so.
    await page.getByTestId('count-overdue').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('overdue');
    await expect
      .poll(() => page.getByTestId('target-table').locator('tbody tr').count())
      .toBe(o.aggregate.statusCounts.overdue);
    await page.goto(`${base}/plans/${PLAN}`);
    await page.getByTestId('target-table').waitFor();

    expect(await page.title()).toBe('五角场街道2026年工作计划 · 落实');
    await shoot(page, 'overview');
    await shoot(page, 'overview-full', true);

    // The plan picker moves to another plan's own URL; 新江湾城 has ratio and reading targets too.
    await page.getByTestId('plan-picker').selectOption('XJWC-2026');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/plans/XJWC-2026');
    await expect.poll(() => page.getByTestId('target-table').locator('tbody tr').count()).toBe(24);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a configured palette colours the labels, and a colour too light for text still reads at 4.5:1', async () => {
    // A deployment's STATUS_COLOURS with colours no one could read as text on a tint (yellow, lime, pale pink).
    const raw = 'on_track=#00ff00,behind=#ffee00,at_risk=#ff99cc,overdue=#ffff66,not_started=#66ccff';
    const palette = parseStatusPalette(raw);
    if (typeof palette === 'string') throw new Error(palette);
    const other = await buildApp({
      db: tdb.db,
      nc,
      webDist,
      now: stack.now,
      statusStyle: { bands: { ...DEFAULT_STATUS_BANDS }, palette },
    });
    try {
      const otherBase = await other.listen({ port: 0, host: '127.0.0.1' });
      for (const [name, viewport] of [
        ['desktop', VIEWPORTS.desktop],
        ['phone', VIEWPORTS.phone],
      ] as const) {
        const page = await signedInPage(browser, otherBase, admin, { viewport });
        await page.goto(`${otherBase}/plans/${PLAN}`);
        await page.getByTestId('target-table').waitFor();
        // The deployment's colours are in force once /api/status-style has answered: 正常's tile is the lime's tint…
        const tones = statusTones(palette);
        const hexRgb = (h: string) => `rgb(${[1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)).join(', ')})`;
        const tile = page.getByTestId('count-on_track');
        await expect
          .poll(() => tile.evaluate((el) => getComputedStyle(el).backgroundColor))
          .toBe(hexRgb(tones.light.on_track.bg));
        // …with its text a readable shade of it, not the raw lime.
        expect(await tile.evaluate((el) => getComputedStyle(el).color)).toBe(hexRgb(tones.light.on_track.fg));
        expect(tones.light.on_track.fg).not.toBe('#00ff00');
        const worst = await lowestStatusContrast(page);
        console.log(`configured palette (${name}): lowest contrast of a status label ${worst.toFixed(2)}:1`);
        expect(worst).toBeGreaterThanOrEqual(4.5);
        await page.screenshot({ path: path.join(screenshotDir, `dashboard-overview-palette-${name}.png`) });
        await page.close();
      }
    } finally {
      await other.close();
    }
  });

  it('keeps filters in the URL and shows a department', async () => {
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/plans/${PLAN}?status=stale`);
    await page.getByTestId('target-table').waitFor();
    const o = await overviewFromApi();
    const rows = page.getByTestId('target-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(o.aggregate.statusCounts.stale);
    expect(await page.getByTestId('filter-status').inputValue()).toBe('stale');
    // Choosing a unit adds it to the URL next to the status.
    await page.getByTestId('filter-unit').selectOption('YP-WJC-GLB');
    await expect.poll(() => new URL(page.url()).searchParams.get('unit')).toBe('YP-WJC-GLB');
    expect(new URL(page.url()).searchParams.get('status')).toBe('stale');

    await page.goto(`${base}/units/YP-WJC-GLB?plan=${PLAN}`);
    await page.getByTestId('unit-page').getByTestId('target-table').waitFor();
    expect(await page.getByTestId('unit-page').locator('h2').textContent()).toBe('社区管理办公室');
    const mine = o.targets.filter((t) => t.ownerUnit === 'YP-WJC-GLB');
    expect(await page.getByTestId('target-table').locator('tbody tr').count()).toBe(mine.length);
    expect(await page.getByTestId('unit-timeliness').textContent()).toMatch(/%$/);
    await shoot(page, 'unit');
    await page.close();
  });

  it('draws the burn-up of a target and shows a correction against what it corrects', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${base}/targets/WJC26-001`);
    await page.getByTestId('target-value').getByText('23.5万 平方米').waitFor();
    const chart = page.getByTestId('series-chart');
    await chart.locator('.recharts-area-area').waitFor();
    // Actual area, plan line and forecast line.
    expect(await chart.locator('.recharts-line-curve').count()).toBeGreaterThanOrEqual(2);
    expect(await chart.getAttribute('data-last-value')).toBe('235000');
    expect(await page.getByTestId('required-rate').textContent()).toMatch(/^需每工作日完成 [\d.,万]+ 平方米$/);

    const original = page.locator('[data-testid=event-log] > li[data-event=h-001-d]');
    await original.waitFor();
    expect(await original.textContent()).toContain('已更正');
    const correction = original.locator('.corrections li[data-corrects=h-001-d]');
    expect(await correction.textContent()).toContain('三门路358弄重复统计');
    expect(await correction.textContent()).toContain('−5,000 平方米');
    expect(await original.textContent()).toContain('更正后：2.5万 平方米');
    expect(await original.textContent()).toContain('社区管理办公室 李明');
    await shoot(page, 'target');
    await shoot(page, 'target-full', true);
    // In English (its words a chunk of their own, fetched on the switch: issue 18.9); the chart stays.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: '中文' }).waitFor();
    expect(await page.getByTestId('required-rate').textContent()).toMatch(/ needed per working day$/);
    expect(await chart.getAttribute('data-last-value')).toBe('235000');
    await shoot(page, 'target-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: 'English' }).waitFor();

    // Per month: the choice goes into the URL; the chart keeps its lines.
    await page.getByTestId('bucket').selectOption('month');
    await expect.poll(() => new URL(page.url()).searchParams.get('bucket')).toBe('month');
    await expect.poll(() => chart.getAttribute('data-last-value')).toBe('235000');
    expect(await chart.locator('.recharts-line-curve').count()).toBeGreaterThanOrEqual(2);

    // A ratio target and a ceiling render too.
    for (const code of ['XJWC26-014', 'WJC26-014']) {
      await page.goto(`${base}/targets/${code}`);
      await page.getByTestId('series-chart').locator('.recharts-line-curve').first().waitFor();
    }
    await page.goto(`${base}/targets/NOPE-999`);
    await page.getByRole('alert').getByText('未找到该目标').waitFor();
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.close();
  });

  it('exports the targets as CSV (UTF-8 with BOM) and as an Excel workbook, and prints the bulletin', async () => {
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop, acceptDownloads: true });
    await page.goto(`${base}/plans/${PLAN}`);
    await page.getByTestId('target-table').waitFor();

    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(csvDl.suggestedFilename()).toMatch(/^五角场街道2026年工作计划-目标任务-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await csvDl.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^编号,目标任务,所属板块,责任部门,计量单位,基数,目标值,当前完成,完成率\(%\),应完成,状态/);
    const row = lines.find((l) => l.startsWith('WJC26-001,'));
    expect(row).toContain(
      '完成“美丽家园”改造 30万平方米,三、（二）提升宜居幸福感,社区管理办公室,平方米,0,300000,235000,78.3,',
    );
    expect(lines.filter((l) => /^WJC26-\d{3},/.test(l))).toHaveLength(15);
    // 最近上报 in China time as people write it, never an ISO instant in UTC (issue 18.1)
    expect(row).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(csv.toString('utf8')).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/);

    const [xlsxDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(xlsxDl.suggestedFilename()).toMatch(/\.xlsx$/);
    const buf = readFileSync((await xlsxDl.path())!);
    expect(buf.length).toBeGreaterThan(1000);
    const wb = XLSX.read(buf, { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 });
    expect(rows[0]?.[0]).toBe('编号');
    const x001 = rows.find((r) => r[0] === 'WJC26-001')!;
    expect(x001[1]).toBe('完成“美丽家园”改造 30万平方米');
    expect(x001[7]).toBe(235000);
    expect(rows).toHaveLength(16);
    const cells = XLSX.read(buf, { type: 'buffer', cellNF: true }).Sheets[wb.SheetNames[0]!]!;
    const due = cells[`M${rows.indexOf(x001) + 1}`]!;
    expect(due.t).toBe('n'); // a real date, not text
    expect(XLSX.SSF.format(due.z!, due.v)).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // A filtered view exports only what is on screen, and the file name says so; GBK on request.
    await page.goto(`${base}/plans/${PLAN}?unit=YP-WJC-GLB`);
    await page.getByTestId('target-table').waitFor();
    const o = await overviewFromApi();
    const [gbkDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv-gbk').click()]);
    expect(gbkDl.suggestedFilename()).toMatch(
      /^五角场街道2026年工作计划-目标任务-社区管理办公室-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const gbk = readFileSync((await gbkDl.path())!);
    expect([...gbk.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const gbkLines = new TextDecoder('gbk').decode(gbk).split('\r\n');
    expect(gbkLines[0]).toMatch(/^编号,目标任务,所属板块,责任部门/);
    expect(gbkLines.filter((l) => /^WJC26-\d{3},/.test(l))).toHaveLength(
      o.targets.filter((t) => t.ownerUnit === 'YP-WJC-GLB').length,
    );
    expect(gbkLines.filter((l) => /^WJC26-\d{3},/.test(l)).every((l) => l.includes(',社区管理办公室,'))).toBe(true);

    await page.getByTestId('bulletin-link').click();
    const bulletin = page.getByTestId('bulletin');
    await bulletin.waitFor();
    const summary = await page.getByTestId('bulletin-summary').textContent();
    expect(summary).toMatch(/^截至2026年\d+月\d+日，五角场街道2026年工作计划共有目标任务15项，加权总体完成率\d+\.\d%/);
    expect(await bulletin.textContent()).toContain('下步要求');
    expect(await page.getByTestId('bulletin-laggards').textContent()).toContain('社区管理办公室');
    // No date or time broken over two lines in its tables, on a desktop or a phone.
    for (const [key, size] of [['laptop', { width: 1280, height: 800 }], ['desktop', VIEWPORTS.desktop], ['phone', VIEWPORTS.phone]] as const) {
      await page.setViewportSize(size);
      for (const table of await page.locator('[data-testid=bulletin] table').all()) expect(await datesBrokenAcrossLines(table), key).toEqual([]);
    }
    // The ranking on a phone (issue 18): headers break between words only (加权 / 完成率), and
    // department names keep one line (they broke mid-word, 社区党建办 / 公室, beside 73 px figure columns).
    await page.setViewportSize(VIEWPORTS.phone);
    const ranking = await page.getByTestId('bulletin-ranking').evaluate((table) => {
      /** The cell's text as drawn, one string per line. */
      const lines = (el: Element): string[] => {
        const byTop = new Map<number, string>();
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent ?? '';
          for (let i = 0; i < text.length; i++) {
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + 1);
            const rect = r.getClientRects()[0];
            if (!rect || rect.width === 0) continue;
            const top = Math.round(rect.top);
            byTop.set(top, (byTop.get(top) ?? '') + text[i]);
          }
        }
        return [...byTop.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s.trim()).filter(Boolean);
      };
      return {
        heads: Array.from(table.querySelectorAll('thead th')).map(lines),
        units: Array.from(table.querySelectorAll('tbody tr td:nth-child(2)')).map(lines),
        fits: table.getBoundingClientRect().right <= (table.closest('article')?.getBoundingClientRect().right ?? 0),
      };
    });
    expect(ranking.heads).toEqual([['名次'], ['责任部门'], ['加权', '完成率'], ['报送', '及时率'], ['需关注', '事项']]);
    expect(ranking.units.length).toBeGreaterThan(3);
    expect(ranking.units.filter((l) => l.length !== 1)).toEqual([]);
    expect(ranking.fits).toBe(true);
    await shoot(page, 'bulletin', true);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    await page.screenshot({ path: path.join(screenshotDir, 'dashboard-bulletin-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.close();
  });

  it('moves a number on screen when an event is ingested, without a reload', async () => {
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/plans/${PLAN}`);
    const cell = page.getByTestId('value-WJC26-005');
    await expect.poll(() => cell.textContent()).toBe('28 个');
    await page.getByTestId('live-badge').getByText('实时').waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const achievedBefore = Number(await page.getByTestId('count-achieved').locator('.count-n').textContent());

    const started = Date.now();
    await publish({
      ...inc('live-005', 'WJC26-005', 4, chinaDate(stack.now())!, '自治办 赵静'),
      occurredAt: stack.now().toISOString(),
    });
    await cell.getByText('32 个').waitFor({ timeout: 5_000 });
    const latency = Date.now() - started;
    console.log(`publish → overview value on screen: ${latency} ms`);
    // 32 of 32: achieved. The counts follow once the overview is refetched.
    await expect
      .poll(() => page.getByTestId('count-achieved').locator('.count-n').textContent(), { timeout: 5_000 })
      .toBe(String(achievedBefore + 1));
    await page.getByTestId('activity').getByText('自治办 赵静').waitFor({ timeout: 5_000 });
    // Every report above reached the server today (a back-dated report is news on the day it arrives).
    await expect.poll(() => page.getByTestId('activity-today').textContent()).toMatch(/^今日上报 \d+ 条$/);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // English is one click away; the numbers stay.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Overall completion').waitFor();
    expect(await page.getByTestId('count-achieved').textContent()).toContain('Achieved');
    await shoot(page, 'overview-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.close();
  });
});
