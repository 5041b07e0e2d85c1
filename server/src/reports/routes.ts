import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CODE_PATTERN,
  MyTargetsResponseSchema,
  REPORTS_DEFAULT_LIMIT,
  REPORTS_MAX_LIMIT,
  ReportHistoryResponseSchema,
  StringEnum,
  chinaDayStartMs,
  isCode,
  isYmd,
} from '@luoshi/shared';
import { readerOf, refuseUnit, who } from '../auth/access';
import { notFound } from '../http/errors';
import { errorResponses } from '../http/schemas';
import { badQuery, intParam, single } from '../http/query';
import type { ReadRouteOptions } from '../targets/routes';
import { chinaToday } from '../targets/state';
import { decodeCursor } from './cursor';
import { reportHistory, type HistoryFilter } from './history';
import { myTargets } from './my-targets';

const DAY_MS = 86_400_000;

/** Every filter of the history, each refused with a sentence naming it. */
function parseFilter(unit: string, query: unknown): HistoryFilter {
  const target = single(query, 'target');
  if (target !== undefined && !isCode(target)) throw badQuery(`query parameter "target" must be a target code (${CODE_PATTERN}), not ${JSON.stringify(target.slice(0, 40))}`);
  const outcome = single(query, 'outcome');
  if (outcome !== undefined && outcome !== 'counted' && outcome !== 'rejected') {
    throw badQuery(`query parameter "outcome" must be counted or rejected, not ${JSON.stringify(outcome.slice(0, 40))}`);
  }
  const reporter = single(query, 'reporter');
  // U+0000 would reach PostgreSQL, which refuses it in text (a 500, not an answer).
  if (reporter !== undefined && (reporter.trim() === '' || reporter.length > 100 || reporter.includes('\u0000'))) {
    throw badQuery('query parameter "reporter" must be a name of 1–100 characters (no U+0000)');
  }
  const day = (name: 'from' | 'to'): string | undefined => {
    const v = single(query, name);
    if (v !== undefined && !isYmd(v)) throw badQuery(`query parameter "${name}" must be a real date YYYY-MM-DD (China time), not ${JSON.stringify(v.slice(0, 40))}`);
    return v;
  };
  const from = day('from');
  const to = day('to');
  if (from !== undefined && to !== undefined && from > to) throw badQuery(`query parameter "from" (${from}) is after "to" (${to})`);
  const limit = intParam(query, 'limit', 1, REPORTS_MAX_LIMIT, REPORTS_DEFAULT_LIMIT);
  const before = single(query, 'before');
  return {
    unit,
    target,
    outcome,
    reporter,
    from: from === undefined ? undefined : new Date(chinaDayStartMs(from)),
    until: to === undefined ? undefined : new Date(chinaDayStartMs(to) + DAY_MS),
    limit,
    before: before === undefined ? undefined : decodeCursor(before),
  };
}

/**
 * Issue 7: what a reporter needs besides the form — the unit's report history and the
 * targets it reports on. Leaders read the history of units below them; screens neither
 * (they show no names of people).
 */
export const reportRoutes: FastifyPluginAsyncTypebox<ReadRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());

  app.get(
    '/api/units/:code/reports',
    {
      schema: {
        tags: ['units'],
        summary: "A unit's report history: stored events of the targets it owns and the reports ingest rejected, newest first",
        description:
          '`at` is received_at (stored) or rejected_at (rejected). Page with `before` = the `nextCursor` of the previous page. ' +
          'Staff read their own unit, leaders the units in their subtree, admins all.',
        params: Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) }),
        querystring: Type.Object({
          target: Type.Optional(Type.String({ pattern: CODE_PATTERN })),
          outcome: Type.Optional(StringEnum(['counted', 'rejected'])),
          reporter: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          from: Type.Optional(Type.String({ format: 'date', description: 'China date, inclusive' })),
          to: Type.Optional(Type.String({ format: 'date', description: 'China date, inclusive' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: REPORTS_MAX_LIMIT, default: REPORTS_DEFAULT_LIMIT })),
          before: Type.Optional(Type.String({ description: 'nextCursor of the previous page (opaque)' })),
        }),
        response: { 200: ReportHistoryResponseSchema, ...errorResponses },
      },
      // Checked by parseFilter, which names the parameter; the schema above is for the docs.
      validatorCompiler: () => () => true,
      onRequest: app.requireRole('staff', 'leader', 'admin'),
    },
    async (req) => {
      const { code } = req.params;
      if (!isCode(code)) throw badQuery(`${JSON.stringify(code.slice(0, 70))} is not a unit code (${CODE_PATTERN})`);
      const unit = await app.db.selectFrom('units').select('code').where('code', '=', code).executeTakeFirst();
      if (!unit) throw notFound(`no unit with code ${code}`);
      if (!(await readerOf(app.db, who(req)))(code)) refuseUnit('unit', code);
      const p = who(req);
      return reportHistory(app.db, { ...parseFilter(code, req.query), viewer: { id: p.id, role: p.role } });
    },
  );

  app.get(
    '/api/me/targets',
    {
      schema: {
        tags: ['reports'],
        summary: 'The targets the signed-in reporter reports on (staff: their unit’s; admins: all), with state, plan period and latest report',
        response: { 200: MyTargetsResponseSchema, ...errorResponses },
      },
      // Leaders and screens do not report.
      onRequest: app.requireRole('staff', 'admin'),
    },
    async (req) => {
      const p = who(req);
      const today = chinaToday(now());
      if (p.role === 'admin') return { unit: null, today, targets: await myTargets(app.db, null, today) };
      // A staff account always has a unit (users.unit_code); without one it reports on nothing.
      return { unit: p.unitCode, today, targets: p.unitCode === null ? [] : await myTargets(app.db, p.unitCode, today) };
    },
  );
};
