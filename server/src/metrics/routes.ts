import type { FastifyPluginAsync } from 'fastify';
import { registry, sampleConsumer } from './metrics';

/** Prometheus text format. Consumer lag is sampled from JetStream at each scrape. */
export const metricsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/metrics', { schema: { tags: ['health'], summary: 'Prometheus metrics (ingest, HTTP producer, process)' } }, async (_req, reply) => {
    await sampleConsumer(app.nc);
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
};
