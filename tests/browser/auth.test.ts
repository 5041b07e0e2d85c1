import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type Session } from '../support/auth';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import { startBrowserStack, type BrowserStack } from '../support/stack';
import type { TestDatabase } from '../support/infra';
import { readsNeedSignIn, signedInPage, signIn } from './sign-in';

/**
 * Signing in and out in a real browser (issue 9): the redirect to /login and back to
 * where the user was going, the Chinese errors, what a department's staff sees, sign-out.
 */
let stack: BrowserStack;
let tdb: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let wired: boolean;

beforeAll(async () => {
  stack = await startBrowserStack('test-browser-auth');
  ({ tdb, app, browser, base } = stack);
  wired = await readsNeedSignIn(base);
  console.log(`server refuses anonymous reads: ${wired}`);
});

afterAll(async () => {
  await stack?.stop();
});

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
const sideOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

async function freshPage(viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

describe('sign-in in a real browser', () => {
  it('sends a signed-out visitor to /login, keeping where they were going', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${base}/`);
    await page.waitForURL(`${base}/login`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.title()).toBe('登录 · 落实');
    // Focus starts in the username field: type, Tab, type, Enter.
    expect(await activeId(page)).toBe('login-username');
    for (const [name, viewport] of [
      ['phone', VIEWPORTS.phone],
      ['desktop', VIEWPORTS.desktop],
    ] as const) {
      await page.setViewportSize(viewport);
      await shot(page, `login-${name}`);
      expect(await sideOverflow(page), name).toBe(0);
    }

    // A deep link survives the trip through the sign-in page.
    await page.goto(`${base}/plans/TP-2026?status=behind`);
    await page.waitForURL((u) => u.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/plans/TP-2026?status=behind');
    // Nothing leaks before sign-in: no header, no data.
    expect(await page.getByTestId('who').count()).toBe(0);
    expect(await page.getByTestId('target-table').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says in Chinese when the username or password is wrong, and when a field is empty', async () => {
    const { page } = await freshPage(VIEWPORTS.phone);
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').getByText('请输入用户名').waitFor();
    expect(await activeId(page)).toBe('login-username');

    await page.getByLabel('用户名').fill('staff-t-jd-a');
    await page.getByLabel('密码', { exact: true }).fill('not-the-password');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('用户名或密码不正确').waitFor();
    // The password is cleared and focused for the retry; both fields are marked.
    expect(await activeId(page)).toBe('login-password');
    expect(await page.getByLabel('密码', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('用户名').getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot(page, 'login-error-phone');

    // English too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill('still-wrong');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('Wrong username or password').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.close();
  });

  it('signs a department’s staff in from the keyboard, shows only that department’s targets and no 导入计划', async () => {
    const { page, errors } = await freshPage();
    await page.goto(`${base}/plans/TP-2026`);
    await page.waitForURL((u) => u.pathname === '/login');
    // The sign-in page is its own chunk: the name field takes the focus once it is drawn.
    await page.locator('#login-username:focus').waitFor();
    await page.keyboard.type('staff-t-jd-a');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('login-password');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');

    // Back where the user was going, signed in.
    await page.waitForURL(`${base}/plans/TP-2026`);
    await expect.poll(() => page.getByTestId('who-role').textContent()).toBe('工作人员');
    expect(await page.getByTestId('who-name').textContent()).toContain('staff-t-jd-a');
    expect(await page.getByRole('link', { name: '导入计划' }).count()).toBe(0);
    // No link that goes nowhere: "/" sends staff back to /report, so no 总览 in their menu (issue 18.8).
    expect(await page.getByRole('link', { name: '总览' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '上报进度' }).count()).toBe(1);

    // Its own target, not the other department's; no league table or plan-wide activity.
    await page.getByTestId('value-TP-JOBS').waitFor();
    expect(await page.getByTestId('value-TP-AREA').count()).toBe(0);
    expect(await page.getByTestId('league').count()).toBe(0);
    // The unit's name arrives with /api/units, maybe after the targets: wait for it.
    await expect.poll(() => page.getByTestId('scope-note').textContent()).toContain('社区服务办公室');
    await page.getByTestId('live-badge').getByText('实时').waitFor({ timeout: 10_000 });
    for (const [name, viewport] of [
      ['phone', VIEWPORTS.phone],
      ['desktop', VIEWPORTS.desktop],
    ] as const) {
      await page.setViewportSize(viewport);
      await shot(page, `auth-staff-${name}`);
      expect(await sideOverflow(page), name).toBe(0);
    }
    await page.setViewportSize(VIEWPORTS.desktop);

    // Its own target's page opens; the import page says 无权访问.
    await page.getByTestId('value-TP-JOBS').locator('xpath=ancestor::tr').getByRole('link').first().click();
    await page.getByTestId('target-value').waitFor();
    await page.goto(`${base}/import`);
    await page.getByTestId('forbidden').getByText('无权访问').waitFor();
    if (wired) {
      // The server agrees: another department's target is refused, and the page says so.
      await page.goto(`${base}/targets/TP-AREA`);
      await page.getByRole('alert').getByText('无权访问').waitFor();
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the admin everything, 导入计划 included', async () => {
    const admin = await signIn(app, 'admin');
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/`);
    await page.getByTestId('value-TP-AREA').waitFor();
    await page.getByTestId('value-TP-JOBS').waitFor();
    expect(await page.getByTestId('who-role').textContent()).toBe('管理员');
    await page.getByRole('link', { name: '导入计划' }).click();
    // Under the server's CSP (no 'unsafe-eval'): the import page's draft checker must not compile code.
    await page.getByRole('heading', { name: '导入工作计划' }).waitFor();
    await page.locator('#imp-plan-ownerUnit').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signs out back to /login, and the session is over on the server too', async () => {
    const leader: Session = await signIn(app, 'leader-t-jd');
    const page = await signedInPage(browser, base, leader, { viewport: VIEWPORTS.phone });
    await page.goto(`${base}/`);
    await expect.poll(() => page.getByTestId('who-role').textContent()).toBe('领导');
    // A leader reads the sub-district's whole plan.
    await page.getByTestId('value-TP-AREA').waitFor();
    await shot(page, 'auth-leader-phone');
    // …and the report history of the units below (issue 18.8): a menu link, not 无权访问.
    await page.getByRole('link', { name: '上报记录' }).click();
    await page.getByTestId('history-page').waitFor();
    expect(await page.getByTestId('forbidden').count()).toBe(0);
    // The units of the subtree to choose from; the server answers for each (a list or "none"), never 403.
    const unitChoice = page.getByTestId('hist-unit');
    await expect.poll(() => unitChoice.locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['社区服务办公室', '社区管理办公室']),
    );
    await unitChoice.selectOption('T-JD-A');
    await page.getByTestId('history-item').first().or(page.getByText('没有符合条件的记录。')).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await shot(page, 'auth-leader-history-phone');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    expect((await fetch(`${base}/api/auth/me`, { headers: { cookie: leader.cookie } })).status).toBe(401);
    // Back and forward cannot bring the data back: the app asks again.
    await page.goto(`${base}/`);
    await page.waitForURL(`${base}/login`);
    expect(await page.getByTestId('target-table').count()).toBe(0);
    await page.close();
  });

  it('goes to the sign-in page when the session ends under an open page, and comes back after', async () => {
    const staff = await signIn(app, 'staff-t-jd-a');
    const page = await signedInPage(browser, base, staff, { viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/targets/TP-JOBS`);
    await page.getByTestId('target-value').waitFor();
    // An administrator ends every session (or it expires).
    await tdb.db.deleteFrom('sessions').execute();
    await page.reload();
    await page.waitForURL((u) => u.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/targets/TP-JOBS');
    await page.getByLabel('用户名').fill('staff-t-jd-a');
    await page.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/targets/TP-JOBS`);
    await page.getByTestId('target-value').waitFor();
    // The live link is back too (a fresh handshake with the new cookie).
    await page.getByTestId('live-badge').getByText('实时').waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('goes to the sign-in page when the live link is refused (session gone), and reconnects after signing in', async () => {
    const staff = await signIn(app, 'staff-t-jd-a');
    const page = await signedInPage(browser, base, staff, { viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/plans/TP-2026`);
    const badge = page.getByTestId('live-badge');
    await expect.poll(() => badge.getAttribute('data-connected')).toBe('true');
    // The session ends and the server drops the socket: the client's new handshake is refused.
    await tdb.db.deleteFrom('sessions').execute();
    app.io.disconnectSockets(true);
    if (wired) {
      await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
      expect(new URL(page.url()).searchParams.get('next')).toBe('/plans/TP-2026');
      await page.getByLabel('用户名').fill('staff-t-jd-a');
      await page.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/plans/TP-2026`);
    }
    await expect.poll(() => page.getByTestId('live-badge').getAttribute('data-connected'), { timeout: 15_000 }).toBe('true');
    await page.close();
  });

  it('says 尝试次数过多 when sign-in is rate-limited', async () => {
    const { page } = await freshPage();
    await page.goto(`${base}/login`);
    // Use up this address's sign-in allowance (10 a minute) from the page itself.
    await page.evaluate(async () => {
      for (let i = 0; i < 12; i++) {
        const r = await fetch('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'nobody', password: 'x' }),
        });
        if (r.status === 429) return;
      }
    });
    await page.getByLabel('用户名').fill('staff-t-jd-a');
    await page.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('尝试次数过多，请稍后再试').waitFor();
    await shot(page, 'login-rate-limited-desktop');
    await page.close();
  });
});
