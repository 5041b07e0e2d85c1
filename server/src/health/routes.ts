import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { jetstreamManager } from '@nats-io/jetstream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { pendingMigrations } from '@luoshi/db';
import { HealthSchema, LivenessSchema, PROGRESS_STREAM, ReadinessSchema } from '@luoshi/shared';
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

type Check = 'up' | 'down';
const upOrDown = <T>(p: Promise<T>): Promise<Check> =>
  p.then(
    () => 'up' as const,
    () => 'down' as const,
  );

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by the SIGTERM handler before the server closes: readiness answers 503 from then on. */
    draining: boolean;
  }
}

/** Marks the instance as leaving: load balancers and orchestrators stop sending it traffic. */
export function startDraining(app: FastifyInstance): void {
  app.draining = true;
}

/**
 * Health from the real state, each check bounded in time:
 * - `/api/health/live`: the process answers (an orchestrator restarts it when this fails);
 * - `/api/health/ready`: it can serve: database, NATS, the PROGRESS stream reachable,
 *   migrations current, not draining (a balancer sends traffic only when this is 200);
 * - `/api/health`: the older summary of database and NATS, kept for existing monitors.
 */
export const healthRoutes = fp(async (base) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  // Not encapsulated (fastify-plugin): the flag and the hook below are the whole app's.
  app.decorate('draining', false);
  // While draining, every answer closes its connection: keep-alive clients (and the proxy)
  // open their next request elsewhere instead of on a server about to go away.
  app.addHook('onSend', async (_req, reply) => {
    if (app.draining) reply.header('connection', 'close');
  });
  const db = (): Promise<Check> => upOrDown(within(2_000, sql`select 1`.execute(app.db)));
  const nats = (): Promise<Check> => upOrDown(app.nc.isClosed() ? Promise.reject(new Error('closed')) : within(2_000, app.nc.flush()));

  app.get(
    '/api/health',
    {
      schema: { tags: ['health'], summary: 'The server and its dependencies', response: { 200: HealthSchema, ...errorResponses, 503: HealthSchema } },
      config: { public: true, ignoresPrincipal: true },
    },
    async (_req, reply) => {
      const [d, n] = await Promise.all([db(), nats()]);
      if (d === 'up' && n === 'up') return reply.status(200).send({ status: 'ok', db: d, nats: n });
      // Health keeps its own body (monitors read db/nats); the code and Retry-After are every 503's.
      return reply
        .status(503)
        .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S))
        .send({ status: 'unavailable', code: 'unavailable', message: `db ${d}, nats ${n}`, db: d, nats: n });
    },
  );

  app.get(
    '/api/health/live',
    { schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: LivenessSchema, ...errorResponses } }, config: { public: true, ignoresPrincipal: true } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: database, NATS, the stream and migrations; 503 while draining',
        response: { 200: ReadinessSchema, ...errorResponses, 503: ReadinessSchema },
      },
      config: { public: true, ignoresPrincipal: true },
    },
    async (_req, reply) => {
    const [d, n, stream, migrations] = await Promise.all([
      db(),
      nats(),
      upOrDown(within(2_000, jetstreamManager(app.nc).then((jsm) => jsm.streams.info(PROGRESS_STREAM)))),
      within(2_000, pendingMigrations(app.db)).then(
        (pending) => (pending.length === 0 ? ('current' as const) : ('pending' as const)),
        () => 'unknown' as const,
      ),
    ]);
    const ok = !app.draining && d === 'up' && n === 'up' && stream === 'up' && migrations === 'current';
    if (!ok) reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S));
    return reply.status(ok ? 200 : 503).send({ status: app.draining ? 'draining' : ok ? 'ready' : 'unavailable', db: d, nats: n, stream, migrations });
  },
  );
});
