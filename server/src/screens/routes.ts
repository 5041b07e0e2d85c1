import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { checkScreenInput, ScreenInputSchema, ScreenRefusalSchema, ScreenSchema, type Screen, type ScreenInput } from '@luoshi/shared';
import { readScope, who } from '../auth/access';
import { forbidden } from '../auth/plugin';
import { HttpError, notFound } from '../http/errors';
import { errorResponses, IdParams as Params } from '../http/schemas';
import { rescopeScreenSockets } from '../live/socket';
import { checkAgainstPlan, getScreen, insertScreen, listScreens, updateScreen } from './repository';

/**
 * The body schema documents the route (OpenAPI); the shared checker judges it. Fastify's Ajv
 * must not touch it: with removeAdditional on, trying the union's first branch would strip a
 * view's sectionId/target before the right branch is tried.
 */
const documentOnly = { validatorCompiler: () => () => true, attachValidation: true } as const;

/** Shape first (shared checker: the field is named), then against the plan. */
async function validated(req: FastifyRequest, raw: unknown): Promise<ScreenInput> {
  const shape = checkScreenInput(raw);
  // Beside the English message, the field and the problem with its numbers: the admin form says it in its own language.
  if (!shape.ok) throw new HttpError(400, shape.code, shape.message, { field: shape.field, problem: shape.problem, params: shape.params });
  const bad = await checkAgainstPlan(req.server.db, shape.value);
  if (bad) throw new HttpError(400, bad.code, bad.message, { field: bad.field, problem: bad.code, params: bad.params });
  return shape.value;
}

/**
 * Who may read a screen's configuration (issue 15 item 7): admins; the screen's own device
 * token; leaders whose unit (or a unit above it) owns the screen's plan — the same test as
 * the plan's overview. Staff never: a configuration names a plan's targets, drafts included.
 */
async function screenReader(req: FastifyRequest, screens: Screen[]): Promise<(s: Screen) => boolean> {
  const p = who(req);
  if (p.role === 'admin') return () => true;
  if (p.role === 'screen') return (s) => p.screenId === s.id;
  if (p.role !== 'leader') return () => false;
  const ids = [...new Set(screens.map((s) => s.planId))];
  if (ids.length === 0) return () => false;
  const [rows, scope] = await Promise.all([
    req.server.db.selectFrom('plans').select(['id', 'owner_unit']).where('id', 'in', ids).execute(),
    readScope(req.server.db, p),
  ]);
  const owners = new Map(rows.map((r) => [r.id, r.owner_unit]));
  return (s) => {
    const owner = owners.get(s.planId);
    return owner !== undefined && scope.wholePlan({ id: s.planId, ownerUnit: owner });
  };
}

/**
 * Wall screen configurations (issue 8). Read by admins, the screen's device token and the
 * leaders of the plan's owner unit (list filtered, one screen 403 otherwise); creating and
 * changing screens is for admins.
 */
export const screenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/screens',
    { schema: { tags: ['screens'], summary: 'The wall screens this principal may read', response: { 200: Type.Array(ScreenSchema), ...errorResponses } } },
    async (req) => {
      const all = await listScreens(app.db);
      return all.filter(await screenReader(req, all));
    },
  );

  app.get(
    '/api/screens/:id',
    { schema: { tags: ['screens'], summary: 'One wall screen: plan, views, rotation', params: Params, response: { 200: ScreenSchema, ...errorResponses } } },
    async (req) => {
      const { id } = req.params;
      const p = who(req);
      // A device token learns nothing about other screens, not even whether they exist.
      if (p.role === 'screen' && p.screenId !== id) throw forbidden(`this device token is for screen ${p.screenId ?? '?'}, not ${id}`);
      const s = await getScreen(app.db, id);
      if (!s) throw notFound(`no screen ${id}`);
      if (!(await screenReader(req, [s]))(s)) {
        throw forbidden(`you may not see screen ${id}: screens are for admins, their device and leaders of the unit owning the screen's plan`);
      }
      return s;
    },
  );

  app.post(
    '/api/screens',
    {
      onRequest: app.requireRole('admin'),
      schema: { tags: ['screens'], summary: 'Create a wall screen', body: ScreenInputSchema, response: { 201: ScreenSchema, ...errorResponses, 400: ScreenRefusalSchema } },
      ...documentOnly,
    },
    async (req, reply) => {
      const input = await validated(req, req.body);
      const s = await insertScreen(app.db, input);
      if (!s) throw new HttpError(409, 'duplicate_screen', `id: a screen ${input.id} exists; PUT /api/screens/${input.id} changes it`);
      return reply.status(201).send(s);
    },
  );

  app.put(
    '/api/screens/:id',
    {
      onRequest: app.requireRole('admin'),
      schema: { tags: ['screens'], summary: 'Change a wall screen', params: Params, body: ScreenInputSchema, response: { 200: ScreenSchema, ...errorResponses, 400: ScreenRefusalSchema } },
      ...documentOnly,
    },
    async (req) => {
      const { id } = req.params;
      // The body's id may be left out (the path names the screen).
      const raw: unknown = req.body;
      const body = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw, id: ('id' in raw ? raw.id : undefined) ?? id } : raw;
      const input = await validated(req, body);
      if (input.id !== id)
        throw new HttpError(400, 'invalid_screen', `id: the body's id ${input.id} is not the path's ${id}`, {
          field: 'id',
          problem: 'id_mismatch',
          params: { path: id, body: input.id },
        });
      const s = await updateScreen(app.db, input);
      if (!s) throw notFound(`no screen ${id}`);
      // Its device's sockets leave the rooms of a plan it no longer shows (the HTTP reads
      // check the screen's plan per request), and screens showing it pick the new playlist up at once.
      await rescopeScreenSockets(app.db, app.io, id);
      app.io.to(`screen:${id}`).emit('resync', { reason: 'screen configuration changed' });
      return s;
    },
  );
};
