import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '@luoshi/db';
import { chinaDate, natsMsgId, progressSubject, type ProgressEvent } from '@luoshi/shared';
import { assignProfiles, backfillDemo } from './backfill';
import { steer } from './steer';

/**
 * Back-fills the year so far once (see backfill.ts), then publishes realistic progress
 * over NATS the way an outside system would, so a fresh demo moves on screen: each target
 * is steered towards its swinging goal (steer.ts), so laggards appear and recover and the
 * wall never goes still. Only runs in demo mode.
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
        .leftJoin('target_rollups as r', 'r.target_code', 't.code')
        .select([
          't.code',
          't.owner_unit',
          't.uom',
          't.measure_kind',
          't.baseline',
          't.target_value',
          't.start_date',
          't.due_date',
          't.milestones',
          't.reporting_interval_days',
          't.ratio_numerator',
          't.ratio_denominator',
          'r.value',
        ])
        .where('p.status', '=', 'published')
        .execute();
      const profiles = assignProfiles(targets);
      const now = Date.now();
      const today = chinaDate(now)!;
      const steerable = targets.filter((t) => profiles.has(t.code));
      const picks = Math.min(steerable.length, 1 + Math.floor(Math.random() * 3));
      for (let i = 0; i < picks; i++) {
        const t = steerable[Math.floor(Math.random() * steerable.length)]!;
        const move = steer({ ...t, value: t.value ?? t.baseline }, profiles.get(t.code)!, today, now, Math.random);
        if (!move) continue;
        const base = { id: `demo-${randomUUID()}`, target: t.code, occurredAt: new Date(now).toISOString(), reporter: '演示数据', source: 'demo-feed' };
        let event: ProgressEvent;
        if (move.kind === 'takeback') {
          const last = await db
            .selectFrom('events')
            .select(['id', 'value'])
            .where('target_code', '=', t.code)
            .where('kind', '=', 'increment')
            .orderBy('occurred_at', 'desc')
            .limit(1)
            .executeTakeFirst();
          if (!last || !(last.value > 0)) continue;
          event = { ...base, kind: 'correction', corrects: last.id, value: -Math.min(move.value, last.value), reason: '复核后核减' };
        } else event = { ...base, kind: move.kind, value: move.value };
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
