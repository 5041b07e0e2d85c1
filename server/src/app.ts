import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import rateLimit from '@fastify/rate-limit';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import './types';
import { authPlugin } from './auth/plugin';
import { authRoutes } from './auth/routes';
import { activityRoutes } from './activity/routes';
import { eventRoutes } from './events/routes';
import { healthRoutes } from './health/routes';
import { installErrorHandlers } from './http/errors';
import { metricsRoutes } from './metrics/routes';
import { registerLive } from './live';
import { overviewRoutes } from './overview/routes';
import { planImportRoutes } from './plan-import/routes';
import { planRoutes } from './plans/routes';
import { screenRoutes } from './screens/routes';
import { targetRoutes } from './targets/routes';
import { unitRoutes } from './units/routes';

export interface AppOptions {
  db: Kysely<Database>;
  nc: NatsConnection;
  /** Built web app to serve; null to serve the API only. */
  webDist: string | null;
  liveTickMs?: number;
  /** The clock read routes judge status by (China date of it); tests pin it. Default: now. */
  now?: () => Date;
  /** Reuse plan overviews while their rollups are unchanged (default true). */
  overviewCache?: boolean;
}

/**
 * The whole application as one plugin: tests register it on a Fastify instance and
 * use `inject` without a port; server.ts adds listening and shutdown around it.
 */
export const luoshiApp = fp<AppOptions>(async (app, opts) => {
  app.decorate('db', opts.db);
  app.decorate('nc', opts.nc);
  installErrorHandlers(app);

  await app.register(swagger, {
    openapi: { info: { title: 'Luoshi 落实 API', version: '0.1.0', description: 'Commitment tracking for 街道 work plans' } },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Limits apply where a route asks for them (sign-in, writes); reads stay unthrottled.
  await app.register(rateLimit, { global: false });
  await app.register(authPlugin);
  await app.register(authRoutes);
  await app.register(healthRoutes);
  await app.register(planRoutes);
  await app.register(targetRoutes, { now: opts.now });
  await app.register(unitRoutes, { now: opts.now });
  await app.register(overviewRoutes, { now: opts.now, cache: opts.overviewCache });
  await app.register(planImportRoutes);
  await app.register(activityRoutes);
  await app.register(eventRoutes);
  await app.register(metricsRoutes);
  await app.register(screenRoutes);

  if (opts.webDist && existsSync(path.join(opts.webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: opts.webDist, wildcard: false });
  }
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes (/targets/X, /wall/Y) load the app; unknown API paths are 404s.
    if (req.method === 'GET' && !req.url.startsWith('/api/') && opts.webDist && existsSync(path.join(opts.webDist, 'index.html'))) {
      return reply.sendFile('index.html');
    }
    return reply.status(404).send({ code: 'not_found', message: `no route for ${req.method} ${req.url.split('?')[0]}` });
  });

  await registerLive(app, { tickMs: opts.liveTickMs });
});

export async function buildApp(opts: AppOptions, fastifyOpts: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: 1_048_576, ...fastifyOpts });
  await app.register(luoshiApp, opts);
  await app.ready();
  return app;
}
