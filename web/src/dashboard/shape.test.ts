import { describe, expect, it } from 'vitest';
import type { PlanSummary } from '@luoshi/shared';
import { aggregateOf, laggingCount, leagueTable, planForUnit, sectionCards, sectionPath } from './shape';
import { overview, sections, target, unit } from './test-fixtures';

describe('sectionCards', () => {
  it('gives one card per top-level section over its sub-sections, weighted, and skips empty ones', () => {
    const o = overview([
      target('A', { sectionId: 'S1-1', pct: 100, weight: 3, status: 'achieved' }),
      target('B', { sectionId: 'S1', pct: 20, weight: 1, status: 'at_risk' }),
      target('C', { sectionId: 'S2', pct: 150, weight: 1 }),
    ]);
    const cards = sectionCards(o);
    expect(cards.map((c) => c.section.id)).toEqual(['S1', 'S2']);
    expect(cards[0]!.aggregate.pct).toBe(80);
    expect(cards[0]!.aggregate.statusCounts.at_risk).toBe(1);
    // pct is clamped to 100 before averaging, as on the server.
    expect(cards[1]!.aggregate.pct).toBe(100);
  });
});

describe('leagueTable', () => {
  it('ranks by completion, then timeliness; a unit with no figure goes last', () => {
    const ranked = leagueTable([
      unit('A', '甲', 50, 0.5),
      unit('B', '乙', 80, 0.9),
      unit('C', '丙', 50, 1),
      unit('D', '丁', null, 1),
    ]);
    expect(ranked.map((u) => u.code)).toEqual(['B', 'C', 'A', 'D']);
  });
  it('counts the targets needing attention', () => {
    const a = aggregateOf([
      target('A', { status: 'behind' }),
      target('B', { status: 'stale' }),
      target('C', { status: 'achieved' }),
    ]);
    expect(laggingCount(a)).toBe(2);
  });
});

describe('sectionPath', () => {
  it('joins the labels down to the section', () => {
    expect(sectionPath(sections, 'S1-1')).toBe('一、（一）招商引资');
    expect(sectionPath(sections, null)).toBe('');
    expect(sectionPath(sections, 'missing')).toBe('');
  });
});

describe('planForUnit', () => {
  const plan = (id: string, ownerUnit: string, status: PlanSummary['status'] = 'published'): PlanSummary => ({
    id,
    title: id,
    ownerUnit,
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    status,
  });
  const plans = [plan('WJC-2026', 'YP-WJC'), plan('WL-DRAFT', 'YP-WL', 'draft'), plan('WL-2026', 'YP-WL')];
  it("takes the asked plan, else the published plan of the unit's 街道", () => {
    expect(planForUnit(plans, 'YP-WL-GLB', 'WJC-2026')).toBe('WJC-2026');
    expect(planForUnit(plans, 'YP-WL-GLB', null)).toBe('WL-2026');
    expect(planForUnit(plans, 'YP-WJC', null)).toBe('WJC-2026');
  });
  it('does not mistake a code prefix for a parent, and falls back to the first plan', () => {
    expect(planForUnit(plans, 'YP-WLX-1', null)).toBe('WJC-2026');
    expect(planForUnit([], 'YP-WL', null)).toBeUndefined();
  });
});
