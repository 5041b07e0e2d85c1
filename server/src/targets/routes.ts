import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CODE_PATTERN,
  EventIdSchema,
  EventLogEntrySchema,
  SERIES_BUCKETS,
  SeriesResponseSchema,
  StringEnum,
  TARGET_STATUSES,
  TargetStateSchema,
  type TargetState,
} from '@luoshi/shared';
import { HttpError, notFound } from '../http/errors';
import { CodeParams, errorResponses } from '../http/schemas';
import { readScope, refuseUnit, who } from '../auth/access';
import { unitSubtree } from '../units/repository';
import { sectionSubtree } from '../plans/repository';
import { eventLog } from './events';
import { targetSeries } from './series';
import { assessRows, chinaToday, loadTargetRows, type TargetFilter } from './state';

export interface ReadRouteOptions {
  /** The clock statuses are judged by; tests pin it. */
  now?: () => Date;
}

const Code = Type.String({ pattern: CODE_PATTERN });

export const EVENTS_DEFAULT_LIMIT = 50;
export const EVENTS_MAX_LIMIT = 500;

export const targetRoutes: FastifyPluginAsyncTypebox<ReadRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());

  async function one(req: FastifyRequest, code: string): Promise<TargetState> {
    const rows = await loadTargetRows(app.db, { codes: [code] });
    if (rows.length === 0) throw notFound(`no target with code ${code}`);
    await mayReadTarget(req, code);
    return (await assessRows(app.db, rows, chinaToday(now())))[0]!;
  }

  /** 404 for an unknown target (callers check first), 403 for another unit's. */
  async function mayReadTarget(req: FastifyRequest, code: string): Promise<void> {
    const t = await app.db.selectFrom('targets').select(['plan_id as planId', 'owner_unit as ownerUnit']).where('code', '=', code).executeTakeFirst();
    if (t && !(await readScope(app.db, who(req))).target(t)) refuseUnit('target', code);
  }

  app.get(
    '/api/targets',
    {
      schema: {
        tags: ['targets'],
        summary: 'Targets with status, pace and forecast (TargetState[]), filtered',
        description:
          'section and unit include their subsections / the units below them; status filters on the status computed as of today (China time).',
        querystring: Type.Object({
          plan: Type.Optional(Code),
          section: Type.Optional(Code),
          unit: Type.Optional(Code),
          status: Type.Optional(StringEnum(TARGET_STATUSES)),
        }),
        response: { 200: Type.Array(TargetStateSchema), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      const filter: TargetFilter = { plan: q.plan };
      if (q.section !== undefined) filter.sections = await sectionSubtree(app.db, q.section);
      if (q.unit !== undefined) filter.units = (await unitSubtree(app.db, q.unit)).map((u) => u.code);
      const scope = await readScope(app.db, who(req));
      const rows = (await loadTargetRows(app.db, filter)).filter((r) => scope.target(r));
      const states = await assessRows(app.db, rows, chinaToday(now()));
      return q.status === undefined ? states : states.filter((s) => s.status === q.status);
    },
  );

  app.get(
    '/api/targets/:code',
    {
      schema: {
        tags: ['targets'],
        summary: 'One target with status, pace and forecast (TargetState)',
        params: CodeParams,
        response: { 200: TargetStateSchema, ...errorResponses },
      },
    },
    async (req) => one(req, req.params.code),
  );

  app.get(
    '/api/targets/:code/series',
    {
      schema: {
        tags: ['targets'],
        summary: 'Value per day, week or month (China time) with the planned pace line and the forecast',
        params: CodeParams,
        querystring: Type.Object({
          bucket: Type.Optional(StringEnum(SERIES_BUCKETS)),
        }),
        response: { 200: SeriesResponseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { code } = req.params;
      const { bucket = 'day' } = req.query;
      const asOf = chinaToday(now());
      const rows = await loadTargetRows(app.db, { codes: [code] });
      if (rows.length === 0) throw notFound(`no target with code ${code}`);
      await mayReadTarget(req, code);
      const [state] = await assessRows(app.db, rows, asOf);
      return targetSeries(app.db, state!, bucket, asOf);
    },
  );

  app.get(
    '/api/targets/:code/events',
    {
      schema: {
        tags: ['targets'],
        summary: "A target's event log, newest first; corrections listed against what they correct",
        description: 'Page with `before` = the id of the last entry of the previous page.',
        params: CodeParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: EVENTS_MAX_LIMIT, default: EVENTS_DEFAULT_LIMIT })),
          before: Type.Optional(EventIdSchema),
        }),
        response: { 200: Type.Array(EventLogEntrySchema), ...errorResponses },
      },
    },
    async (req) => {
      const { code } = req.params;
      const { limit = EVENTS_DEFAULT_LIMIT, before } = req.query;
      const exists = await app.db.selectFrom('targets').select('code').where('code', '=', code).executeTakeFirst();
      if (!exists) throw notFound(`no target with code ${code}`);
      await mayReadTarget(req, code);
      const log = await eventLog(app.db, code, limit, before);
      if (log === null) throw new HttpError(400, 'invalid_cursor', `before=${before} names no event of target ${code}`);
      return log;
    },
  );
};
