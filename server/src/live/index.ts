import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { LIVE_TICK_MS, startLiveHub, type LiveHub } from './hub';
import { attachSocket } from './socket';
import { UnitTree } from './units';

declare module 'fastify' {
  interface FastifyInstance {
    liveHub: LiveHub;
  }
}

/**
 * socket.io on the app's HTTP server, fed by the NATS notices of every ingest worker.
 * Stateless per instance: run as many as needed behind a load balancer (no sticky
 * sessions needed with the websocket transport; polling needs them, see README).
 */
export async function registerLive(app: FastifyInstance, opts: { tickMs?: number; corsOrigins?: readonly string[] | undefined } = {}): Promise<void> {
  const tickMs = opts.tickMs ?? LIVE_TICK_MS;
  const instance = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const units = new UnitTree(app.db);
  await units.start();
  const io = attachSocket(app, { instance, tickMs, corsOrigins: opts.corsOrigins ?? [] });
  app.decorate('io', io);
  const hub = startLiveHub({ nc: app.nc, io, units, log: app.log.child({ part: 'live' }), tickMs });
  app.decorate('liveHub', hub);
  app.addHook('preClose', async () => {
    hub.stop();
    units.stop();
    // Close the transports, not the socket.io sessions: clients see "transport close" and
    // reconnect (to this instance when it is back, or another behind the balancer). A
    // socket.io-level disconnect would tell them not to come back. Closing them first also
    // keeps upgraded connections from holding the HTTP server open.
    io.engine.close();
  });
}
