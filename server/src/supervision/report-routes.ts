import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CODE_PATTERN, DEFAULT_CATEGORY_THRESHOLDS, addDays, type CategoryThresholds, CompareResponseSchema, MonthlyBulletinSchema } from '@luoshi/shared';
import { badQuery, single } from '../http/query';
import { errorResponses } from '../http/schemas';
import type { ReadRouteOptions } from '../targets/routes';
import { chinaToday } from '../targets/state';
import { planComparison, monthlyBulletin } from './bulletin';
import { asOfParam } from './owed-routes';
import { wholePlan } from './subject';

export interface SupervisionReadOptions extends ReadRouteOptions {
  /** 通报 category thresholds (BULLETIN_AHEAD_FROM, BULLETIN_ON_PACE_FROM). */
  thresholds?: CategoryThresholds | undefined;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Issue 17: what changed between two dates, and the monthly 通报 for any month. Whole-plan reads (the overview's scope). */
export const supervisionReportRoutes: FastifyPluginAsyncTypebox<SupervisionReadOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  const thresholds = opts.thresholds ?? DEFAULT_CATEGORY_THRESHOLDS;

  app.get(
    '/api/plans/:id/compare',
    {
      schema: {
        tags: ['supervision'],
        summary: 'What changed between the ends of two days: per target value/pct/status change, new laggards, recoveries; per unit completion and rank change',
        description: 'Default: from = 7 days before to, to = today (this week vs last week). Both China dates, not after today, from <= to.',
        params: Type.Object({ id: Type.String({ pattern: CODE_PATTERN }) }),
        querystring: Type.Object({ from: Type.Optional(Type.String()), to: Type.Optional(Type.String()) }),
        response: { 200: CompareResponseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { id } = req.params;
      const plan = await wholePlan(app.db, req, id);
      const today = chinaToday(now());
      const to = asOfParam(req.query, today, 'to');
      const from = single(req.query, 'from') === undefined ? addDays(to, -7) : asOfParam(req.query, today, 'from');
      if (from > to) throw badQuery(`query parameter "from" (${from}) is after "to" (${to})`);
      return planComparison(app.db, plan, from, to);
    },
  );

  app.get(
    '/api/plans/:id/bulletin',
    {
      schema: {
        tags: ['supervision'],
        summary: '月度通报 for any month of the plan, as it stood at the end of that month (today for the month in progress)',
        description:
          'month = YYYY-MM within the plan period and not after this month; default: last month. ' +
          'Or asOf = YYYY-MM-DD (not after today): the plan as it stood at the end of that day (its month\'s figures up to it).',
        params: Type.Object({ id: Type.String({ pattern: CODE_PATTERN }) }),
        querystring: Type.Object({ month: Type.Optional(Type.String()), asOf: Type.Optional(Type.String()) }),
        response: { 200: MonthlyBulletinSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { id } = req.params;
      const plan = await wholePlan(app.db, req, id);
      const today = chinaToday(now());
      const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
      const day = single(req.query, 'asOf') === undefined ? undefined : asOfParam(req.query, today);
      if (day !== undefined && single(req.query, 'month') !== undefined) throw badQuery('give "month" or "asOf", not both');
      const month = day?.slice(0, 7) ?? single(req.query, 'month') ?? lastMonth;
      if (!MONTH.test(month)) throw badQuery(`query parameter "month" must be YYYY-MM, not ${JSON.stringify(month.slice(0, 40))}`, 'invalid_month');
      if (month > today.slice(0, 7)) throw badQuery(`month ${month} has not begun yet (today is ${today})`, 'invalid_month');
      if (month < plan.periodStart.slice(0, 7) || month > plan.periodEnd.slice(0, 7)) {
        throw badQuery(`month ${month} is outside the plan period ${plan.periodStart} – ${plan.periodEnd}`, 'invalid_month');
      }
      return monthlyBulletin(app.db, plan, month, today, thresholds, day);
    },
  );
};
