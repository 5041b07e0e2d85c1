import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { LIVE_SUBJECT_PREFIX, type LiveNotice } from '@luoshi/shared';
import { Coalescer } from './coalescer';
import { broadcast, broadcastActivity, type LiveServer } from './socket';

export const LIVE_TICK_MS = 100;

/**
 * Every server instance listens to the change notices ingest publishes after commit
 * (`live.<plan>.<target>` on core NATS) and pushes them to its own sockets, so a
 * client on any instance sees events ingested through any other.
 */
export function startLiveHub(nc: NatsConnection, io: LiveServer, tickMs = LIVE_TICK_MS): { stop(): void } {
  const coalescer = new Coalescer(tickMs, (updates) => broadcast(io, updates));
  const sub: Subscription = nc.subscribe(`${LIVE_SUBJECT_PREFIX}.>`, {
    callback: (err, msg) => {
      if (err) return;
      try {
        const notice = msg.json<LiveNotice>();
        coalescer.push(notice.update);
        if (notice.activity.length > 0) broadcastActivity(io, notice.activity);
      } catch {
        // A malformed notice is dropped: it only ever triggers a refresh, the data is in Postgres.
      }
    },
  });
  return {
    stop: () => {
      sub.unsubscribe();
      coalescer.close();
    },
  };
}
