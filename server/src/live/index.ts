import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { LIVE_TICK_MS, startLiveHub, type LiveHub } from './hub';
import { attachSocket, rescopeScreenSockets, sweepCredentials } from './socket';
import { UnitTree } from './units';

/** How often screen rooms hear from the server when nothing changes (web/src/wall/staleness.ts expects it). */
export const SCREEN_HEARTBEAT_MS = 15_000;

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
export async function registerLive(app: FastifyInstance, opts: { tickMs?: number; corsOrigins?: readonly string[] | undefined; credentialSweepMs?: number | undefined; screenHeartbeatMs?: number | undefined } = {}): Promise<void> {
  const tickMs = opts.tickMs ?? LIVE_TICK_MS;
  const instance = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const units = new UnitTree(app.db);
  await units.start();
  const io = attachSocket(app, { instance, tickMs, corsOrigins: opts.corsOrigins ?? [] });
  app.decorate('io', io);
  const hub = startLiveHub({ nc: app.nc, io, units, log: app.log.child({ part: 'live' }), tickMs });
  app.decorate('liveHub', hub);
  // Wall screens judge "data may be out of date" by silence: every screen room hears an empty
  // `live` batch every SCREEN_HEARTBEAT_MS, so a quiet plan is told apart from a dead link.
  const heartbeat = setInterval(() => {
    const screens = [...io.of('/').adapter.rooms.keys()].filter((r) => r.startsWith('screen:'));
    if (screens.length > 0) io.local.to(screens).emit('live', { updates: [], activity: [], activityDropped: 0, serverTime: new Date().toISOString() });
  }, opts.screenHeartbeatMs ?? SCREEN_HEARTBEAT_MS);
  heartbeat.unref();
  // Sockets whose token was revoked or session ended are dropped within a sweep (account
  // changes also drop them at once, on the instance that served the change), and screen
  // sockets leave rooms their screen no longer shows (a PUT on another instance).
  const sweep = setInterval(() => {
    Promise.all([sweepCredentials(app.db, io), rescopeScreenSockets(app.db, io)]).then(
      ([n]) => n > 0 && app.log.info({ dropped: n }, 'sockets with revoked or expired credentials disconnected'),
      (e: unknown) => app.log.warn({ err: e }, 'credential sweep failed; next one retries'),
    );
  }, opts.credentialSweepMs ?? 60_000);
  sweep.unref();
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    clearInterval(sweep);
    hub.stop();
    units.stop();
    // Close the transports, not the socket.io sessions: clients see "transport close" and
    // reconnect (to this instance when it is back, or another behind the balancer). A
    // socket.io-level disconnect would tell them not to come back. Closing them first also
    // keeps upgraded connections from holding the HTTP server open.
    io.engine.close();
  });
}
