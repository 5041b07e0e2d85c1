import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { Principal, Role } from '@luoshi/shared';
import { HttpError } from '../http/errors';
import { hashSecret, sameSecret } from './tokens';

export const SESSION_COOKIE = 'luoshi_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: from a bearer token or a session cookie; null when nobody signed in. */
    principal: Principal | null;
    /** Set when the principal came from a session cookie: writes must echo this CSRF token. */
    sessionCsrf: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (health, sign-in). Everything else under /api needs a principal. */
    public?: boolean;
    /**
     * Never looks at who is asking (health probes): no token or session look-up, so a
     * stray cookie cannot make a probe depend on the database it is reporting on.
     */
    ignoresPrincipal?: boolean;
  }
  interface FastifyInstance {
    /** preHandler: 401 without a principal, 403 when its role is not one of `roles`. */
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
  }
}

export const unauthenticated = (): HttpError => new HttpError(401, 'unauthenticated', '请先登录 (sign in first)');
export const forbidden = (message: string): HttpError => new HttpError(403, 'forbidden', message);

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function fromBearer(db: Kysely<Database>, token: string): Promise<Principal | null> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'unit_code', 'screen_id'])
    .where('token_hash', '=', hashSecret(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return { kind: 'token', id: row.id, name: row.name, role: row.role as Role, unitCode: row.unit_code, screenId: row.screen_id };
}

export async function fromSession(db: Kysely<Database>, sessionId: string): Promise<{ principal: Principal; csrf: string } | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.display_name', 'u.role', 'u.unit_code', 's.csrf_token'])
    .where('s.id_hash', '=', hashSecret(sessionId))
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    principal: { kind: 'user', id: row.id, name: row.display_name, role: row.role as Role, unitCode: row.unit_code, screenId: null },
    csrf: row.csrf_token,
  };
}

/**
 * Resolves the principal of every request (bearer token for machines, session cookie for
 * people) and enforces CSRF on cookie-authenticated writes: a cross-site form can send
 * the cookie but cannot read the token it would have to echo in `x-csrf-token`.
 */
export const authPlugin = fp(async (app) => {
  await app.register(cookie);
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionCsrf', null);

  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.ignoresPrincipal) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.principal = await fromBearer(req.server.db, auth.slice(7).trim());
      if (!req.principal) throw new HttpError(401, 'invalid_token', 'the API token is unknown or revoked');
      return;
    }
    const sid = req.cookies[SESSION_COOKIE];
    if (!sid) return;
    const s = await fromSession(req.server.db, sid);
    if (!s) return; // expired or signed out: treated as anonymous
    req.principal = s.principal;
    req.sessionCsrf = s.csrf;
    if (UNSAFE.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, s.csrf)) {
        throw new HttpError(403, 'csrf', `cookie-authenticated writes must send the session's CSRF token in ${CSRF_HEADER}`);
      }
    }
  });

  app.decorate('requireRole', (...roles: Role[]): preHandlerAsyncHookHandler => {
    return async (req: FastifyRequest, _reply: FastifyReply) => {
      if (!req.principal) throw unauthenticated();
      if (!roles.includes(req.principal.role)) throw forbidden(`this needs the role ${roles.join(' or ')}`);
    };
  });
});
