import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { NatsConnection } from '@nats-io/transport-node';
import getPort from 'get-port';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { publishEvent } from '../integration/live-support';
import type { Session } from '../support/auth';
import { screenshotDir, VIEWPORTS } from '../support/browser';
import type { TestDatabase } from '../support/infra';
import { signedInPage, signIn } from './sign-in';
import { startStack, webDist, type Stack } from '../support/stack';

/** The page while its server is down and after it is back: badge, data age, and numbers caught up. */
let stack: Stack;
let tdb: TestDatabase;
let nc: NatsConnection;
let app: FastifyInstance | null = null;
let port: number;
let browser: Browser;
let admin: Session;

async function startApp(): Promise<void> {
  app = await buildApp({ db: tdb.db, nc, webDist, now: stack.now }, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
}

beforeAll(async () => {
  stack = await startStack({ name: 'test-browser-resync', accounts: true, worker: true, app: false, browser: true });
  ({ tdb, nc, browser } = stack);
  // The app is this file's own: the test stops it and starts it again on the same port, as a server restart would.
  stack.onStop(() => app?.close());
  port = await getPort();
  await startApp();
  admin = await signIn(app!, 'admin');
});

afterAll(() => stack?.stop());

describe('a page across a server restart', () => {
  it('says it is offline with the data age, and shows the right numbers once the server is back', async () => {
    // The session is in the database: it outlives the restart, and the socket's new handshake carries it.
    const base = `http://127.0.0.1:${port}`;
    const page = await signedInPage(browser, base, admin, { viewport: VIEWPORTS.desktop });
    await page.goto(`${base}/?plan=TP-2026`);
    const badge = page.getByTestId('live-badge');
    const cell = page.getByTestId('value-TP-JOBS');
    await expect.poll(() => cell.textContent()).toBe('0 人');
    await expect.poll(() => badge.getAttribute('data-connected')).toBe('true');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));

    await app!.close();
    await expect.poll(() => badge.getAttribute('data-connected'), { timeout: 10_000 }).toBe('false');
    expect(await badge.textContent()).toContain('连接中断');
    // The age ticks while offline ("… 秒钟前" / "现在").
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await badge.textContent()).toMatch(/秒钟前|现在/);
    await page.screenshot({ path: path.join(screenshotDir, 'live-offline-badge.png') });

    // Events ingested while this server is down: the page must catch up without a reload.
    for (let i = 0; i < 5; i++) await publishEvent(stack, 'browser-gap', { target: 'TP-JOBS', value: 2 });
    await stack.ingestIdle(30_000);
    expect(await cell.textContent()).toBe('0 人');

    await startApp();
    await expect.poll(() => badge.getAttribute('data-connected'), { timeout: 20_000 }).toBe('true');
    await expect.poll(() => cell.textContent(), { timeout: 5_000 }).toBe('10 人');
    expect(await badge.textContent()).toContain('实时');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    await page.close();
  });
});
