import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { loginCookie, type Session } from '../support/auth';

/**
 * Browser tests sign in once per file (through `POST /api/auth/login`, by inject, so the
 * 10/min sign-in limit never trips) and hand the session cookie to each new page: the
 * sign-in form itself is proven once, in auth.test.ts.
 */
export async function signIn(app: FastifyInstance, username: string): Promise<Session> {
  return loginCookie(app, username);
}

/** A page in a fresh context that carries the session cookie, as if its user had just signed in. */
export async function signedInPage(browser: Browser, base: string, session: Session, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  await context.addCookies([{ name: 'luoshi_session', value: session.sessionId, url: base, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  page.once('close', () => void context.close().catch(() => undefined));
  return page;
}

/** Headers for the tests' own API reads (the server may require a session). */
export const asUser = (session: Session): { headers: { cookie: string } } => ({ headers: { cookie: session.cookie } });

/** True once the server refuses anonymous reads (issue 9's server side is in). */
export async function readsNeedSignIn(base: string): Promise<boolean> {
  return (await fetch(`${base}/api/plans`)).status === 401;
}
