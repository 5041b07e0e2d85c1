import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { Role } from '@luoshi/shared';
import { hashPassword } from '../../server/src/auth/password';
import { hashSecret, newSecret } from '../../server/src/auth/tokens';

/**
 * Sign-in helpers for integration and browser tests. Accounts get one known password, so
 * tests can sign in as any role without reading generated credentials.
 */
export const TEST_PASSWORD = 'luoshi-test-password';

export interface TestAccount {
  username: string;
  password: string;
  role: Role;
  unit: string | null;
}

export interface SeededAccounts {
  admin: TestAccount;
  /** Every account: admin, `leader-<code>` per 街道, `staff-<code>` per 科室 (codes lower-cased). */
  accounts: TestAccount[];
  /** By username, e.g. `byName['staff-t-jd-a']`. */
  byName: Record<string, TestAccount>;
  /** A fresh read-only screen token (screen id `test`). */
  screenToken: string;
}

let cachedHash: Promise<string> | null = null;
/** scrypt is slow on purpose: hash the one test password once per process. */
const testHash = (): Promise<string> => (cachedHash ??= hashPassword(TEST_PASSWORD));

/**
 * Creates (or resets to TEST_PASSWORD) `admin`, a leader per sub-district and a staff
 * account per department of the seeded units, and issues a screen token. Idempotent.
 * Call after the units are seeded.
 */
export async function seedAccounts(db: Kysely<Database>): Promise<SeededAccounts> {
  const hash = await testHash();
  const units = await db.selectFrom('units').select(['code', 'name', 'kind']).where('kind', 'in', ['department', 'subdistrict']).orderBy('code').execute();
  const accounts: TestAccount[] = [{ username: 'admin', password: TEST_PASSWORD, role: 'admin', unit: null }];
  for (const u of units) {
    const role: Role = u.kind === 'subdistrict' ? 'leader' : 'staff';
    accounts.push({ username: `${role}-${u.code.toLowerCase()}`, password: TEST_PASSWORD, role, unit: u.code });
  }
  for (const a of accounts) {
    await db
      .insertInto('users')
      .values({ id: randomUUID(), username: a.username, display_name: a.username, role: a.role, unit_code: a.unit, password_hash: hash })
      .onConflict((oc) => oc.column('username').doUpdateSet({ password_hash: hash, disabled_at: null }))
      .execute();
  }
  const screenToken = await issueToken(db, { role: 'screen', screenId: 'test', name: 'test screen' });
  return { admin: accounts[0]!, accounts, byName: Object.fromEntries(accounts.map((a) => [a.username, a])), screenToken };
}

/** Issues an API token straight into the table (no HTTP), returning the secret. */
export async function issueToken(
  db: Kysely<Database>,
  opts: { role: Role; unitCode?: string | null; screenId?: string | null; name?: string },
): Promise<string> {
  const token = newSecret('lst');
  await db
    .insertInto('api_tokens')
    .values({
      id: randomUUID(),
      name: opts.name ?? `test ${opts.role}${opts.unitCode ? ` ${opts.unitCode}` : ''}`,
      token_hash: hashSecret(token),
      role: opts.role,
      unit_code: opts.unitCode ?? null,
      screen_id: opts.screenId ?? null,
      created_by: 'test',
    })
    .execute();
  return token;
}

/** An admin API token: `{ authorization: \`Bearer ${token}\` }` for machine-style calls. */
export const adminToken = (db: Kysely<Database>): Promise<string> => issueToken(db, { role: 'admin', name: 'test admin' });

export const bearer = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });

export interface Session {
  /** `luoshi_session=…`, for a `cookie` header (or split for a browser context). */
  cookie: string;
  /** The session's CSRF token, to send as `x-csrf-token` on writes. */
  csrf: string;
  /** The raw session id (the cookie's value), for `context.addCookies`. */
  sessionId: string;
}

/** Headers for a cookie-authenticated request (reads and writes). */
export const sessionHeaders = (s: Session): { cookie: string; 'x-csrf-token': string } => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

/**
 * Signs in through `POST /api/auth/login`, against a Fastify app (inject) or a base URL
 * (`http://127.0.0.1:port`, real HTTP). Throws when sign-in fails.
 * `remoteAddress` (inject only) spreads sign-ins over addresses to stay under the 10/min limit.
 */
export async function loginCookie(target: FastifyInstance | string, username: string, password = TEST_PASSWORD, remoteAddress?: string): Promise<Session> {
  let status: number;
  let body: { csrfToken?: string };
  let setCookie: string;
  if (typeof target === 'string') {
    const res = await fetch(`${target.replace(/\/$/, '')}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    status = res.status;
    body = (await res.json()) as { csrfToken?: string };
    setCookie = res.headers.getSetCookie().join('; ');
  } else {
    const res = await target.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: remoteAddress ?? uniqueAddress() });
    status = res.statusCode;
    body = res.json<{ csrfToken?: string }>();
    setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).join('; ');
  }
  const m = /luoshi_session=([^;]+)/.exec(setCookie);
  if (status !== 200 || !m || !body.csrfToken) throw new Error(`sign-in as ${username} failed: ${status} ${JSON.stringify(body)}`);
  return { cookie: `luoshi_session=${m[1]}`, csrf: body.csrfToken, sessionId: m[1]! };
}

let addr = 0;
/** A distinct loopback-ish address per inject sign-in, so the sign-in rate limit never trips tests. */
function uniqueAddress(): string {
  addr++;
  return `10.77.${(addr >> 8) & 255}.${addr & 255}`;
}

type InjectArg = string | InjectOptions;

/**
 * Makes `app.inject({...})` send `headers` (e.g. `bearer(token)`) unless a call sets its own
 * `authorization` or `cookie`, so tests written before sign-in existed keep their assertions.
 * Returns a function that undoes it.
 */
export function injectAs(app: FastifyInstance, headers: Record<string, string>): () => void {
  const original = app.inject.bind(app);
  const patched = ((opts?: InjectArg, cb?: unknown) => {
    if (opts === undefined) return original();
    const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
    const own = (o.headers ?? {}) as Record<string, unknown>;
    const merged = own.authorization !== undefined || own.cookie !== undefined ? own : { ...headers, ...own };
    const call = original as unknown as (o: InjectOptions, cb?: unknown) => unknown;
    return cb ? call({ ...o, headers: merged as InjectOptions['headers'] }, cb) : call({ ...o, headers: merged as InjectOptions['headers'] });
  }) as FastifyInstance['inject'];
  app.inject = patched;
  return () => {
    app.inject = original;
  };
}
