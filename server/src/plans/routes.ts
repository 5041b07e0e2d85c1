import type { FastifyPluginAsync } from 'fastify';

export const planRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/plans', { schema: { tags: ['plans'], summary: 'All plans' } }, async () =>
    app.db
      .selectFrom('plans')
      .select(['id', 'title', 'owner_unit as ownerUnit', 'period_start as periodStart', 'period_end as periodEnd', 'status'])
      .orderBy('id')
      .execute(),
  );
};
