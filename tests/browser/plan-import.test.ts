import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '@luoshi/seeds';
import { TEST_PASSWORD, type Session } from '../support/auth';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import { testSeed } from '../support/fixtures';
import type { TestDatabase } from '../support/infra';
import { repoRoot } from '../support/process';
import { signedInPage, signIn } from './sign-in';
import { startStack, webDist, type Stack } from '../support/stack';

let stack: Stack;
let tdb: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
/** Importing plans is an admin's job (issue 9). */
let admin: Session;

beforeAll(async () => {
  stack = await startStack({ name: 'test-browser-import', accounts: true, app: { webDist }, listen: true, browser: true });
  ({ tdb, app, browser, url: base } = stack);
  admin = await signIn(app, 'admin');
});

afterAll(() => stack?.stop());

const YEAR = new Date().getFullYear();
/** Plans for the coming year are pasted ahead of it: the title's year, not today's, is the period. */
const PLAN_YEAR = YEAR + 1;
const PLAN_TEXT = `测试街道${PLAN_YEAR}年工作计划

一、民生服务

（一）美丽家园
年底前完成“美丽家园”改造30万平方米，二季度新增养老床位152张。

（二）就业创业
全年帮助成功创业企业97家，开展职业技能培训1162人次。召开动员大会，共有103名党员代表参加会议。`;

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
/** Nothing may stick out sideways: at 390px a clipped input is an unusable one. */
const sideOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const activeRow = (page: Page) => page.evaluate(() => document.activeElement?.closest('li.imp-row')?.id ?? '');

describe('plan import review flow in a real browser', () => {
  it('pastes a plan, reviews the highlighted candidates, publishes a draft plan', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/`);
    // Signed in through the form, as an admin would be; the publish below then carries the session's CSRF token.
    await page.waitForURL(`${base}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('who-role').getByText('管理员').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // Reached from the header, as an admin would.
    await page.getByRole('link', { name: '导入计划' }).click();
    await expect.poll(() => page.locator('#imp-plan-ownerUnit').inputValue()).toBe('T-JD');

    await page.locator('#imp-text').fill(PLAN_TEXT);
    for (const [name, viewport] of Object.entries(VIEWPORTS).filter(([n]) => n !== 'uhd')) {
      await page.setViewportSize(viewport);
      await shot(page, `import-input-${name}`);
    }
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.getByRole('button', { name: '识别目标' }).click();

    // Every figure is highlighted by the extractor's spans; the low-confidence one starts rejected.
    const marks = page.locator('[data-testid=import-text] a.imp-hl');
    await expect.poll(() => marks.allTextContents()).toEqual(['30万平方米', '152张', '97家', '1162人次', '103名']);
    expect(await page.locator('#imp-hl-4').getAttribute('class')).toContain('is-rejected');
    expect(await page.getByTestId('candidate-4').getByRole('checkbox').isChecked()).toBe(false);
    expect(await page.getByTestId('candidate-0').getByRole('checkbox').isChecked()).toBe(true);
    expect(await page.locator('#imp-plan-title').inputValue()).toBe(`测试街道${PLAN_YEAR}年工作计划`);
    expect(await page.locator('#imp-plan-periodStart').inputValue()).toBe(`${PLAN_YEAR}-01-01`);
    expect(await page.locator('#imp-plan-periodEnd').inputValue()).toBe(`${PLAN_YEAR}-12-31`);
    // Left blank, the id is made from the owner and the period's year; the field says which.
    expect(await page.locator('#imp-plan-id').getAttribute('placeholder')).toBe(`T-JD-${PLAN_YEAR}`);
    // The deadline phrase set the due date: 二季度 → end of June.
    expect(await page.locator('#imp-row-1-dueDate').inputValue()).toBe(`${PLAN_YEAR}-06-30`);

    // Text → row, and row → text.
    await page.locator('#imp-hl-1').click();
    await expect.poll(() => activeRow(page)).toBe('imp-row-1');
    expect(await page.getByTestId('candidate-1').getAttribute('class')).toContain('is-active');
    await page
      .getByTestId('candidate-3')
      .getByRole('button', { name: /1162人次/ })
      .click();
    await expect.poll(() => activeId(page)).toBe('imp-hl-3');

    // Reject one, edit one, give one to a department.
    await page.getByTestId('candidate-2').getByRole('checkbox').uncheck();
    expect(await page.locator('#imp-hl-2').getAttribute('class')).toContain('is-rejected');
    await page.locator('#imp-row-3-value').fill('1,200');
    await page.locator('#imp-row-0-ownerUnit').selectOption('T-JD-B');

    for (const [name, viewport] of Object.entries(VIEWPORTS).filter(([n]) => n !== 'uhd')) {
      await page.setViewportSize(viewport);
      await shot(page, `import-review-${name}`);
      expect(await sideOverflow(page), name).toBe(0);
    }
    await page.setViewportSize(VIEWPORTS.desktop);

    // A blank title is caught before the round trip, marked at its input, and focused.
    await page.locator('#imp-row-1-title').fill('  ');
    await page.getByRole('button', { name: '发布为草稿计划' }).click();
    await expect.poll(() => activeId(page)).toBe('imp-row-1-title');
    expect(await page.locator('#imp-row-1-title').getAttribute('aria-invalid')).toBe('true');
    await page.getByText('不能为空').waitFor();
    await page.setViewportSize(VIEWPORTS.phone);
    await page.locator('#imp-row-1-title').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, 'import-error-phone');
    await page.setViewportSize(VIEWPORTS.desktop);
    expect(
      Number(
        (
          await tdb.db
            .selectFrom('plans')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(1);
    await page.locator('#imp-row-1-title').fill('新增养老床位');

    await page.getByRole('button', { name: '发布为草稿计划' }).click();
    const success = page.getByTestId('import-success');
    await success.waitFor();
    const planId = `T-JD-${PLAN_YEAR}`;
    expect(await page.getByTestId('import-plan-id').textContent()).toBe(planId);
    const link = success.getByRole('link', { name: /查看该计划/ });
    expect(await link.getAttribute('href')).toBe(`/?plan=${planId}`);
    for (const [name, viewport] of [
      ['phone', VIEWPORTS.phone],
      ['desktop', VIEWPORTS.desktop],
    ] as const) {
      await page.setViewportSize(viewport);
      await shot(page, `import-success-${name}`);
    }

    // The rows are in the database as a draft plan with baseline rollups.
    const plan = await tdb.db.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
    expect(plan).toMatchObject({
      status: 'draft',
      owner_unit: 'T-JD',
      title: `测试街道${PLAN_YEAR}年工作计划`,
      period_start: `${PLAN_YEAR}-01-01`,
      period_end: `${PLAN_YEAR}-12-31`,
    });
    const targets = await tdb.db
      .selectFrom('targets as t')
      .innerJoin('target_rollups as r', 'r.target_code', 't.code')
      .leftJoin('plan_sections as s', 's.id', 't.section_id')
      .select([
        't.code',
        't.title',
        't.target_value',
        't.uom',
        't.owner_unit',
        't.due_date',
        's.title as section',
        'r.value',
        'r.version',
      ])
      .where('t.plan_id', '=', planId)
      .orderBy('t.code')
      .execute();
    expect(targets).toEqual([
      {
        code: `${planId}-001`,
        title: '完成“美丽家园”改造30万平方米',
        target_value: 300_000,
        uom: '平方米',
        owner_unit: 'T-JD-B',
        due_date: `${PLAN_YEAR}-12-31`,
        section: '美丽家园',
        value: 0,
        version: 0,
      },
      {
        code: `${planId}-002`,
        title: '新增养老床位',
        target_value: 152,
        uom: '张',
        owner_unit: 'T-JD',
        due_date: `${PLAN_YEAR}-06-30`,
        section: '美丽家园',
        value: 0,
        version: 0,
      },
      {
        code: `${planId}-003`,
        title: '开展职业技能培训1162人次',
        target_value: 1200,
        uom: '人次',
        owner_unit: 'T-JD',
        due_date: `${PLAN_YEAR}-12-31`,
        section: '就业创业',
        value: 0,
        version: 0,
      },
    ]);

    // The link opens the new plan on the targets page.
    await page.setViewportSize(VIEWPORTS.desktop);
    await link.click();
    await page.getByTestId(`value-${planId}-003`).waitFor();
    expect(new URL(page.url()).search).toBe(`?plan=${planId}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('adds candidates to an existing draft, with the department the text names preselected', async () => {
    // Issue 20: a 街道 keeps adding to the plan it is drafting rather than starting a new one each time.
    await loadSeed(tdb.db, {
      units: [],
      plans: [
        {
          plan: { id: 'T-DRAFT-ADD', title: '测试街道年度计划(草稿)', ownerUnit: 'T-JD', periodStart: `${YEAR}-01-01`, periodEnd: `${YEAR}-12-31`, status: 'draft' },
          sections: [],
          targets: [{ ...testSeed.plans[0]!.targets[0]!, code: 'T-DRAFT-ADD-001', planId: 'T-DRAFT-ADD', sectionId: null, startDate: `${YEAR}-01-01`, dueDate: `${YEAR}-12-31` }],
        },
      ],
    });
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/import`);
    const into = page.locator('#imp-plan-target');
    await expect.poll(() => into.locator('option').allTextContents()).toContain('已有草稿：测试街道年度计划(草稿)（T-DRAFT-ADD）');
    await into.selectOption('T-DRAFT-ADD');
    // The draft's own fields frame the review and are not edited here.
    expect(await page.locator('#imp-plan-title').inputValue()).toBe('测试街道年度计划(草稿)');
    expect(await page.locator('#imp-plan-title').isDisabled()).toBe(true);
    expect(await page.locator('#imp-plan-periodEnd').isDisabled()).toBe(true);

    await page.locator('#imp-text').fill('三、平安建设\n开展消防安全检查 300 次。(责任单位:社区服务办公室)\n新增志愿者 500 名。');
    await page.getByRole('button', { name: '识别目标' }).click();
    const marks = page.locator('[data-testid=import-text] a.imp-hl');
    await expect.poll(() => marks.allTextContents()).toEqual(['300 次', '500 名']);
    // The owner the text names is preselected and said; the other row keeps the plan's owner.
    expect(await page.locator('#imp-row-0-ownerUnit').inputValue()).toBe('T-JD-A');
    await page.getByTestId('candidate-0').getByText('原文写明：社区服务办公室').waitFor();
    expect(await page.locator('#imp-row-1-ownerUnit').inputValue()).toBe('T-JD');
    expect(await page.locator('#imp-row-1-title').inputValue()).toBe('新增志愿者 500 名');
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await shot(page, `import-append-${name}`);
      expect(await sideOverflow(page), name).toBe(0);
    }
    await page.setViewportSize(VIEWPORTS.desktop);

    await page.getByRole('button', { name: '添加到所选草稿' }).click();
    await page.getByTestId('import-success').waitFor();
    expect(await page.getByTestId('import-plan-id').textContent()).toBe('T-DRAFT-ADD');
    const targets = await tdb.db
      .selectFrom('targets')
      .select(['code', 'title', 'target_value', 'uom', 'owner_unit'])
      .where('plan_id', '=', 'T-DRAFT-ADD')
      .orderBy('code')
      .execute();
    expect(targets.slice(1)).toEqual([
      { code: 'T-DRAFT-ADD-002', title: '开展消防安全检查 300 次', target_value: 300, uom: '次', owner_unit: 'T-JD-A' },
      { code: 'T-DRAFT-ADD-003', title: '新增志愿者 500 名', target_value: 500, uom: '名', owner_unit: 'T-JD' },
    ]);
    const plan = await tdb.db.selectFrom('plans').select(['title', 'status']).where('id', '=', 'T-DRAFT-ADD').executeTakeFirstOrThrow();
    expect(plan).toEqual({ title: '测试街道年度计划(草稿)', status: 'draft' });
    expect(errors).toEqual([]);
    await page.close();

    // The same choice in English.
    const en = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop });
    await en.addInitScript(() => localStorage.setItem('luoshi.lang', 'en'));
    await en.goto(`${base}/import`);
    await en.locator('#imp-plan-target').selectOption('T-DRAFT-ADD');
    await en.locator('#imp-text').fill('开展消防安全检查 300 次。(责任单位:社区服务办公室)');
    await en.getByRole('button', { name: 'Find targets' }).click();
    await en.getByText('The text names: 社区服务办公室').waitFor();
    await en.getByRole('button', { name: 'Add to the chosen draft' }).waitFor();
    await shot(en, 'import-append-desktop-en');
    await en.close();
  });

  it('works from the keyboard alone, in English', async () => {
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.phone });
    await page.addInitScript(() => localStorage.setItem('luoshi.lang', 'en'));
    await page.goto(`${base}/import`);
    await page.getByRole('heading', { name: 'Import a work plan' }).waitFor();
    // A period set by hand before extracting stays, even when the admin went back to this year's
    // default and the title names next year.
    await page.locator('#imp-plan-periodStart').fill(`${YEAR}-03-01`);
    await page.locator('#imp-plan-periodStart').fill(`${YEAR}-01-01`);
    await page.locator('#imp-text').focus();
    await page.keyboard.insertText(PLAN_TEXT);
    await page.keyboard.press('Tab'); // the file picker
    await page.keyboard.press('Tab'); // Find targets
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Find targets');
    await page.keyboard.press('Enter');
    await page.locator('#imp-hl-0').waitFor();
    expect(await page.locator('#imp-plan-title').inputValue()).toBe(`测试街道${PLAN_YEAR}年工作计划`);
    expect(await page.locator('#imp-plan-periodStart').inputValue()).toBe(`${YEAR}-01-01`);
    expect(await page.locator('#imp-plan-periodEnd').inputValue()).toBe(`${YEAR}-12-31`);
    // Enter on a highlight moves into its row.
    await page.locator('#imp-hl-2').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => activeRow(page)).toBe('imp-row-2');
    // Space on a row's checkbox rejects it.
    await page.getByTestId('candidate-2').getByRole('checkbox').focus();
    await page.keyboard.press('Space');
    expect(await page.getByTestId('candidate-2').getByRole('checkbox').isChecked()).toBe(false);
    await page.getByText('3 of 5 accepted').waitFor();
    await shot(page, 'import-review-phone-en');
    await page.close();
  });

  it('keeps a long report readable: the text pane follows the row being worked on', async () => {
    const doc = readFileSync(path.join(repoRoot, 'shared/src/extract/fixtures/docs/004_2b405d4de37d9497.txt'), 'utf8');
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/import`);
    await page.locator('#imp-text').fill(doc);
    await page.getByRole('button', { name: '识别目标' }).click();
    const rows = page.locator('li.imp-row');
    await rows.first().waitFor();
    const n = await rows.count();
    expect(await page.locator('a.imp-hl').count()).toBe(n);
    expect(n).toBeGreaterThan(26);
    // The last figure is far down the pane; its row's chip brings it into the pane's view.
    const last = n - 1;
    await page.getByTestId(`candidate-${last}`).locator('.imp-chip').click();
    await expect.poll(() => activeId(page)).toBe(`imp-hl-${last}`);
    const visible = await page.evaluate((id) => {
      const mark = document.getElementById(id)!.getBoundingClientRect();
      const pane = document.querySelector('.imp-text')!.getBoundingClientRect();
      return mark.top >= pane.top && mark.bottom <= pane.bottom;
    }, `imp-hl-${last}`);
    expect(visible).toBe(true);
    for (const [name, viewport] of Object.entries(VIEWPORTS).filter(([k]) => k !== 'uhd')) {
      await page.setViewportSize(viewport);
      await shot(page, `import-long-${name}`);
      expect(await sideOverflow(page), name).toBe(0);
    }
    await page.close();
  });
});
