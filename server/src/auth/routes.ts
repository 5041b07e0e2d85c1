import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import {
  ApiTokenSchema,
  AuditEntrySchema,
  IssuedTokenSchema,
  LoginResponseSchema,
  ROLES,
  SessionInfoSchema,
  StringEnum,
  isCode,
  type Role,
} from '@luoshi/shared';
import { HttpError, notFound } from '../http/errors';
import { errorResponses, NoContent } from '../http/schemas';
import { audit } from './audit';
import type { LoginKey, LoginThrottle } from './login-throttle';
import { checkPassword, hashPassword } from './password';
import { SESSION_COOKIE, unauthenticated } from './plugin';
import { hashSecret, newSecret } from './tokens';
import { sweepCredentials } from '../live/socket';

const SESSION_HOURS = 12;

const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

const TokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: StringEnum(ROLES),
    unitCode: Type.Optional(Type.String({ maxLength: 64 })),
    screenId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

export interface AuthRouteOptions {
  /** Failed sign-ins per account (shared with the account routes: a password reset clears it). */
  throttle: LoginThrottle;
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, opts) => {
  const { throttle } = opts;
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie and returns the CSRF token',
        body: LoginBody,
        response: { 200: LoginResponseSchema, ...errorResponses },
      },
      // Limits per address and per login live in PostgreSQL (login-throttle.ts): they hold
      // across instances. The scrypt cost does the rest.
      config: { public: true },
    },
    async (req, reply) => {
      const { username, password } = req.body;
      // `too_many_attempts`: this login is locked; `too_many_requests`: this address is going too fast.
      const tooMany = async (code: 'too_many_attempts' | 'too_many_requests', waitMs: number, message: (minutes: number) => string) => {
        const minutes = Math.ceil(waitMs / 60_000);
        await audit(app.db, null, req, { action: 'auth.login_throttled', subject: username });
        return reply
          .status(429)
          .header('retry-after', String(Math.ceil(waitMs / 1000)))
          .send({ code, message: message(minutes) });
      };
      const fromAddress = await throttle.attempt(req.ip);
      if (fromAddress > 0) {
        return tooMany('too_many_requests', fromAddress, (m) => `此地址登录尝试过于频繁，请 ${m} 分钟后再试 (too many sign-in attempts from this address; try again in ${m} min)`);
      }
      // Disabled accounts are looked up too, and answered exactly like unknown names.
      const user = await app.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      // Refused before the password is checked, even a right one: otherwise guessing would go
      // on, the answer to a right guess merely differing. Unknown names are limited alike.
      const key: LoginKey = user ? { kind: 'user', id: user.id } : { kind: 'unknown', id: username };
      const wait = await throttle.blockedFor(key);
      if (wait > 0) {
        return tooMany('too_many_attempts', wait, (m) => `该账号登录失败次数过多，请 ${m} 分钟后再试 (too many failed sign-ins for this account; try again in ${m} min)`);
      }
      // Unknown and disabled accounts are checked against a dummy hash with today's parameters:
      // every refusal costs the same key derivation, so timing does not tell them apart.
      const active = user && user.disabled_at === null ? user : null;
      const check = await checkPassword(password, active?.password_hash ?? null);
      if (!active || !check.ok) {
        await throttle.failed(key);
        await audit(app.db, null, req, { action: 'auth.login_failed', subject: username });
        throw new HttpError(401, 'bad_credentials', '用户名或密码不正确 (wrong username or password)');
      }
      await throttle.clear(key);
      // A hash with older parameters is replaced now that the password is known.
      if (check.rehash) await app.db.updateTable('users').set({ password_hash: await hashPassword(password) }).where('id', '=', active.id).execute();
      const sid = newSecret('lss');
      const csrf = randomBytes(24).toString('base64url');
      await app.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('sessions')
          .values({
            id_hash: hashSecret(sid),
            user_id: active.id,
            csrf_token: csrf,
            expires_at: sql<Date>`now() + make_interval(hours => ${SESSION_HOURS})`,
            ip: req.ip,
            user_agent: req.headers['user-agent']?.slice(0, 300) ?? null,
          })
          .execute();
        const who = { kind: 'user' as const, id: active.id, name: active.display_name, role: active.role as Role, unitCode: active.unit_code, screenId: null };
        await audit(trx, who, req, { action: 'auth.login' });
      });
      reply.setCookie(SESSION_COOKIE, sid, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: 'auto',
        maxAge: SESSION_HOURS * 3600,
      });
      return { user: { id: active.id, name: active.display_name, role: active.role as Role, unitCode: active.unit_code }, csrfToken: csrf };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: NoContent, ...errorResponses } }, config: { public: true } }, async (req, reply) => {
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) {
      const gone = await app.db.deleteFrom('sessions').where('id_hash', '=', hashSecret(sid)).returning('user_id').executeTakeFirst();
      if (gone) await audit(app.db, req.principal, req, { action: 'auth.logout' });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'Who is signed in, and the CSRF token for writes', response: { 200: SessionInfoSchema, ...errorResponses } } }, async (req) => {
    if (!req.principal) throw unauthenticated();
    return { user: req.principal, csrfToken: req.sessionCsrf };
  });

  app.post(
    '/api/tokens',
    {
      schema: { tags: ['auth'], summary: 'Issue an API token (shown once)', body: TokenBody, response: { 201: IssuedTokenSchema, ...errorResponses } },
      onRequest: app.requireRole('admin'),
    },
    async (req, reply) => {
      const body = req.body;
      if (body.role !== 'admin' && body.role !== 'screen' && !body.unitCode) {
        throw new HttpError(400, 'invalid_request', `unitCode: a ${body.role} token needs the unit it acts for`);
      }
      if (body.unitCode !== undefined) {
        const unit = isCode(body.unitCode)
          ? await app.db.selectFrom('units').select('code').where('code', '=', body.unitCode).executeTakeFirst()
          : undefined;
        if (!unit) throw new HttpError(400, 'unknown_unit', `unitCode: no unit with code ${body.unitCode}`);
      }
      const token = newSecret('lst');
      const id = randomUUID();
      await app.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('api_tokens')
          .values({
            id,
            name: body.name,
            token_hash: hashSecret(token),
            role: body.role,
            unit_code: body.unitCode ?? null,
            screen_id: body.screenId ?? null,
            created_by: req.principal!.id,
          })
          .execute();
        await audit(trx, req.principal, req, { action: 'token.issue', subject: id, detail: { name: body.name, role: body.role, unitCode: body.unitCode ?? null } });
      });
      return reply.status(201).send({ id, token, name: body.name, role: body.role, unitCode: body.unitCode ?? null });
    },
  );

  app.get('/api/tokens', { schema: { tags: ['auth'], summary: 'API tokens (never their secrets)', response: { 200: Type.Array(ApiTokenSchema), ...errorResponses } }, onRequest: app.requireRole('admin') },
    async () => {
      const rows = await app.db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'role', 'unit_code as unitCode', 'screen_id as screenId', 'created_at as createdAt', 'revoked_at as revokedAt'])
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map((r) => ({ ...r, role: r.role as Role, createdAt: r.createdAt.toISOString(), revokedAt: r.revokedAt?.toISOString() ?? null }));
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: { tags: ['auth'], summary: 'Revoke an API token', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 204: NoContent, ...errorResponses } },
      onRequest: app.requireRole('admin'),
    },
    async (req, reply) => {
      const { id } = req.params;
      const done = await app.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: sql<Date>`now()` })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (row) await audit(trx, req.principal, req, { action: 'token.revoke', subject: id });
        return !!row;
      });
      if (!done) throw notFound(`no active token ${id}`);
      // Its sockets on this instance end now (a wall screen stops receiving at once); other
      // instances drop theirs at their next credential sweep (≤ 1 minute).
      await sweepCredentials(app.db, app.io);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['auth'],
        summary: 'The audit log, newest first',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
        response: { 200: Type.Array(AuditEntrySchema), ...errorResponses },
      },
      onRequest: app.requireRole('admin'),
    },
    async (req) => {
      const { limit = 100 } = req.query;
      const rows = await app.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    },
  );
};
