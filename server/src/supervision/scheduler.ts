import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { addDays, addWorkingDays, cancelledBy, type JudgedCycle } from '@luoshi/shared';
import { chinaToday } from '../targets/state';
import { judgeTargets, loadCycleTargets, type Judged } from './data';
import { sendReminder } from './reminders';

/**
 * Automatic reminders, once a day per China day:
 *   before_due   N working days before a cycle's due date (plan.remind_before_days; 0 = none), if not reported yet;
 *   after_due    on the first working day after it, if still missing;
 *   escalation   M working days after it (plan.escalate_after_days), if still missing: to the
 *                leaders of the unit above.
 *
 * Exactly once across instances, three ways deep:
 *   1. a session advisory lock: one instance runs at a time, the others skip the tick;
 *   2. scheduler_runs: a day is done once its row has finished_at; a day claimed by an
 *      instance that died before finishing is run again by the next lock holder;
 *   3. reminders' unique (kind, target, cycle due): re-running a day sends nothing twice.
 * Catch-up: days missed while every instance was down (since the last finished day, at most
 * CATCH_UP_DAYS back) are run in order, each judged as of that day; a reminder whose cycle
 * has been reported since (or whose due date has passed, for before_due) is not sent late,
 * nor one about a target cancelled since.
 */
export const SCHEDULER_LOCK = 0x6c756f01; // "luo" + 1: the advisory lock key of this job
export const CATCH_UP_DAYS = 31;

export interface SchedulerOptions {
  instance: string;
  now: () => Date;
}

function fires(c: JudgedCycle, day: string, t: Judged['target']): 'before_due' | 'after_due' | 'escalation' | null {
  if (c.outcome === 'open' && t.remindBeforeDays > 0 && day === addWorkingDays(c.due, -t.remindBeforeDays)) return 'before_due';
  if (c.outcome === 'missing' && day === addWorkingDays(c.due, t.escalateAfterDays)) return 'escalation';
  if (c.outcome === 'missing' && day === addWorkingDays(c.due, 1)) return 'after_due';
  return null;
}

/** Reminders for one day; returns how many were sent (not counting those another run already sent). */
async function runDay(app: FastifyInstance, day: string, today: string): Promise<number> {
  // Nobody is chased for a cancelled target: cancelled by today (a catch-up run of an earlier
  // day included), it gets no reminder and no escalation, even for a cycle it missed while active.
  const targets = (await loadCycleTargets(app.db, {})).filter((t) => t.startDate <= day && !cancelledBy(t.cancelledOn, today));
  const [then, now] = await Promise.all([judgeTargets(app.db, targets, day), day === today ? null : judgeTargets(app.db, targets, today)]);
  const stillOwed = new Map<string, JudgedCycle['outcome']>();
  for (const j of now ?? then) for (const c of j.cycles) stillOwed.set(`${j.target.code}|${c.due}`, c.outcome);
  let sent = 0;
  for (const j of then) {
    for (const c of j.cycles) {
      const kind = fires(c, day, j.target);
      if (!kind) continue;
      const current = stillOwed.get(`${j.target.code}|${c.due}`);
      if (kind === 'before_due' ? current !== 'open' : current !== 'missing') continue;
      const r = await sendReminder(app, {
        kind,
        target: { code: j.target.code, title: j.target.title },
        unit: j.target.ownerUnit,
        cycleDue: c.due,
        message: null,
        sender: null,
      });
      if (r) sent++;
    }
  }
  return sent;
}

/**
 * One tick: if this instance gets the lock, runs every day not yet finished up to today.
 * Returns the days run (empty when another instance holds the lock or nothing is due).
 */
export async function schedulerTick(app: FastifyInstance, opts: SchedulerOptions): Promise<string[]> {
  const today = chinaToday(opts.now());
  return app.db.connection().execute(async (conn) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${SCHEDULER_LOCK}) as ok`.execute(conn);
    if (!got.rows[0]?.ok) return [];
    try {
      const last = await conn.selectFrom('scheduler_runs').select(sql<string>`max(day)::text`.as('d')).where('finished_at', 'is not', null).executeTakeFirst();
      const earliest = addDays(today, -CATCH_UP_DAYS);
      let day = last?.d ? addDays(last.d, 1) : today;
      if (day < earliest) day = earliest;
      const ran: string[] = [];
      for (; day <= today; day = addDays(day, 1)) {
        await conn
          .insertInto('scheduler_runs')
          .values({ day, claimed_by: opts.instance })
          .onConflict((oc) => oc.column('day').doUpdateSet({ claimed_by: opts.instance, claimed_at: new Date() }))
          .execute();
        const n = await runDay(app, day, today);
        await conn.updateTable('scheduler_runs').set({ finished_at: new Date(), reminders: n }).where('day', '=', day).execute();
        ran.push(day);
      }
      return ran;
    } finally {
      await sql`select pg_advisory_unlock(${SCHEDULER_LOCK})`.execute(conn);
    }
  });
}

/**
 * Starts the loop: a tick at start (catching up) and every `intervalMs`. A finished day is
 * not run again, so ticks after the day's run only look and return. Today's day is
 * finished after its run: a report arriving later that day does not need a reminder, and
 * the next reminders fall on other days.
 */
export function startScheduler(app: FastifyInstance, opts: SchedulerOptions & { intervalMs: number }): () => Promise<void> {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    current = schedulerTick(app, opts).catch((e: unknown) => app.log.warn({ err: e }, 'reminder scheduler tick failed; the next tick retries'));
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await current;
  };
}
