import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '@luoshi/db';
import { seedPlanIds } from '@luoshi/seeds';
import {
  addDays,
  chinaDate,
  daysBetween,
  expectedValue,
  isWorkingDay,
  maxYmd,
  minYmd,
  yearOf,
  type Milestone,
  type ProgressEvent,
} from '@luoshi/shared';
import { writeBatch } from '../ingest/batch';
import { demoEvent, demoIncoming, loadDemoTargets } from './events';
import { WHOLE_UOMS } from './units';

/**
 * A plausible history for the demo plans from their start to yesterday, so a fresh demo
 * shows every status at once: some targets ahead, some behind or at risk, some that went
 * quiet (stale), some finished, some overdue, and a few corrected reports.
 *
 * History runs up to yesterday of whatever day the clock says (the demo plans are that
 * year's: seeds/src/year.ts), so a demo started in March or November looks lived-in.
 *
 * Written in-process through writeBatch — the same validation, transaction and rollup
 * code as ingest — rather than published over NATS: ~6,000 JetStream publishes each
 * waiting for its ack, then ~6,000 live notices pushed to browsers, would be slow and
 * pointless for history nobody watched happen. Event ids are `backfill-<target>-<day>`
 * (corrections `…-fix`), so a second run stores nothing; a plan that has any back-fill
 * event is skipped whole (a restart days later does not fill the gap behind the live feed).
 */

export const BACKFILL_SOURCE = 'demo-backfill' as const;

export type Profile = 'on' | 'ahead' | 'behind' | 'risk' | 'stale' | 'done';
/** Assigned round-robin by target code, so the mix is the same on every machine. */
const PROFILES: readonly Profile[] = [
  'on',
  'ahead',
  'behind',
  'on',
  'risk',
  'stale',
  'done',
  'on',
  'behind',
  'ahead',
  'risk',
  'on',
];
export const PACE: Record<Profile, number> = { on: 1.01, ahead: 1.18, behind: 0.9, risk: 0.62, stale: 0.97, done: 1.7 };

/** mulberry32: a small seeded PRNG, so the demo's history (and the tests' simulations) are the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A target's own random sequence, seeded by its code. */
function prng(seedText: string): () => number {
  let a = 0;
  for (const ch of seedText) a = (Math.imul(a ^ ch.charCodeAt(0), 2654435761) + 1) >>> 0;
  return mulberry32(a);
}

export interface DemoTarget {
  code: string;
  owner_unit: string;
  uom: string;
  measure_kind: string;
  baseline: number;
  target_value: number;
  start_date: string;
  due_date: string;
  milestones: Milestone[];
  reporting_interval_days: number;
  ratio_numerator: string | null;
  ratio_denominator: string | null;
}

const at = (day: string): string => `${day}T17:30:00+08:00`;

/** Report days: working days, every day for weekly reporters, about twice a week for fortnightly, weekly for monthly. */
function reportDays(t: DemoTarget, from: string, to: string, rand: () => number): string[] {
  const every = t.reporting_interval_days <= 7 ? 1 : t.reporting_interval_days <= 14 ? 2 : 5;
  const out: string[] = [];
  let n = Math.floor(rand() * every);
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (!isWorkingDay(d)) continue;
    if (n++ % every === 0) out.push(d);
  }
  return out;
}

/** The events of one target (ratio numerators are made from their denominators: see `history`). */
function targetEvents(t: DemoTarget, profile: Profile, today: string): { day: string; event: ProgressEvent }[] {
  const rand = prng(t.code);
  const from = t.start_date;
  let to = minYmd(addDays(today, -1), t.due_date);
  // A stale target went quiet more than a reporting interval ago.
  if (profile === 'stale') to = minYmd(to, addDays(today, -(t.reporting_interval_days + 12)));
  if (to < from) return [];
  const whole = WHOLE_UOMS.has(t.uom);
  const round = (v: number): number => (whole ? Math.round(v) : Math.round(v * 10) / 10);
  const event = (day: string, fields: { kind: ProgressEvent['kind']; value: number; note?: string }): ProgressEvent =>
    demoEvent(BACKFILL_SOURCE, { id: `backfill-${t.code}-${day}`, target: t.code, uom: t.uom, occurredAt: at(day), ...fields });
  const out: { day: string; event: ProgressEvent }[] = [];

  if (t.measure_kind === 'ceiling') {
    // Incidents are rare; a zero ceiling only ever gets a monthly "nothing happened" note.
    for (const day of reportDays(t, from, to, rand)) {
      const planned = (t.target_value * 0.8) / 250;
      const n = t.target_value === 0 ? 0 : rand() < planned ? Math.max(1, Math.round(planned)) : 0;
      const kind = n > 0 ? 'increment' : 'note';
      if (kind === 'note' && rand() > 0.25) continue;
      out.push({ day, event: event(day, n > 0 ? { kind, value: n } : { kind, value: n, note: '本期无新增' }) });
    }
    return out;
  }

  if (t.measure_kind === 'reading') {
    // Monthly readings moving from the baseline along the plan at the profile's pace.
    for (let d = addDays(from, 20); d <= to; d = addDays(d, 30)) {
      const day = isWorkingDay(d) ? d : addDays(d, -1);
      const planned = expectedValue({ ...toPlan(t) }, day) - t.baseline;
      const value = round(t.baseline + planned * PACE[profile] * (0.97 + rand() * 0.06));
      out.push({ day, event: event(day, { kind: 'reading', value: readingCap(t, value) }) });
    }
    return out;
  }

  // Cumulative: report what the plan expects by each report day at the profile's pace,
  // capped at the target, as whole units where the unit is whole. A small whole target
  // (5 项 a year) has nothing to add most weeks: its department says so in a note once a
  // reporting interval, as clerks do, so only the stale profile goes quiet.
  let reported = t.baseline;
  let lastDay = from;
  for (const day of reportDays(t, from, to, rand)) {
    const goal = Math.min(
      t.target_value,
      t.baseline + (expectedValue(toPlan(t), day) - t.baseline) * PACE[profile] * (0.94 + rand() * 0.12),
    );
    // A department on or ahead of plan with a small whole target (2 处 a year) reports the
    // first one once a quarter of it is due, rather than sitting at 0 of 2 until half is.
    const inc = whole && PACE[profile] >= 1 ? Math.ceil(goal - reported - 0.25) : round(goal - reported);
    if (inc > 0) {
      reported += inc;
      out.push({ day, event: event(day, { kind: 'increment', value: inc }) });
    } else if (reported < t.target_value && daysBetween(lastDay, day) >= Math.max(3, t.reporting_interval_days * 0.6)) {
      out.push({ day, event: event(day, { kind: 'note', value: 0, note: '本期无新增，按计划推进中' }) });
    } else continue;
    lastDay = day;
  }
  return out;
}

/**
 * A demo reading stays between the baseline and a little past the target (at most 10% of the
 * baseline–target span over, and a percentage within 0–100), so no reading drifts to 195% of
 * its goal by accident nor past what ingest accepts.
 */
export function readingCap(t: Pick<DemoTarget, 'baseline' | 'target_value'> & { uom?: string }, value: number): number {
  const span = t.target_value - t.baseline;
  const lo = Math.min(t.baseline, t.target_value);
  const hi = Math.max(t.baseline, t.target_value);
  // A percentage never reads over 100 (ingest refuses it: percent_over_100), nor under 0.
  const [min, max] = t.uom === '%' ? [0, 100] : [-Infinity, Infinity];
  return Math.max(min, lo - Math.abs(span) * 0.1, Math.min(max, value, hi + Math.abs(span) * 0.1));
}

export const toPlan = (t: DemoTarget) => ({
  baseline: t.baseline,
  targetValue: t.target_value,
  startDate: t.start_date,
  dueDate: t.due_date,
  milestones: t.milestones,
});

/**
 * Each reported target's profile, round-robin over the codes in order (ratio targets and
 * ratio numerators, which follow their denominators, have none). The live feed (feed.ts)
 * keeps the same profile, so a target back-filled as stale stays quiet.
 */
export function assignProfiles(
  targets: readonly Pick<DemoTarget, 'code' | 'measure_kind' | 'ratio_numerator' | 'ratio_denominator'>[],
): Map<string, Profile> {
  const sorted = [...targets].sort((a, b) => (a.code < b.code ? -1 : 1));
  const numerators = new Set(targets.filter((t) => t.ratio_numerator && t.ratio_denominator).map((t) => t.ratio_numerator));
  const out = new Map<string, Profile>();
  let k = 0;
  for (const t of sorted) {
    if (t.measure_kind === 'ratio' || numerators.has(t.code)) continue;
    out.set(t.code, PROFILES[k++ % PROFILES.length]!);
  }
  return out;
}

/** Every target's history: ratio numerators (fixed hazards) follow their denominators (found hazards) at ~93%. */
export function history(targets: readonly DemoTarget[], today: string): ProgressEvent[] {
  const sorted = [...targets].sort((a, b) => (a.code < b.code ? -1 : 1));
  const numerators = new Map<string, string>();
  for (const t of sorted)
    if (t.ratio_numerator && t.ratio_denominator) numerators.set(t.ratio_numerator, t.ratio_denominator);
  const byCode = new Map<string, { day: string; event: ProgressEvent }[]>();
  const profiles = assignProfiles(targets);
  for (const t of sorted) {
    const profile = profiles.get(t.code);
    if (profile) byCode.set(t.code, targetEvents(t, profile, today));
  }
  for (const [num, den] of numerators) {
    const t = sorted.find((x) => x.code === num);
    if (!t) continue;
    const rand = prng(num);
    byCode.set(
      num,
      (byCode.get(den) ?? []).map(({ day, event }) => ({
        day,
        event: {
          ...event,
          id: `backfill-${num}-${day}`,
          target: num,
          uom: t.uom,
          value: Math.round(event.value * (0.88 + rand() * 0.1)),
        },
      })),
    );
  }

  const out: ProgressEvent[] = [];
  let c = 0;
  for (const [code, evs] of byCode) {
    out.push(...evs.map((e) => e.event));
    // Every fourth target with enough reports had one report taken down a week later.
    const incs = evs.filter((e) => e.event.kind === 'increment' && e.event.value >= 4);
    if (incs.length >= 3 && c++ % 4 === 0) {
      const { day, event } = incs[2]!;
      const fixDay = minYmd(addDays(day, 7), addDays(today, -1));
      out.push(
        demoEvent(BACKFILL_SOURCE, {
          id: `${event.id}-fix`,
          target: code,
          kind: 'correction',
          corrects: event.id,
          value: -Math.max(1, Math.round(event.value * 0.25)),
          occurredAt: at(maxYmd(fixDay, day)),
          reason: '复核后核减重复统计',
        }),
      );
    }
  }
  // Corrections after the events they correct, everything in time order.
  return out.sort((a, b) =>
    a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.kind === 'correction' ? 1 : -1,
  );
}

/**
 * Back-fills the history of the demo plans (by default the seeded plans of the clock's year)
 * that have none yet, up to yesterday. Returns the events written, or null when every one
 * of them had its history already. Plans an admin made are never touched.
 */
export async function backfillDemo(
  db: Kysely<Database>,
  log: Logger,
  now = new Date(),
  /** Checked between batches: a shutdown need not wait for the whole history. */
  stopped: () => boolean = () => false,
  planIds: readonly string[] = seedPlanIds(yearOf(chinaDate(now)!)),
): Promise<number | null> {
  if (planIds.length === 0) return null;
  const done = await db
    .selectFrom('plans as p')
    .select('p.id')
    .where('p.id', 'in', planIds)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('targets as t')
          .innerJoin('events as e', 'e.target_code', 't.code')
          .select(sql<number>`1`.as('one'))
          .whereRef('t.plan_id', '=', 'p.id')
          .where('e.source', '=', BACKFILL_SOURCE),
      ),
    )
    .execute();
  const todo = planIds.filter((id) => !done.some((d) => d.id === id));
  if (todo.length === 0) return null;
  const targets = await loadDemoTargets(db, todo);
  const owner = new Map(targets.map((t) => [t.code, t.owner_unit]));
  const events = history(targets, chinaDate(now)!);
  const started = performance.now();
  let stored = 0;
  for (let i = 0; i < events.length && !stopped(); i += 500) {
    const batch = events.slice(i, i + 500).map((e) => demoIncoming(owner.get(e.target)!, e));
    const res = await writeBatch(db, batch, now);
    stored += res.outcomes.filter((o) => o === 'stored').length;
    if (res.rejects.length > 0) log.warn({ rejects: res.rejects.slice(0, 3) }, 'demo back-fill: some events refused');
  }
  log.info({ plans: todo, events: stored, ms: Math.round(performance.now() - started) }, 'demo history back-filled');
  return stored;
}
