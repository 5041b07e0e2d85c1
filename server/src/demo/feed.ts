import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '@luoshi/db';
import { seedPlanIds } from '@luoshi/seeds';
import { chinaDate, yearOf, type ProgressEvent } from '@luoshi/shared';
import { systemClock, type Clock } from '../infra/clock';
import { assignProfiles, backfillDemo } from './backfill';
import { demoEvent, demoMessage, loadDemoTargets } from './events';
import { steer } from './steer';
import { ensureDemoYear } from './year';

export interface DemoFeedOptions {
  /** How often the feed publishes (1–3 targets a tick). Default 3 s. */
  everyMs: number;
  /** The app clock (infra/clock.ts): which year's plans, what "today" is, where the goals swing. */
  now: Clock;
}

/**
 * Back-fills the year so far once (see backfill.ts), then publishes realistic progress
 * over NATS the way an outside system would, so a fresh demo moves on screen: each target
 * of the clock's year's demo plans is steered towards its swinging goal (steer.ts), so
 * laggards appear and recover and the wall never goes still. When the clock passes New
 * Year the new year's plans are seeded and the feed moves on to them. Only runs in demo mode.
 */
export function startDemoFeed(
  db: Kysely<Database>,
  nc: NatsConnection,
  log: Logger,
  options: Partial<DemoFeedOptions> = {},
): { stop(): Promise<void>; /** Settles when the back-fill has finished (or failed) and the feed runs. */ ready: Promise<void> } {
  const { everyMs, now } = { everyMs: 3_000, now: systemClock, ...options };
  const js = jetstream(nc);
  let stopped = false;
  let year = yearOf(chinaDate(now())!);
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const at = now();
      const today = chinaDate(at)!;
      if (yearOf(today) !== year) {
        // New Year in a running demo: this year's plans, then the feed moves on to them (a
        // failure leaves `year` as it was, so the next tick tries again).
        await ensureDemoYear(db, yearOf(today), log);
        await backfillDemo(db, log, at, () => stopped, seedPlanIds(yearOf(today)));
        year = yearOf(today);
      }
      const targets = await loadDemoTargets(db, seedPlanIds(year));
      const profiles = assignProfiles(targets);
      // Targets whose period is running: one due in June is left alone in November.
      const steerable = targets.filter((t) => profiles.has(t.code) && t.start_date <= today && today <= t.due_date);
      // Picked among the targets that have a move now, not among all: most targets sit near
      // their goal at any moment, and drawing blind left a fresh demo still for 20 s and more.
      const movable = steerable.flatMap((t) => {
        const move = steer({ ...t, value: t.value ?? t.baseline }, profiles.get(t.code)!, today, at.getTime(), Math.random);
        return move ? [{ t, move }] : [];
      });
      const picks = Math.min(movable.length, 1 + Math.floor(Math.random() * 3));
      for (let i = 0; i < picks && !stopped; i++) {
        const { t, move } = movable.splice(Math.floor(Math.random() * movable.length), 1)[0]!;
        const base = { id: `demo-${randomUUID()}`, target: t.code, occurredAt: at.toISOString() };
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
          event = demoEvent('demo-feed', { ...base, kind: 'correction', corrects: last.id, value: -Math.min(move.value, last.value), reason: '复核后核减' });
        } else event = demoEvent('demo-feed', { ...base, kind: move.kind, value: move.value });
        const m = demoMessage(t.owner_unit, event);
        await js.publish(m.subject, m.body, { msgID: m.msgID });
      }
    } catch (err) {
      log.warn({ err }, 'demo feed tick failed');
    } finally {
      busy = false;
    }
  };
  let timer: NodeJS.Timeout | null = null;
  const ready = backfillDemo(db, log, now(), () => stopped, seedPlanIds(year))
    .then(
      () => undefined,
      (err: unknown) => log.warn({ err }, 'demo back-fill failed; the live feed runs anyway'),
    )
    .finally(() => {
      if (!stopped) timer = setInterval(() => void tick(), everyMs);
    });
  return {
    ready,
    // Waits for the back-fill batch in flight, so the pool is not closed under it.
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      await ready;
      while (busy) await new Promise((r) => setTimeout(r, 10));
    },
  };
}
