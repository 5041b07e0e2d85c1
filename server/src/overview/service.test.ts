import { describe, expect, it } from 'vitest';
import type { PlanSection, TargetState, TargetStatus } from '@luoshi/shared';
import { buckets } from '../targets/series';
import { attentionList, groupAggregate, sectionStates, unitStates } from './service';

const state = (code: string, status: TargetStatus, extra: Partial<TargetState> = {}): TargetState =>
  ({
    code,
    status,
    pct: 50,
    weight: 1,
    statusRatio: null,
    sectionId: null,
    ownerUnit: 'U',
    startDate: '2026-01-01',
    lastOccurredAt: null,
    stale: status === 'stale',
    ...extra,
  }) as TargetState;

describe('overview aggregation', () => {
  it('weights targets, clamps their pct and counts every status', () => {
    const a = groupAggregate([
      state('a', 'on_track', { pct: 150, weight: 3 }),
      state('b', 'at_risk', { pct: 20, weight: 1 }),
    ]);
    expect(a.pct).toBe((3 * 100 + 20) / 4);
    expect(a.statusCounts).toMatchObject({ on_track: 1, at_risk: 1, achieved: 0, stale: 0 });
  });

  it('lists targets needing attention worst first: overdue, at risk (lowest ratio first), stale, behind', () => {
    const list = attentionList([
      state('ok', 'on_track'),
      state('b', 'behind', { statusRatio: 0.9 }),
      state('s', 'stale'),
      state('r2', 'at_risk', { statusRatio: 0.8 }),
      state('r1', 'at_risk', { statusRatio: 0.2 }),
      state('o', 'overdue'),
      state('done', 'achieved'),
    ]);
    expect(list).toEqual(['o', 'r1', 'r2', 's', 'b']);
  });

  it('aggregates a section over its subsections’ targets too', () => {
    const sections: PlanSection[] = [
      { id: 'S1', planId: 'P', parentId: null, label: '一、', title: 'a', ordinal: 1 },
      { id: 'S1-1', planId: 'P', parentId: 'S1', label: '（一）', title: 'b', ordinal: 1 },
      { id: 'S2', planId: 'P', parentId: null, label: '二、', title: 'c', ordinal: 2 },
    ];
    const out = sectionStates(sections, [
      state('x', 'on_track', { sectionId: 'S1-1' }),
      state('y', 'behind', { sectionId: 'S1' }),
    ]);
    expect(out.map((s) => [s.id, s.aggregate.count])).toEqual([
      ['S1', 2],
      ['S1-1', 1],
      ['S2', 0],
    ]);
    expect(out[2]!.aggregate.pct).toBeNull();
  });

  it('gives each unit its latest report and the share of started targets reported in time', () => {
    const [u] = unitStates(
      new Map([['U', '社区服务办公室']]),
      [
        state('a', 'on_track', { lastOccurredAt: '2026-05-01T00:00:00.000Z' }),
        state('b', 'stale', { lastOccurredAt: '2026-02-01T00:00:00.000Z' }),
        state('c', 'not_started', { startDate: '2026-09-01' }),
      ],
      '2026-06-01',
    );
    expect(u).toMatchObject({
      code: 'U',
      name: '社区服务办公室',
      lastReportedAt: '2026-05-01T00:00:00.000Z',
      timeliness: 0.5,
    });
  });

  it('does not count finished targets as unreported: an all-finished unit is not at 0% (issue 17)', () => {
    // Finished long ago and silent since: stale by the interval, but a finished target owes no report.
    const [u] = unitStates(
      new Map([['U', '社区服务办公室']]),
      [
        state('a', 'achieved', { stale: true, lastOccurredAt: '2026-02-01T00:00:00.000Z' }),
        state('b', 'achieved', { stale: true, lastOccurredAt: '2026-03-01T00:00:00.000Z' }),
      ],
      '2026-06-01',
    );
    expect(u!.timeliness).toBe(1);
    const [v] = unitStates(
      new Map(),
      [state('a', 'achieved', { stale: true }), state('b', 'stale'), state('c', 'on_track')],
      '2026-06-01',
    );
    expect(v!.timeliness).toBe(0.5);
  });
});

describe('series buckets', () => {
  it('are whole days, Monday weeks or calendar months, the last ending at `to`', () => {
    expect(buckets('2026-03-01', '2026-03-03', 'day').map((b) => b.end)).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
    ]);
    expect(buckets('2026-03-04', '2026-03-18', 'week')).toEqual([
      { start: '2026-03-02', end: '2026-03-08' },
      { start: '2026-03-09', end: '2026-03-15' },
      { start: '2026-03-16', end: '2026-03-18' },
    ]);
    expect(buckets('2026-01-15', '2026-03-02', 'month').map((b) => b.end)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-02',
    ]);
    expect(buckets('2026-03-02', '2026-03-01', 'day')).toEqual([]);
  });
});
