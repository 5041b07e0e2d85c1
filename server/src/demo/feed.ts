import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '@luoshi/db';
import { natsMsgId, progressSubject, type ProgressEvent } from '@luoshi/shared';
import { backfillDemo } from './backfill';
import { WHOLE_UOMS } from './units';

export function demoIncrement(targetValue: number, uom: string, rand: () => number): number {
  // About a year's work spread over ~250 working days, with day-to-day noise.
  const raw = (targetValue / 250) * (0.3 + rand() * 2.2);
  return WHOLE_UOMS.has(uom) ? Math.max(1, Math.round(raw)) : Math.max(0.1, Math.round(raw * 10) / 10);
}

/**
 * Back-fills the year so far once (see backfill.ts), then publishes realistic progress
 * over NATS the way an outside system would, so a fresh demo moves on screen. Only runs
 * in demo mode.
 */
export function startDemoFeed(
  db: Kysely<Database>,
  nc: NatsConnection,
  log: Logger,
  everyMs = 3_000,
): { stop(): Promise<void> } {
  const js = jetstream(nc);
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const targets = await db
        .selectFrom('targets as t')
        .innerJoin('plans as p', 'p.id', 't.plan_id')
        .innerJoin('target_rollups as r', 'r.target_code', 't.code')
        .select(['t.code', 't.owner_unit', 't.uom', 't.target_value', 't.measure_kind', 'r.value'])
        .where('p.status', '=', 'published')
        .where('t.measure_kind', '=', 'cumulative')
        .where('t.direction', '=', 'up')
        .whereRef('r.value', '<', 't.target_value')
        .execute();
      const picks = Math.min(targets.length, 1 + Math.floor(Math.random() * 3));
      for (let i = 0; i < picks; i++) {
        const t = targets[Math.floor(Math.random() * targets.length)]!;
        const event: ProgressEvent = {
          id: `demo-${randomUUID()}`,
          target: t.code,
          kind: 'increment',
          value: demoIncrement(t.target_value, t.uom, Math.random),
          occurredAt: new Date().toISOString(),
          reporter: '演示数据',
          source: 'demo-feed',
        };
        await js.publish(progressSubject(t.owner_unit, t.code), JSON.stringify(event), { msgID: natsMsgId(t.owner_unit, event.id) });
      }
    } catch (err) {
      log.warn({ err }, 'demo feed tick failed');
    } finally {
      busy = false;
    }
  };
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const backfill = backfillDemo(db, log, new Date(), () => stopped)
    .then(
      () => undefined,
      (err: unknown) => log.warn({ err }, 'demo back-fill failed; the live feed runs anyway'),
    )
    .finally(() => {
      if (!stopped) timer = setInterval(() => void tick(), everyMs);
    });
  return {
    // Waits for the back-fill batch in flight, so the pool is not closed under it.
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      await backfill;
    },
  };
}
