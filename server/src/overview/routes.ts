import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PlanOverviewSchema } from '@luoshi/shared';
import { notFound } from '../http/errors';
import { errorResponses, IdParams } from '../http/schemas';
import { mayReadWholePlan, refuseUnit, who } from '../auth/access';
import { getPlan } from '../plans/repository';
import { chinaToday } from '../targets/state';
import type { ReadRouteOptions } from '../targets/routes';
import { OverviewCache } from './cache';
import { planOverview } from './service';

export interface OverviewRouteOptions extends ReadRouteOptions {
  /** Reuse an overview while its plan's rollups are unchanged (default true; the benchmark measures both). */
  cache?: boolean | undefined;
}

export const overviewRoutes: FastifyPluginAsyncTypebox<OverviewRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  const cache = opts.cache === false ? null : new OverviewCache();
  app.get(
    '/api/plans/:id/overview',
    {
      schema: {
        tags: ['plans'],
        summary:
          "A plan's dashboard (PlanOverview): every target's status, section/unit/plan aggregates, attention list, recent activity",
        description:
          'Computed as of today (China time) from the rollups; no event is scanned except the newest few for `recent`.',
        params: IdParams,
        response: { 200: PlanOverviewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { id } = req.params;
      const plan = await getPlan(app.db, id);
      if (!plan) throw notFound(`no plan with id ${id}`);
      if (!(await mayReadWholePlan(app.db, who(req), plan))) refuseUnit('the whole of plan', id);
      const asOf = chinaToday(now());
      return cache
        ? cache.get(app.db, id, asOf, () => planOverview(app.db, plan, asOf))
        : planOverview(app.db, plan, asOf);
    },
  );
};
