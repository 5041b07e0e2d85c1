import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { HealthSchema } from '@luoshi/shared';
import { errorResponses } from '../http/schemas';
import { UNAVAILABLE_RETRY_AFTER_S } from '../http/unavailable';

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Health from the real state: a query and a NATS round trip, each bounded in time. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/health', {
    schema: { tags: ['health'], summary: 'Liveness of the server and its dependencies', response: { 200: HealthSchema, ...errorResponses, 503: HealthSchema } },
    config: { public: true },
  }, async (_req, reply) => {
    const [db, nats] = await Promise.all([
      within(2_000, sql`select 1`.execute(app.db)).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      (app.nc.isClosed() ? Promise.reject(new Error('closed')) : within(2_000, app.nc.flush())).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ]);
    const ok = db === 'up' && nats === 'up';
    if (ok) return reply.status(200).send({ status: 'ok', db, nats });
    // Health keeps its own body (monitors read db/nats); the code and Retry-After are every 503's.
    return reply
      .status(503)
      .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S))
      .send({ status: 'unavailable', code: 'unavailable', message: `db ${db}, nats ${nats}`, db, nats });
  });
};
