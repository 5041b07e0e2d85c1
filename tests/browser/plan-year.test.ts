import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '@luoshi/shared';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import { startBrowserStack, type BrowserStack } from '../support/stack';
import { signedInPage, signIn } from './sign-in';

/**
 * Issue 16 in a real browser: an admin builds a small plan by hand, publishes it, a staff
 * member reports on it, the admin adjusts a target with a reason and the leader sees the
 * change listed and marked on the chart; a draft stays invisible to staff.
 */
let stack: BrowserStack;
let app: FastifyInstance;
let browser: Browser;
let base: string;
/** The plan's year: the server's (the stack clock's), as the report form dates by the server's clock. */
let year: string;

beforeAll(async () => {
  stack = await startBrowserStack('test-browser-plan-year');
  ({ app, browser, base } = stack);
  year = chinaDate(stack.now())!.slice(0, 4);
});

afterAll(async () => {
  await stack?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
const sideOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('a year in the UI', () => {
  it('admin builds and publishes a plan, staff reports, admin adjusts with a reason, leader sees the change on the chart', async () => {
    const admin = await signedInPage(browser, base, await signIn(app, 'admin'), { viewport: VIEWPORTS.desktop });
    const staff = await signedInPage(browser, base, await signIn(app, 'staff-t-jd-a'), { viewport: VIEWPORTS.phone });
    const leader = await signedInPage(browser, base, await signIn(app, 'leader-t-jd'), { viewport: VIEWPORTS.desktop });
    const errors: string[] = [];
    for (const p of [admin, staff, leader]) p.on('pageerror', (e) => errors.push(String(e)));
    admin.on('dialog', (d) => void d.accept());
    try {
      // 1. A plan by hand.
      await admin.goto(`${base}/`);
      await admin.getByRole('link', { name: '计划管理' }).click();
      const form = admin.getByTestId('new-plan');
      await form.waitFor();
      await form.getByTestId('create-plan').click();
      // Named beside the field, in Chinese.
      await expect.poll(() => form.getByTestId('field-error').count()).toBeGreaterThan(0);
      expect(await form.getByTestId('field-error').first().textContent()).toBe('必填');
      await form.getByLabel('计划名称').fill(`测试街道${year}年民生实事`);
      await form.getByLabel('责任单位').selectOption('T-JD');
      await form.getByLabel('开始日期').fill(`${year}-01-01`);
      await form.getByLabel('结束日期').fill(`${year}-12-31`);
      await form.getByTestId('create-plan').click();
      const editor = admin.getByTestId('plan-editor');
      await editor.waitFor();
      expect(await admin.getByTestId('plan-status').textContent()).toBe('草稿');
      const planId = decodeURIComponent(admin.url().split('/plans-admin/')[1]!);

      // Publishing an empty plan lists what is missing.
      await admin.getByTestId('publish').click();
      await admin.getByTestId('refusal').waitFor();
      expect(await admin.getByTestId('refusal').textContent()).toContain('计划还不完整');

      // A section and a target with its fields.
      await admin.getByTestId('new-section').getByLabel('序号').fill('一、');
      await admin.getByTestId('new-section').getByLabel('章节标题').fill('民生服务');
      await admin.getByTestId('new-section').getByRole('button').click();
      await admin.getByTestId('sections').getByText('一、民生服务').waitFor();
      await admin.getByTestId('add-target').click();
      const tf = admin.getByTestId('target-form');
      await tf.getByLabel('目标名称').fill('新建口袋公园');
      await tf.getByLabel('所属章节').selectOption({ label: '一、民生服务' });
      await tf.getByLabel('责任部门').selectOption('T-JD-A');
      await tf.getByLabel('计量单位').fill('个');
      await tf.getByLabel('目标值').fill('abc');
      await tf.getByTestId('save-target').click();
      await expect.poll(() => tf.getByTestId('field-error').first().textContent()).toBe('请填写数字');
      await tf.getByLabel('目标值').fill('10');
      await tf.getByLabel('阶段节点').fill(`${year}-06-30 5`);
      await shot(admin, 'plan-year-desktop-target-form');
      await tf.getByTestId('save-target').click();
      await tf.waitFor({ state: 'detached' });
      const target = (await stack.tdb.db.selectFrom('targets').select('code').where('plan_id', '=', planId).executeTakeFirstOrThrow()).code;
      await admin.getByTestId(`editor-target-${target}`).waitFor();
      await admin.getByTestId('gaps-none').waitFor();
      await shot(admin, 'plan-year-desktop-draft');

      // 2. A draft is invisible to staff (their report page and the API).
      await staff.goto(`${base}/report`);
      await staff.getByTestId('report-page').waitFor();
      await staff.getByTestId('rp-card').first().waitFor();
      expect(await staff.locator(`[data-testid="rp-card"][data-target="${target}"]`).count()).toBe(0);
      const staffPlans = await staff.evaluate(async () => ((await (await fetch('/api/plans')).json()) as { id: string }[]).map((p) => p.id));
      expect(staffPlans).not.toContain(planId);
      // The leader of the owner unit sees it labelled 草稿 in the plan picker.
      await leader.goto(`${base}/`);
      await leader.getByTestId('plan-picker').waitFor();
      expect(await leader.getByTestId('plan-picker').locator(`option[value="${planId}"]`).textContent()).toContain('草稿');
      await leader.goto(`${base}/plans/${encodeURIComponent(planId)}`);
      expect(await leader.getByTestId('plan-draft-label').textContent()).toContain('草稿');
      await shot(leader, 'plan-year-desktop-leader-draft');

      // 3. Publish.
      await admin.getByTestId('publish').click();
      await expect.poll(() => admin.getByTestId('plan-status').textContent()).toBe('已发布');

      // 4. Staff reports 4 on it (their page picks the newly published target up).
      await staff.reload();
      const card = staff.locator(`[data-testid="rp-card"][data-target="${target}"]`);
      await card.waitFor({ timeout: 10_000 });
      await card.getByTestId('rp-open-report').click();
      await card.getByTestId('report-form').getByLabel('本次新增').fill('4');
      await card.getByTestId('report-form').getByRole('button', { name: '提交' }).click();
      await expect.poll(() => card.getByTestId('report-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('counted');

      // 5. The leader has the target open; the admin adjusts it with a reason.
      await leader.goto(`${base}/targets/${encodeURIComponent(target)}`);
      await leader.getByTestId('series-chart').waitFor();
      expect(await leader.getByTestId('target-history').count()).toBe(0);
      await admin.getByTestId(`edit-${target}`).click();
      await tf.getByLabel('目标值').fill('8');
      await tf.getByTestId('save-target').click();
      await expect.poll(() => tf.getByTestId('field-error').first().textContent()).toBe('必填'); // the reason
      await tf.getByTestId('reason').fill('区里调减任务');
      await shot(admin, 'plan-year-desktop-adjust');
      await tf.getByTestId('save-target').click();
      await tf.waitFor({ state: 'detached' });

      // 6. Without reload the leader's page lists it and marks it on the chart.
      const history = leader.getByTestId('target-history');
      await history.waitFor({ timeout: 10_000 });
      expect(await history.getByTestId('history-row').first().textContent()).toMatch(/目标值：10 个 → 8 个.*区里调减任务/);
      await expect.poll(() => leader.getByTestId('series-chart').getAttribute('data-adjustments')).toBe('1');
      // A vertical line has no width: Playwright calls it hidden, so look for the drawn line itself.
      await leader.locator('.adjustment-mark line').first().waitFor({ state: 'attached' });
      await shot(leader, 'plan-year-desktop-leader-target');
      await leader.setViewportSize(VIEWPORTS.phone);
      await shot(leader, 'plan-year-phone-leader-target');
      expect(await sideOverflow(leader), 'phone: side scrolling').toBe(0);
      await admin.setViewportSize(VIEWPORTS.phone);
      await shot(admin, 'plan-year-phone-editor');
      expect(await sideOverflow(admin), 'phone: side scrolling').toBe(0);
      // English too.
      await leader.setViewportSize(VIEWPORTS.desktop);
      await leader.getByRole('button', { name: 'English' }).click();
      await history.getByText('Adjustments').waitFor();
      await shot(leader, 'plan-year-desktop-leader-target-en');
      await leader.setViewportSize(VIEWPORTS.phone);
      await shot(leader, 'plan-year-phone-leader-target-en');
      for (const size of ['fullhd', 'uhd'] as const) {
        await admin.setViewportSize(VIEWPORTS[size]);
        await shot(admin, `plan-year-${size}-editor`);
        expect(await sideOverflow(admin), `${size}: side scrolling`).toBe(0);
      }
      expect(errors).toEqual([]);
    } finally {
      await Promise.all([admin.close(), staff.close(), leader.close()]);
    }
  });
});
