import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import { startBrowserStack, type BrowserStack } from '../support/stack';
import { signedInPage, signIn } from './sign-in';

/**
 * Issue 16, the organisation page in a real browser: an org chart (GBK-free UTF-8 CSV with a
 * bad row) is previewed with the row's problem and not applied; fixed, it is imported. A unit
 * renamed by the admin shows on a leader's open unit page without reload.
 */
let stack: BrowserStack;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  stack = await startBrowserStack('test-browser-org');
  ({ app, browser, base } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
const sideOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('organisation page', () => {
  it('previews an org chart with row errors, imports it fixed; a rename shows on an open page', async () => {
    const admin = await signedInPage(browser, base, await signIn(app, 'admin'), { viewport: VIEWPORTS.desktop });
    const leader = await signedInPage(browser, base, await signIn(app, 'leader-t-jd'), { viewport: VIEWPORTS.desktop });
    const errors: string[] = [];
    for (const p of [admin, leader]) p.on('pageerror', (e) => errors.push(String(e)));
    admin.on('dialog', (d) => void d.accept('社区服务中心'));
    const dir = mkdtempSync(path.join(tmpdir(), 'org-'));
    try {
      await admin.goto(`${base}/`);
      await admin.getByRole('link', { name: '组织机构' }).click();
      await admin.getByTestId('unit-T-JD-A').waitFor();

      const bad = path.join(dir, 'org-bad.csv');
      writeFileSync(bad, '编号,名称,上级编号,类型\nT-JD-G1,第一网格,T-JD,网格\nT-JD-G2,,NOWHERE,网格\n');
      await admin.getByTestId('org-file').setInputFiles(bad);
      await admin.getByTestId('org-preview').waitFor();
      expect(await admin.getByTestId('org-row-1').getAttribute('data-action')).toBe('create');
      expect(await admin.getByTestId('org-row-2').getAttribute('data-action')).toBe('error');
      expect(await admin.getByTestId('org-row-2').textContent()).toMatch(/名称：必填.*上级单位：无效或不存在/);
      expect(await admin.getByTestId('org-apply').isDisabled()).toBe(true);
      await shot(admin, 'org-desktop-preview-errors');
      await admin.setViewportSize(VIEWPORTS.phone);
      await shot(admin, 'org-phone-preview-errors');
      expect(await sideOverflow(admin), 'phone: side scrolling').toBe(0);
      await admin.setViewportSize(VIEWPORTS.desktop);

      const good = path.join(dir, 'org-good.csv');
      writeFileSync(good, '编号,名称,上级编号,类型\nT-JD-G1,第一网格,T-JD,网格\nT-JD-G2,第二网格,T-JD,网格\n');
      await admin.getByTestId('org-file').setInputFiles(good);
      await admin.getByTestId('org-row-2').waitFor();
      await expect.poll(() => admin.getByTestId('org-row-2').getAttribute('data-action')).toBe('create');
      await admin.getByTestId('org-apply').click();
      await admin.getByTestId('unit-T-JD-G2').waitFor();
      expect(await stack.tdb.db.selectFrom('units').select('name').where('code', '=', 'T-JD-G2').executeTakeFirstOrThrow()).toEqual({ name: '第二网格' });

      // The leader has the unit open; the admin renames it.
      await leader.goto(`${base}/units/T-JD-A`);
      await leader.getByRole('heading', { name: '社区服务办公室' }).waitFor();
      await admin.getByTestId('unit-T-JD-A').getByRole('button', { name: '改名' }).click();
      await admin.getByTestId('unit-T-JD-A').getByText('社区服务中心').waitFor();
      await leader.getByRole('heading', { name: '社区服务中心' }).waitFor({ timeout: 10_000 });
      await shot(admin, 'org-desktop-tree');

      // A unit in use is not deleted: the refusal says what refers to it.
      await admin.getByTestId('unit-T-JD-A').getByRole('button', { name: '删除' }).click();
      await admin.getByTestId('refusal').waitFor();
      expect(await admin.getByTestId('refusal').textContent()).toMatch(/单位仍被引用.*targets 1/);
      expect(errors).toEqual([]);
    } finally {
      await Promise.all([admin.close(), leader.close()]);
    }
  });
});
