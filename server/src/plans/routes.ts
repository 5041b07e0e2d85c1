import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PlanDetailSchema, PlanSummarySchema } from '@luoshi/shared';
import { notFound } from '../http/errors';
import { errorResponses, IdParams } from '../http/schemas';
import { mayReadPlanStructure, readScope, refuseUnit, who } from '../auth/access';
import { getPlan, listPlans, planSections } from './repository';

export const planRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/plans', { schema: { tags: ['plans'], summary: 'All plans', response: { 200: Type.Array(PlanSummarySchema), ...errorResponses } } }, async (req) => {
    // Plans whose owner unit the principal may read, or with a target it may read.
    // A screen: the plans its screen shows.
    const p = who(req);
    const scope = await readScope(app.db, p);
    const plans = await listPlans(app.db);
    if (p.role === 'admin') return plans;
    if (scope.plans) return plans.filter((pl) => scope.wholePlan(pl));
    const owners = await app.db.selectFrom('targets').select(['plan_id', 'owner_unit']).distinct().execute();
    const visible = new Set(owners.filter((o) => scope.target({ planId: o.plan_id, ownerUnit: o.owner_unit })).map((o) => o.plan_id));
    return plans.filter((pl) => scope.wholePlan(pl) || visible.has(pl.id));
  });

  app.get(
    '/api/plans/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'A plan with its sections (document order: parents before children)',
        params: IdParams,
        response: { 200: PlanDetailSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { id } = req.params;
      const plan = await getPlan(app.db, id);
      if (!plan) throw notFound(`no plan with id ${id}`);
      if (!(await mayReadPlanStructure(app.db, who(req), plan))) refuseUnit('plan', id);
      const [sections, count] = await Promise.all([
        planSections(app.db, id),
        app.db
          .selectFrom('targets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('plan_id', '=', id)
          .executeTakeFirstOrThrow(),
      ]);
      return { ...plan, sections, targetCount: Number(count.n) };
    },
  );
};
