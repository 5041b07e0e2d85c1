import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import { startBrowserStack, type BrowserStack } from '../support/stack';
import { signedInPage, signIn } from './sign-in';

/**
 * The accounts page (/users, issue 9) in a real browser: an admin creates a staff account,
 * the generated password is shown once, that person signs in with it; the admin disables
 * the account and the person's open page ends its session by itself.
 */
let stack: BrowserStack;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  stack = await startBrowserStack('test-browser-users');
  ({ app, browser, base } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
const sideOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('accounts page', () => {
  it('creates a staff account whose generated password is shown once and signs in; disabling it ends that session', async () => {
    const adminPage = await signedInPage(browser, base, await signIn(app, 'admin'), { viewport: VIEWPORTS.desktop });
    const errors: string[] = [];
    adminPage.on('pageerror', (e) => errors.push(String(e)));
    adminPage.on('dialog', (d) => void d.accept());
    try {
      await adminPage.goto(`${base}/`);
      // Admins get the nav link.
      await adminPage.getByRole('link', { name: '账号' }).click();
      await adminPage.getByRole('heading', { name: '账号管理' }).waitFor();
      await adminPage.getByTestId('user-row-staff-t-jd-a').waitFor();

      const form = adminPage.getByTestId('user-form');
      // A mistake is named before anything is sent.
      await form.getByTestId('user-username').fill('Zhou Min');
      await form.getByTestId('user-create').click();
      expect(await form.getByRole('alert').textContent()).toContain('登录名须为');
      await form.getByTestId('user-username').fill('zhou.min');
      await form.getByLabel('姓名').fill('周敏');
      await form.getByTestId('user-role').selectOption('staff');
      await form.getByLabel('所属单位').selectOption('T-JD-A');
      await shot(adminPage, 'users-desktop-form');
      await form.getByTestId('user-create').click();

      const once = adminPage.getByTestId('one-time-password');
      await once.waitFor();
      const password = (await adminPage.getByTestId('one-time-password-value').textContent())!.trim();
      expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      await adminPage.getByTestId('user-row-zhou.min').waitFor();
      await shot(adminPage, 'users-desktop-password-once');
      await adminPage.setViewportSize(VIEWPORTS.phone);
      await shot(adminPage, 'users-phone-password-once');
      expect(await sideOverflow(adminPage), 'phone: side scrolling').toBe(0);
      await adminPage.setViewportSize(VIEWPORTS.desktop);
      // Once: dismissed, it is nowhere on the page, and a reload does not bring it back.
      await adminPage.getByTestId('one-time-password-done').click();
      await once.waitFor({ state: 'detached' });
      expect(await adminPage.content()).not.toContain(password);
      await adminPage.reload();
      await adminPage.getByTestId('user-row-zhou.min').waitFor();
      expect(await adminPage.content()).not.toContain(password);

      // The new person signs in with it through the sign-in form.
      const person = await browser.newPage({ viewport: VIEWPORTS.desktop });
      try {
        await person.goto(`${base}/login`);
        await person.locator('#login-username').fill('zhou.min');
        await person.locator('#login-password').fill(password);
        await person.getByRole('button', { name: '登录' }).click();
        await person.getByTestId('who-name').waitFor();
        expect(await person.getByTestId('who-name').textContent()).toContain('周敏');
        expect(await person.getByTestId('who-role').getAttribute('data-role')).toBe('staff');
        // Staff get no accounts link.
        expect(await person.getByRole('link', { name: '账号' }).count()).toBe(0);

        // Disabled by the admin: the person's open page is signed out without touching it
        // (the server drops its socket, the page finds its session gone).
        const row = adminPage.getByTestId('user-row-zhou.min');
        await row.getByTestId('user-toggle').click();
        await expect.poll(() => row.getByTestId('user-status').textContent()).toContain('已停用');
        const started = Date.now();
        await person.waitForURL(/\/login/, { timeout: 15_000 });
        console.log(`users: disabled → the person's page at /login in ${Date.now() - started} ms`);
        expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhou.min', password }, remoteAddress: '10.44.0.1' })).statusCode).toBe(401);
      } finally {
        await person.close();
      }

      // The list, at both sizes, for looking at.
      await shot(adminPage, 'users-desktop');
      await adminPage.setViewportSize(VIEWPORTS.phone);
      await shot(adminPage, 'users-phone');
      expect(await sideOverflow(adminPage), 'phone: side scrolling').toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await adminPage.close();
    }
  });

  it('shows staff who open /users that it is not theirs', async () => {
    const page = await signedInPage(browser, base, await signIn(app, 'staff-t-jd-b'), { viewport: VIEWPORTS.desktop });
    try {
      await page.goto(`${base}/users`);
      await page.getByTestId('forbidden').waitFor();
    } finally {
      await page.close();
    }
  });
});
