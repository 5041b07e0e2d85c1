import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CreateUserSchema,
  passwordProblem,
  UpdateUserSchema,
  UserAccountSchema,
  UserWithPasswordSchema,
  type CreateUser,
  type UpdateUser,
  type UserWithPassword,
} from '@luoshi/shared';
import { audit } from '../auth/audit';
import type { LoginThrottle } from '../auth/login-throttle';
import { hashPassword } from '../auth/password';
import { HttpError, notFound } from '../http/errors';
import { errorResponses } from '../http/schemas';
import { endSessions, insertUser, listUsers, lockActiveAdmins, lockUser, updateUser } from './repository';
import { checkPassword, checkRoleUnit, checkShape } from './validate';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
/** Bodies are judged by `checkShape` (unknown fields refused, a code per field); the schema documents them. */
const documentOnly = { validatorCompiler: () => () => true, attachValidation: true } as const;

/** 16 characters of base64url (96 bits): shown once to the admin, who passes it on. */
function generatePassword(username: string): string {
  for (;;) {
    const p = randomBytes(12).toString('base64url');
    if (!passwordProblem(p, username)) return p;
  }
}

/** The acting admin's own account id (null when acting with an API token). */
const selfId = (req: FastifyRequest): string | null => (req.principal?.kind === 'user' ? req.principal.id : null);

const lastAdmin = (): HttpError => new HttpError(409, 'last_admin', '不能停用或降级最后一个有效的管理员账号 (the last active admin cannot be disabled or given another role)');

export interface UserRouteOptions {
  /** A password reset also lifts the account's sign-in limit. */
  throttle: LoginThrottle;
}

/**
 * Account management (issue 9), admins only: list, create, change role/unit/name, disable,
 * enable, reset the password. Disabling or resetting ends the account's sessions and live
 * sockets at once; a role or unit change ends its sockets (they reconnect under the new
 * scope; HTTP reads the role per request). Every change is audited in its transaction.
 */
export const userRoutes: FastifyPluginAsyncTypebox<UserRouteOptions> = async (app, opts) => {
  const admin = app.requireRole('admin');

  app.get('/api/users', { onRequest: admin, schema: { tags: ['accounts'], summary: 'Accounts of people (never their passwords)', response: { 200: Type.Array(UserAccountSchema), ...errorResponses } } },
    async () => listUsers(app.db),
  );

  app.post(
    '/api/users',
    {
      onRequest: admin,
      schema: { tags: ['accounts'], summary: 'Create an account; a generated password is returned once', body: CreateUserSchema, response: { 201: UserWithPasswordSchema, ...errorResponses } },
      ...documentOnly,
    },
    async (req, reply) => {
      const body = checkShape<CreateUser>(CreateUserSchema, req.body);
      const unitCode = body.unitCode ?? null;
      await checkRoleUnit(app.db, body.role, unitCode);
      const name = body.name?.trim() || body.username;
      if (body.password !== undefined) checkPassword(body.password, body.username);
      const generated = body.password === undefined ? generatePassword(body.username) : null;
      const passwordHash = await hashPassword(body.password ?? generated!);
      const user = await app.db.transaction().execute(async (trx) => {
        const u = await insertUser(trx, { id: randomUUID(), username: body.username, name, role: body.role, unitCode, passwordHash });
        if (u) await audit(trx, req.principal, req, { action: 'account.create', subject: u.id, detail: { username: u.username, role: u.role, unitCode, generatedPassword: generated !== null } });
        return u;
      });
      if (!user) throw new HttpError(409, 'duplicate_login', `username: 登录名 ${body.username} 已被使用 (taken)`);
      return reply.status(201).send({ user, password: generated } satisfies UserWithPassword);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      onRequest: admin,
      schema: { tags: ['accounts'], summary: "Change an account's name, role or unit", params: Params, body: UpdateUserSchema, response: { 200: UserAccountSchema, ...errorResponses } },
      ...documentOnly,
    },
    async (req) => {
      const { id } = req.params;
      const body = checkShape<UpdateUser>(UpdateUserSchema, req.body);
      if (Object.keys(body).length === 0) throw new HttpError(400, 'invalid_request', 'send at least one of name, role, unitCode');
      const { user, scopeChanged } = await app.db.transaction().execute(async (trx) => {
        const admins = await lockActiveAdmins(trx);
        const before = await lockUser(trx, id);
        if (!before || before.role === ('screen' as string)) throw notFound(`no account ${id}`);
        const role = body.role ?? before.role;
        // Becoming an admin leaves the unit behind unless one is named (and then refused).
        const unitCode = body.unitCode !== undefined ? body.unitCode : role === 'admin' ? null : before.unitCode;
        await checkRoleUnit(trx, role, unitCode);
        if (before.role === 'admin' && role !== 'admin' && !before.disabledAt && admins.length <= 1) throw lastAdmin();
        const name = body.name?.trim() || before.name;
        const after = await updateUser(trx, id, { display_name: name, role, unit_code: unitCode });
        const changed = { name: before.name !== name, role: before.role !== role, unitCode: before.unitCode !== unitCode };
        if (changed.name || changed.role || changed.unitCode) {
          await audit(trx, req.principal, req, {
            action: 'account.update',
            subject: id,
            detail: { username: before.username, before: { name: before.name, role: before.role, unitCode: before.unitCode }, after: { name, role, unitCode } },
          });
        }
        return { user: after, scopeChanged: changed.role || changed.unitCode };
      });
      if (scopeChanged) app.endUserSockets(id);
      return user;
    },
  );

  app.post(
    '/api/users/:id/disable',
    { onRequest: admin, schema: { tags: ['accounts'], summary: 'Disable an account: it cannot sign in, its sessions and sockets end', params: Params, response: { 200: UserAccountSchema, ...errorResponses } } },
    async (req) => {
      const { id } = req.params;
      if (selfId(req) === id) throw new HttpError(409, 'self', '不能停用自己的账号 (you cannot disable your own account)');
      const user = await app.db.transaction().execute(async (trx) => {
        const admins = await lockActiveAdmins(trx);
        const before = await lockUser(trx, id);
        if (!before || before.role === ('screen' as string)) throw notFound(`no account ${id}`);
        if (before.disabledAt) return before;
        if (before.role === 'admin' && admins.length <= 1) throw lastAdmin();
        const after = await updateUser(trx, id, { disabled_at: new Date() });
        const sessions = await endSessions(trx, id);
        await audit(trx, req.principal, req, { action: 'account.disable', subject: id, detail: { username: before.username, sessionsEnded: sessions } });
        return after;
      });
      app.endUserSockets(id);
      return user;
    },
  );

  app.post(
    '/api/users/:id/enable',
    { onRequest: admin, schema: { tags: ['accounts'], summary: 'Enable a disabled account', params: Params, response: { 200: UserAccountSchema, ...errorResponses } } },
    async (req) => {
      const { id } = req.params;
      return app.db.transaction().execute(async (trx) => {
        const before = await lockUser(trx, id);
        if (!before || before.role === ('screen' as string)) throw notFound(`no account ${id}`);
        if (!before.disabledAt) return before;
        const after = await updateUser(trx, id, { disabled_at: null });
        await audit(trx, req.principal, req, { action: 'account.enable', subject: id, detail: { username: before.username } });
        return after;
      });
    },
  );

  app.post(
    '/api/users/:id/password',
    {
      onRequest: admin,
      schema: { tags: ['accounts'], summary: 'Reset the password: a new one is generated and returned once; sessions and sockets end',
        params: Params,
        response: { 200: UserWithPasswordSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { id } = req.params;
      const current = await app.db.selectFrom('users').select(['username', 'role']).where('id', '=', id).executeTakeFirst();
      if (!current || current.role === 'screen') throw notFound(`no account ${id}`);
      const password = generatePassword(current.username);
      const hash = await hashPassword(password);
      const user = await app.db.transaction().execute(async (trx) => {
        const before = await lockUser(trx, id);
        if (!before) throw notFound(`no account ${id}`);
        const after = await updateUser(trx, id, { password_hash: hash });
        const sessions = await endSessions(trx, id);
        await audit(trx, req.principal, req, { action: 'account.password_reset', subject: id, detail: { username: before.username, sessionsEnded: sessions } });
        return after;
      });
      app.endUserSockets(id);
      await opts.throttle.clear({ kind: 'user', id });
      return { user, password };
    },
  );
};
