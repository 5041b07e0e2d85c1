import type { NatsConnection } from '@nats-io/transport-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed } from '@luoshi/seeds';
import { buildApp } from '../../server/src/app';
import { connectNats } from '../../server/src/infra/nats';
import { seedAccounts, TEST_PASSWORD } from '../support/auth';
import { testSeed } from '../support/fixtures';
import { createTestDatabase, startTestNats, type TestDatabase, type TestNats } from '../support/infra';

/**
 * Sign-in limit per account (issue 9 item 5): guesses spread over many addresses (so the
 * per-address limit never trips) still get 10 failures per 15 minutes on one login.
 */
let tdb: TestDatabase;
let nats: TestNats;
let nc: NatsConnection;
let app: FastifyInstance;

beforeAll(async () => {
  [tdb, nats] = await Promise.all([createTestDatabase(), startTestNats()]);
  await loadSeed(tdb.db, testSeed);
  await seedAccounts(tdb.db);
  nc = await connectNats(nats.url, 'test-login-throttle');
  app = await buildApp({ db: tdb.db, nc, webDist: null }, { logger: false });
});

afterAll(async () => {
  await app?.close();
  await nc?.close();
  await nats?.destroy();
  await tdb?.drop();
});

let addr = 0;
/** Every attempt from another address: only the per-account limit can answer 429. */
const login = (username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: `10.66.${(++addr >> 8) & 255}.${addr & 255}` });

describe('sign-in limit per account', () => {
  it('answers 429 with Retry-After after 10 failures on one login, even to the right password, and leaves other accounts alone', async () => {
    for (let i = 0; i < 10; i++) expect((await login('staff-t-jd-a', `wrong-${i}`)).statusCode).toBe(401);
    const limited = await login('staff-t-jd-a', 'wrong-again');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ code: 'too_many_attempts', message: expect.stringMatching(/登录失败次数过多.*15 分钟/) });
    const retry = Number(limited.headers['retry-after']);
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect((await login('staff-t-jd-a', TEST_PASSWORD)).statusCode).toBe(429);
    expect((await login('staff-t-jd-b', TEST_PASSWORD)).statusCode).toBe(200);
    const throttled = await tdb.db.selectFrom('audit_log').select('subject').where('action', '=', 'auth.login_throttled').execute();
    expect(throttled.map((r) => r.subject)).toEqual(['staff-t-jd-a', 'staff-t-jd-a']);
  });

  it('starts counting afresh after a successful sign-in', async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++) expect((await login('leader-t-jd', `wrong-${i}`)).statusCode).toBe(401);
      expect((await login('leader-t-jd', TEST_PASSWORD)).statusCode).toBe(200);
    }
  });

  it('limits unknown logins the same way, so a 429 does not tell which names exist', async () => {
    for (let i = 0; i < 10; i++) expect((await login('no-such-user', 'x')).statusCode).toBe(401);
    const res = await login('no-such-user', 'x');
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'too_many_attempts' });
  });
});
