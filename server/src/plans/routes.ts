import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CODE_PATTERN, type PlanDetail } from '@luoshi/shared';
import { notFound } from '../http/errors';
import { getPlan, listPlans, planSections } from './repository';

export const planRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/plans', { schema: { tags: ['plans'], summary: 'All plans' } }, async () => listPlans(app.db));

  app.get(
    '/api/plans/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'A plan with its sections (document order: parents before children)',
        params: Type.Object({ id: Type.String({ pattern: CODE_PATTERN }) }),
      },
    },
    async (req): Promise<PlanDetail> => {
      const { id } = req.params as { id: string };
      const plan = await getPlan(app.db, id);
      if (!plan) throw notFound(`no plan with id ${id}`);
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
