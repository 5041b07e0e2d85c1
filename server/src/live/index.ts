import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { LIVE_TICK_MS, startLiveHub, type LiveHub } from './hub';
import { attachSocket, disconnectUser, rescopeScreenSockets, sweepCredentials } from './socket';
import { UnitTree } from './units';
import { systemClock, type Clock } from '../infra/clock';

/** How often screen rooms hear from the server when nothing changes (web/src/wall/staleness.ts expects it). */
export const SCREEN_HEARTBEAT_MS = 15_000;

/** Core NATS subject on which an instance tells every instance to drop a user's sockets. */
export const USER_SOCKETS_END_SUBJECT = 'luoshi.auth.user-ended';

declare module 'fastify' {
  interface FastifyInstance {
    liveHub: LiveHub;
    /**
     * Ends a user's live sockets on every instance at once (disabled, password reset, role or
     * unit changed): this instance's right away, the others' through NATS. Sockets of a user
     * who may still sign in reconnect and join their rooms again under the new scope.
     */
    endUserSockets(userId: string): void;
  }
}

/**
 * socket.io on the app's HTTP server, fed by the NATS notices of every ingest worker.
 * Stateless per instance: run as many as needed behind a load balancer (no sticky
 * sessions needed with the websocket transport; polling needs them, see README).
 */
export async function registerLive(app: FastifyInstance, opts: { now?: Clock | undefined; tickMs?: number; corsOrigins?: readonly string[] | undefined; credentialSweepMs?: number | undefined; screenHeartbeatMs?: number | undefined } = {}): Promise<void> {
  const tickMs = opts.tickMs ?? LIVE_TICK_MS;
  const now = opts.now ?? systemClock;
  const instance = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const units = new UnitTree(app.db);
  await units.start();
  const io = attachSocket(app, { instance, tickMs, corsOrigins: opts.corsOrigins ?? [], now });
  app.decorate('io', io);
  const hub = startLiveHub({ nc: app.nc, io, units, log: app.log.child({ part: 'live' }), tickMs, now });
  app.decorate('liveHub', hub);
  // Wall screens judge "data may be out of date" by silence: every screen room hears an empty
  // `live` batch every SCREEN_HEARTBEAT_MS, so a quiet plan is told apart from a dead link.
  const heartbeat = setInterval(() => {
    const screens = [...io.of('/').adapter.rooms.keys()].filter((r) => r.startsWith('screen:'));
    if (screens.length > 0) io.local.to(screens).emit('live', { updates: [], activity: [], activityDropped: 0, receipts: [], serverTime: now().toISOString() });
  }, opts.screenHeartbeatMs ?? SCREEN_HEARTBEAT_MS);
  heartbeat.unref();
  const ended = app.nc.subscribe(USER_SOCKETS_END_SUBJECT, {
    callback: (err, msg) => {
      if (err) return;
      const id = msg.string();
      if (id) disconnectUser(io, id);
    },
  });
  app.decorate('endUserSockets', (userId: string) => {
    disconnectUser(io, userId);
    // At most once, like every core NATS message: the credential sweep is the fallback.
    try {
      app.nc.publish(USER_SOCKETS_END_SUBJECT, userId);
    } catch (e) {
      app.log.warn({ err: e }, 'could not tell other instances to end sockets; their sweep will');
    }
  });
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
    ended.unsubscribe();
    hub.stop();
    units.stop();
    // Close the transports, not the socket.io sessions: clients see "transport close" and
    // reconnect (to this instance when it is back, or another behind the balancer). A
    // socket.io-level disconnect would tell them not to come back. Closing them first also
    // keeps upgraded connections from holding the HTTP server open.
    io.engine.close();
  });
}
