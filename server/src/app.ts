import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import './types';
import { healthRoutes } from './health/routes';
import { installErrorHandlers } from './http/errors';
import { startLiveHub } from './live/hub';
import { attachSocket } from './live/socket';
import { planImportRoutes } from './plan-import/routes';
import { planRoutes } from './plans/routes';
import { targetRoutes } from './targets/routes';
import { unitRoutes } from './units/routes';

export interface AppOptions {
  db: Kysely<Database>;
  nc: NatsConnection;
  /** Built web app to serve; null to serve the API only. */
  webDist: string | null;
  liveTickMs?: number;
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

  await app.register(healthRoutes);
  await app.register(planRoutes);
  await app.register(targetRoutes);
  await app.register(unitRoutes);
  await app.register(planImportRoutes);

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

  const io = attachSocket(app);
  app.decorate('io', io);
  const hub = startLiveHub(opts.nc, io, opts.liveTickMs);
  app.addHook('preClose', async () => {
    hub.stop();
    // Close websockets first: upgraded connections would otherwise keep the HTTP server open.
    io.local.disconnectSockets(true);
    io.engine.close();
  });
});

export async function buildApp(opts: AppOptions, fastifyOpts: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: 1_048_576, ...fastifyOpts });
  await app.register(luoshiApp, opts);
  await app.ready();
  return app;
}
