import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ActivityItemSchema } from '@luoshi/shared';
import { notFound } from '../http/errors';
import { errorResponses, IdParams } from '../http/schemas';
import { mayReadWholePlan, refuseUnit, who } from '../auth/access';
import { planActivity } from './repository';

export const ACTIVITY_DEFAULT_LIMIT = 50;
export const ACTIVITY_MAX_LIMIT = 200;

/**
 * The activity feed's first page. Live lines follow over socket.io (`live` batches);
 * web/src/live/useActivity.ts merges the two by event id.
 */
export const activityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/plans/:id/activity',
    {
      schema: {
        tags: ['plans'],
        summary: 'Newest events of a plan (the activity feed), newest first',
        params: IdParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ACTIVITY_MAX_LIMIT, default: ACTIVITY_DEFAULT_LIMIT })),
        }),
        response: { 200: Type.Array(ActivityItemSchema), ...errorResponses },
      },
    },
    async (req) => {
      const { id } = req.params;
      const { limit = ACTIVITY_DEFAULT_LIMIT } = req.query;
      const plan = await app.db.selectFrom('plans').select(['id', 'owner_unit']).where('id', '=', id).executeTakeFirst();
      if (!plan) throw notFound(`no plan with id ${id}`);
      if (!(await mayReadWholePlan(app.db, who(req), { id: plan.id, ownerUnit: plan.owner_unit }))) refuseUnit('the activity of plan', id);
      return planActivity(app.db, id, limit);
    },
  );
};
