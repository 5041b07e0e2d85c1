import { describe, expect, it } from 'vitest';
import { expectedValue } from '@luoshi/shared';
import { assignProfiles, mulberry32, readingCap, toPlan, type DemoTarget } from './backfill';
import { demoGoal, steer, WAVE_MS } from './steer';

/** Seeded, so the simulation is the same on every run. */
const seeded = mulberry32;

const demoTarget = (code: string, over: Partial<DemoTarget> = {}): DemoTarget => ({
  code,
  owner_unit: 'U',
  uom: '人',
  measure_kind: 'cumulative',
  baseline: 0,
  target_value: 2000,
  start_date: '2026-01-01',
  due_date: '2026-12-31',
  milestones: [],
  reporting_interval_days: 14,
  ratio_numerator: null,
  ratio_denominator: null,
  ...over,
});

describe('the demo feed keeps the plan alive (issue 18.12)', () => {
  const today = '2026-12-04';
  const targets = Array.from({ length: 24 }, (_, i) => demoTarget(`T${String(i).padStart(2, '0')}`));
  const profiles = assignProfiles(targets);
  const expected = expectedValue(toPlan(targets[0]!), today);
  const t0 = Date.UTC(2026, 11, 4, 2, 0);

  /** 90 minutes of the live feed: a tick every 3 s touching 1–3 random targets, as feed.ts does. */
  function simulate(): { at: number; ratios: Map<string, number> }[] {
    const rand = seeded(7);
    const value = new Map(targets.map((t) => [t.code, (demoGoal(t, profiles.get(t.code)!, today, t0) ?? expected * 0.97)]));
    const snapshots: { at: number; ratios: Map<string, number> }[] = [];
    for (let ms = 0; ms <= 90 * 60_000; ms += 3_000) {
      const picks = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < picks; i++) {
        const t = targets[Math.floor(rand() * targets.length)]!;
        const move = steer({ ...t, value: value.get(t.code)! }, profiles.get(t.code)!, today, t0 + ms, rand);
        if (!move) continue;
        const v = value.get(t.code)!;
        value.set(t.code, move.kind === 'takeback' ? v - move.value : move.kind === 'increment' ? v + move.value : move.value);
      }
      if (ms % 60_000 === 0)
        snapshots.push({ at: ms / 60_000, ratios: new Map([...value].map(([c, v]) => [c, v / expected])) });
    }
    return snapshots;
  }
  const snaps = simulate();
  const at = (min: number) => snaps.find((s) => s.at === min)!.ratios;

  it('some targets are behind and some ahead at 11, 45 and 90 minutes: it never settles', () => {
    for (const min of [11, 45, 90]) {
      const r = [...at(min).values()];
      expect(r.filter((x) => x < 0.95).length, `behind at ${min} min`).toBeGreaterThanOrEqual(3);
      expect(r.filter((x) => x >= 1).length, `ahead at ${min} min`).toBeGreaterThanOrEqual(3);
    }
  });

  it('laggards appear and recover while someone watches', () => {
    const fell = new Set<string>();
    const recovered = new Set<string>();
    for (let m = 1; m < snaps.length; m++) {
      for (const [code, r] of snaps[m]!.ratios) {
        const before = snaps[m - 1]!.ratios.get(code)!;
        if (before >= 0.95 && r < 0.95) fell.add(code);
        if (fell.has(code) && before < 0.95 && r >= 0.95) recovered.add(code);
      }
    }
    expect(fell.size).toBeGreaterThanOrEqual(2);
    expect(recovered.size).toBeGreaterThanOrEqual(2);
  });

  it('stale targets stay quiet and nothing is pushed past its target', () => {
    const stale = [...profiles].filter(([, p]) => p === 'stale').map(([c]) => c);
    expect(stale.length).toBeGreaterThan(0);
    for (const c of stale) expect(new Set(snaps.map((s) => s.ratios.get(c))).size).toBe(1);
    for (const s of snaps) for (const r of s.ratios.values()) expect(r).toBeLessThanOrEqual(2000 / expected + 1e-9);
  });

  it('the goal swings over WAVE_MS and is clamped to the target', () => {
    const t = targets[0]!;
    const goals = Array.from({ length: 20 }, (_, i) => demoGoal(t, 'on', today, t0 + (i * WAVE_MS) / 20)!);
    expect(Math.max(...goals) - Math.min(...goals)).toBeGreaterThan(expected * 0.2);
    expect(demoGoal(t, 'done', '2026-12-30', t0)).toBe(2000);
  });

  it('readings stay within 10% of their span past the target: no 195% by accident (issue 18.4)', () => {
    const r = { baseline: 90, target_value: 95 };
    expect(readingCap(r, 99.75)).toBe(95.5);
    expect(readingCap(r, 80)).toBe(89.5);
    expect(readingCap(r, 93)).toBe(93);
    // A 100% target: 10% of its span over would be 101%, which ingest refuses (percent_over_100).
    expect(readingCap({ baseline: 90, target_value: 100, uom: '%' }, 104)).toBe(100);
    expect(readingCap({ baseline: 90, target_value: 100, uom: '人' }, 104)).toBe(101);
    const reading = { ...demoTarget('R', { measure_kind: 'reading', uom: '%', baseline: 90, target_value: 95 }), value: 95.4 };
    for (let i = 0; i < 200; i++) {
      const move = steer(reading, 'done', today, t0 + i * 60_000, seeded(i));
      if (move) expect(move.value).toBeLessThanOrEqual(95.5);
    }
  });

  it('ceilings are never breached by the feed', () => {
    const c = { ...demoTarget('C', { measure_kind: 'ceiling', uom: '件', target_value: 60 }), value: 51 };
    const rand = seeded(3);
    for (let i = 0; i < 5000; i++) {
      const move = steer(c, 'on', today, t0 + i * 3000, rand);
      if (move) c.value += move.value;
    }
    expect(c.value).toBeLessThanOrEqual(60);
  });
});
