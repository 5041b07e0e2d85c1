import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { FastifyBaseLogger } from 'fastify';
import { checkLiveNotice, LIVE_SUBJECT_PREFIX, RECEIPT_SUBJECT_PREFIX, type Receipt } from '@luoshi/shared';
import { liveMetrics } from '../metrics/metrics';
import { Coalescer, type Tick } from './coalescer';
import { receiptRoom, route } from './route';
import type { LiveServer } from './socket';
import type { UnitTree } from './units';
import { systemClock, type Clock } from '../infra/clock';

export const LIVE_TICK_MS = 100;

export interface LiveHub {
  stop(): void;
  /** Counters since start, for measurements. */
  stats(): { notices: number; receipts: number; ticks: number; batches: number; resyncs: number };
}

const isStr = (x: unknown): x is string => typeof x === 'string';

const OUTCOMES = new Set<unknown>(['counted', 'duplicate', 'rejected']);
const strOrNull = (x: unknown): x is string | null => x === null || typeof x === 'string';

/** Receipts are checked like notices: the subject's unit must be the receipt's. */
export function asReceipts(x: unknown, unit: string): Receipt[] {
  if (!Array.isArray(x)) return [];
  return x.filter(
    (r: unknown): r is Receipt =>
      !!r &&
      typeof r === 'object' &&
      isStr((r as Receipt).eventId) &&
      isStr((r as Receipt).target) &&
      (r as Receipt).ownerUnit === unit &&
      OUTCOMES.has((r as Receipt).outcome) &&
      strOrNull((r as Receipt).code) &&
      strOrNull((r as Receipt).message) &&
      isStr((r as Receipt).at),
  );
}

/**
 * Every server instance listens to the change notices ingest publishes after commit
 * (`live.<plan>.<target>` on core NATS), coalesces them per tick, and pushes them to its
 * own sockets (`io.local`): a client on any instance sees events ingested anywhere, and
 * no instance relays to another. Core NATS is at-most-once: when this instance's NATS
 * link drops (or NATS reports it as a slow consumer) it may have missed notices, so it
 * tells its clients to `resync` (re-subscribe, which answers a fresh snapshot).
 */
export function startLiveHub(opts: { nc: NatsConnection; io: LiveServer; units: UnitTree; log: FastifyBaseLogger; tickMs?: number; now?: Clock }): LiveHub {
  const { nc, io, units, log } = opts;
  const counters = { notices: 0, receipts: 0, ticks: 0, batches: 0, resyncs: 0 };
  const rooms = io.of('/').adapter.rooms;

  const send = (tick: Tick): void => {
    counters.ticks++;
    const serverTime = (opts.now ?? systemClock)().toISOString();
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
      // A notice is trusted only after the shared schema's check (shared/src/live/notice.ts):
      // one that is malformed, out of bounds or on another target's subject is dropped and
      // counted. It only carries news; the record is in Postgres.
      const checked = checkLiveNotice(notice, msg.subject);
      if (!checked.ok) {
        liveMetrics.droppedNotices.inc({ reason: checked.reason });
        log.debug({ subject: msg.subject, reason: checked.reason }, 'implausible live notice dropped');
        return;
      }
      counters.notices++;
      coalescer.push(checked.notice.update, checked.notice.activity);
    },
  });

  // Receipts (`receipts.<unit>`, one message per unit per ingest batch) go to the unit's
  // `reports:` room with the next tick. A unit nobody here is listening for is skipped
  // at once, so a 12k events/s stream costs this instance one JSON parse per batch at most.
  const receiptSub: Subscription = nc.subscribe(`${RECEIPT_SUBJECT_PREFIX}.>`, {
    callback: (err, msg) => {
      if (err) return resync('subscription error');
      const unit = msg.subject.slice(RECEIPT_SUBJECT_PREFIX.length + 1);
      if (!rooms.get(receiptRoom({ ownerUnit: unit }))?.size) return;
      let list: unknown;
      try {
        list = msg.json();
      } catch {
        list = null;
      }
      const valid = asReceipts(list, unit);
      counters.receipts += valid.length;
      coalescer.pushReceipts(valid);
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
      receiptSub.unsubscribe();
      coalescer.close();
    },
    stats: () => ({ ...counters }),
  };
}
