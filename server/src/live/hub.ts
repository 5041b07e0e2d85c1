import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { FastifyBaseLogger } from 'fastify';
import { LIVE_SUBJECT_PREFIX, type ActivityItem, type LiveNotice, type TargetUpdate } from '@luoshi/shared';
import { Coalescer, type Tick } from './coalescer';
import { route } from './route';
import type { LiveServer } from './socket';
import type { UnitTree } from './units';

export const LIVE_TICK_MS = 100;

export interface LiveHub {
  stop(): void;
  /** Counters since start, for measurements. */
  stats(): { notices: number; ticks: number; batches: number; resyncs: number };
}

const isStr = (x: unknown): x is string => typeof x === 'string';

/**
 * A notice is trusted only after this check: it comes from ingest, but over a shared bus.
 * `ownerUnit` may be missing (a worker from before it existed, during a rolling deploy):
 * such an update reaches plan and target rooms only.
 */
function asNotice(x: unknown): LiveNotice | null {
  if (!x || typeof x !== 'object') return null;
  const n = x as { update?: Partial<TargetUpdate>; activity?: unknown };
  const u = n.update;
  if (!u || !isStr(u.target) || !isStr(u.planId) || typeof u.version !== 'number' || typeof u.value !== 'number') return null;
  const activity = (Array.isArray(n.activity) ? n.activity : []).filter(
    (a: unknown): a is ActivityItem =>
      !!a && typeof a === 'object' && isStr((a as ActivityItem).eventId) && isStr((a as ActivityItem).target) && isStr((a as ActivityItem).planId),
  );
  return { update: { ...(u as TargetUpdate), ownerUnit: isStr(u.ownerUnit) ? u.ownerUnit : '' }, activity };
}

/**
 * Every server instance listens to the change notices ingest publishes after commit
 * (`live.<plan>.<target>` on core NATS), coalesces them per tick, and pushes them to its
 * own sockets (`io.local`): a client on any instance sees events ingested anywhere, and
 * no instance relays to another. Core NATS is at-most-once: when this instance's NATS
 * link drops (or NATS reports it as a slow consumer) it may have missed notices, so it
 * tells its clients to `resync` (re-subscribe, which answers a fresh snapshot).
 */
export function startLiveHub(opts: { nc: NatsConnection; io: LiveServer; units: UnitTree; log: FastifyBaseLogger; tickMs?: number }): LiveHub {
  const { nc, io, units, log } = opts;
  const counters = { notices: 0, ticks: 0, batches: 0, resyncs: 0 };
  const rooms = io.of('/').adapter.rooms;

  const send = (tick: Tick): void => {
    counters.ticks++;
    const serverTime = new Date().toISOString();
    try {
      for (const d of route(tick, (u) => units.lineage(u), (room) => rooms.get(room))) {
        counters.batches += d.sockets.length;
        io.local.to(d.sockets).emit('live', { ...d.batch, serverTime });
      }
    } catch (err) {
      // Runs in a timer: a throw here would end the process. Clients resync instead.
      log.error({ err }, 'live tick failed');
      resync('live tick failed');
    }
  };
  const coalescer = new Coalescer(opts.tickMs ?? LIVE_TICK_MS, send);

  let resyncTimer: NodeJS.Timeout | null = null;
  const resync = (reason: string): void => {
    // Once per burst of trouble, not once per missed message.
    resyncTimer ??= setTimeout(() => {
      resyncTimer = null;
      counters.resyncs++;
      log.warn({ reason }, 'live notices may have been missed; asking clients to resync');
      io.local.emit('resync', { reason });
    }, 500);
  };

  const sub: Subscription = nc.subscribe(`${LIVE_SUBJECT_PREFIX}.>`, {
    callback: (err, msg) => {
      if (err) return resync('subscription error');
      let notice: unknown;
      try {
        notice = msg.json();
      } catch {
        notice = null;
      }
      // A malformed notice is dropped: it only carries news; the record is in Postgres.
      const valid = asNotice(notice);
      if (!valid) return;
      counters.notices++;
      coalescer.push(valid.update, valid.activity);
    },
  });

  let closed = false;
  void (async () => {
    for await (const s of nc.status()) {
      if (closed) break;
      if (s.type === 'reconnect') resync('NATS reconnected');
      if (s.type === 'slowConsumer') resync('NATS slow consumer');
    }
  })().catch(() => undefined);

  return {
    stop: () => {
      closed = true;
      if (resyncTimer) clearTimeout(resyncTimer);
      sub.unsubscribe();
      coalescer.close();
    },
    stats: () => ({ ...counters }),
  };
}
