import { describe, expect, it } from 'vitest';
import { seedDataFor } from '@luoshi/seeds';
import { addDays, chinaDate, daysBetween, expectedValue, foldTarget, type Target } from '@luoshi/shared';
import { assignProfiles, history, toPlan, type DemoTarget } from './backfill';

/** The seed's targets as the demo reads them from the database. */
const demoTargets = (year: number): DemoTarget[] =>
  seedDataFor(year).plans.flatMap((p) =>
    p.targets.map(
      (t: Target): DemoTarget => ({
        code: t.code,
        owner_unit: t.ownerUnit,
        uom: t.uom,
        measure_kind: t.measureKind,
        baseline: t.baseline,
        target_value: t.targetValue,
        start_date: t.startDate,
        due_date: t.dueDate,
        milestones: t.milestones,
        reporting_interval_days: t.reportingIntervalDays,
        ratio_numerator: t.ratioOf?.numerator ?? null,
        ratio_denominator: t.ratioOf?.denominator ?? null,
      }),
    ),
  );

/** Pace (progress ÷ planned progress) and staleness (no news for longer than the reporting interval) of every unfinished cumulative target still running, as of `today`. */
function mix(today: string) {
  const targets = demoTargets(Number(today.slice(0, 4)));
  const events = history(targets, today);
  const profiles = assignProfiles(targets);
  const out: { code: string; done: boolean; pace: number; stale: boolean }[] = [];
  for (const t of targets) {
    if (t.measure_kind !== 'cumulative' || !profiles.has(t.code) || t.due_date < today) continue;
    const mine = events.filter((e) => e.target === t.code);
    const planned = expectedValue(toPlan(t), today) - t.baseline;
    if (!(planned > 0)) continue;
    const value = foldTarget({ measureKind: 'cumulative', baseline: t.baseline }, mine);
    const last = mine.map((e) => chinaDate(e.occurredAt)!).sort().at(-1) ?? t.start_date;
    const done = value >= t.target_value; // achieved: neither behind nor stale
    out.push({ code: t.code, done, pace: (value - t.baseline) / planned, stale: !done && daysBetween(last, today) > t.reporting_interval_days });
  }
  return { events, out };
}

describe('the demo history on any date (issue 18.12)', () => {
  it.each(['2027-03-15', '2028-11-20', '2027-06-01', '2027-09-10', '2028-02-29', '2031-12-20'])(
    '%s: history up to yesterday, some targets behind, some ahead, a few quiet',
    (today) => {
      const { events, out } = mix(today);
      expect(events.length).toBeGreaterThan(100);
      for (const e of events) {
        expect(chinaDate(e.occurredAt)! < today, e.id).toBe(true);
        expect(e.occurredAt.startsWith(today.slice(0, 4)), e.id).toBe(true);
      }
      const behind = out.filter((x) => !x.done && x.pace < 0.95);
      const ahead = out.filter((x) => x.done || x.pace >= 1.05);
      const onPace = out.filter((x) => !x.done && x.pace >= 0.95 && x.pace < 1.05);
      const quiet = out.filter((x) => x.stale);
      expect(behind.length, 'behind').toBeGreaterThanOrEqual(3);
      expect(ahead.length, 'ahead or finished early').toBeGreaterThanOrEqual(3);
      expect(onPace.length, 'on pace').toBeGreaterThanOrEqual(3);
      expect(quiet.length, 'stale').toBeGreaterThanOrEqual(1);
      expect(quiet.length, 'only a few stale').toBeLessThanOrEqual(out.length / 4);
    },
  );

  it('is the same history on every run, and the 2026 plans give the history they always did', () => {
    expect(history(demoTargets(2027), '2027-03-15')).toEqual(history(demoTargets(2027), '2027-03-15'));
    const e2026 = history(demoTargets(2026), '2026-11-21');
    expect(e2026.length).toBeGreaterThan(1_000);
    expect(e2026.every((e) => e.reporter === '演示数据' && e.source === 'demo-backfill')).toBe(true);
  });

  it('in the first days of January there is next to no history yet, and nothing from last year', () => {
    const events = history(demoTargets(2028), '2028-01-03');
    expect(events.every((e) => e.occurredAt >= '2028-01-01' && chinaDate(e.occurredAt)! < '2028-01-03')).toBe(true);
    expect(addDays('2028-01-03', -1)).toBe('2028-01-02');
  });
});
