import { describe, expect, it } from 'vitest';
import type { MyTargetsResponse, TargetUpdate } from '@luoshi/shared';
import { overview, target } from '../dashboard/test-fixtures';
import { applyLive, applyToTarget } from './apply';

const u = (over: Partial<TargetUpdate> = {}): TargetUpdate => ({
  target: 'A',
  planId: 'P',
  ownerUnit: 'U-A',
  value: 100,
  pct: 100,
  status: 'achieved',
  forecastDate: null,
  lastOccurredAt: '2026-11-21T02:00:00Z',
  version: 2,
  ...over,
});
const row = (code: string, version: number, value = version) => ({ code, version, value, lastOccurredAt: null as string | null });

describe('applyToTarget', () => {
  it('takes a newer delta: value, pct, status, forecast', () => {
    expect(applyToTarget(target('A'), u())).toMatchObject({ value: 100, pct: 100, status: 'achieved', version: 2, forecastDate: null });
  });
  it('drops an older or equal one, and one for another target (same object back)', () => {
    const t = target('A', { version: 5 });
    expect(applyToTarget(t, u({ version: 5 }))).toBe(t);
    const b = target('B');
    expect(applyToTarget(b, u())).toBe(b);
  });
  it('keeps a plain row plain (no status on a list of rollups)', () => {
    expect(applyToTarget(row('A', 1), u())).toEqual({ code: 'A', version: 2, value: 100, lastOccurredAt: '2026-11-21T02:00:00Z' });
  });
});

describe('applyLive', () => {
  it('moves an overview: values, status badges, counts, aggregates and the attention list, without a refetch', () => {
    const o = overview([target('A', { status: 'behind', pct: 20, value: 20, statusRatio: 0.3 }), target('B', { status: 'at_risk', pct: 10, value: 10, ownerUnit: 'U-B' })]);
    expect(o.attention).toEqual(['A', 'B']);
    const p = applyLive(o, [u()]) as typeof o;
    expect(p.targets[0]).toMatchObject({ status: 'achieved', value: 100, pct: 100 });
    expect(p.targets[1]).toBe(o.targets[1]);
    expect(p.aggregate.statusCounts).toMatchObject({ achieved: 1, at_risk: 1, behind: 0 });
    // The shared weighted mean: (100 + 10) / 2.
    expect(p.aggregate.pct).toBe(55);
    expect(p.units.find((x) => x.code === 'U-A')!.aggregate).toMatchObject({ pct: 100, statusCounts: expect.objectContaining({ achieved: 1 }) });
    expect(p.attention).toEqual(['B']);
    expect(p.sections.map((s) => s.id)).toEqual(o.sections.map((s) => s.id));
  });

  it('returns the same object when nothing is newer (no re-render, no cache write loop)', () => {
    const o = overview([target('A', { version: 9 })]);
    expect(applyLive(o, [u()])).toBe(o);
    expect(applyLive(o, [u({ target: 'Z' })])).toBe(o);
    const list = [row('A', 5), row('B', 2)];
    expect(applyLive(list, [u({ target: 'A', version: 5 })])).toBe(list);
    const next = applyLive(list, [u({ target: 'B', version: 3 })]) as typeof list;
    expect(next[0]).toBe(list[0]);
    expect(next[1]!.version).toBe(3);
  });

  it('moves my targets, status included', () => {
    const mine = { unit: 'U-A', today: '2026-11-21', targets: [{ ...target('A'), planTitle: 'P', periodStart: '2026-01-01', periodEnd: '2026-12-31', lastReporter: null, lastReceivedAt: null }] } satisfies MyTargetsResponse;
    const p = applyLive(mine, [u()]) as typeof mine;
    expect(p.targets[0]).toMatchObject({ status: 'achieved', value: 100 });
  });

  it('says null for a view a delta cannot move (an event log: refetch it)', () => {
    expect(applyLive([{ id: 'e1' }], [u()])).toBeNull();
    expect(applyLive(undefined, [u()])).toBeUndefined();
  });
});
