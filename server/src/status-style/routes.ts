import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { StatusStyleSchema, type StatusStyle } from '@luoshi/shared';
import { errorResponses } from '../http/schemas';

/**
 * GET /api/status-style: the deployment's status bands and colours (issue 17 item 7), read
 * from the environment once at start. Public: the sign-in page and wall screens colour
 * with it before or without a user session, and it says nothing about any plan.
 */
export const statusStyleRoutes = fp<{ style: StatusStyle }>(async (base, opts) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const body: StatusStyle = { bands: { ...opts.style.bands }, palette: { ...opts.style.palette } };
  app.get(
    '/api/status-style',
    {
      schema: { tags: ['config'], summary: 'Status bands and colours of this deployment', response: { 200: StatusStyleSchema, ...errorResponses } },
      config: { public: true },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return body;
    },
  );
});
