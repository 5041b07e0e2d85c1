import { describe, expect, it } from 'vitest';
import { isCode, isYmd } from '@luoshi/shared';
import { seedData } from './data';
import { seedDataFor, seedPlanIds } from './year';

describe('the demo plans for any year (issue 18.12)', () => {
  it('2026 is the seed as written', () => {
    expect(seedDataFor(2026)).toBe(seedData);
  });

  it.each([2027, 2028, 2031])('%i: the same plans, units and quantities, dated in that year with codes of their own', (year) => {
    const moved = seedDataFor(year);
    expect(moved.units).toEqual(seedData.units);
    expect(moved.plans.map((p) => p.plan.id)).toEqual(seedData.plans.map((p) => p.plan.id.replace('2026', String(year))));
    expect(seedPlanIds(year)).toEqual(moved.plans.map((p) => p.plan.id));
    const yy = String(year % 100);
    moved.plans.forEach(({ plan, sections, targets }, i) => {
      const orig = seedData.plans[i]!;
      expect(plan.title).toBe(orig.plan.title.replace('2026年', `${year}年`));
      expect(plan.title).toContain(`${year}年`);
      expect([plan.periodStart, plan.periodEnd]).toEqual([`${year}-01-01`, `${year}-12-31`]);
      expect(sections.map((s) => s.title)).toEqual(orig.sections.map((s) => s.title));
      for (const s of sections) {
        expect(s.planId).toBe(plan.id);
        expect(s.id.startsWith(`${plan.id}-`)).toBe(true);
        if (s.parentId) expect(sections.some((p) => p.id === s.parentId)).toBe(true);
      }
      const codes = new Set(targets.map((t) => t.code));
      targets.forEach((t, k) => {
        const o = orig.targets[k]!;
        // The facts of the plan do not move: title, unit, measure, quantities, owner, interval.
        expect({ ...t, code: o.code, planId: o.planId, sectionId: o.sectionId, startDate: o.startDate, dueDate: o.dueDate, milestones: o.milestones, ratioOf: o.ratioOf }).toEqual(o);
        expect(t.milestones.map((m) => m.value)).toEqual(o.milestones.map((m) => m.value));
        expect(isCode(t.code), t.code).toBe(true);
        expect(t.code).toMatch(new RegExp(`^[A-Z]+${yy}-\\d+$`));
        expect(t.planId).toBe(plan.id);
        if (t.sectionId) expect(sections.some((s) => s.id === t.sectionId)).toBe(true);
        for (const d of [t.startDate, t.dueDate, ...t.milestones.map((m) => m.date)]) {
          expect(isYmd(d), d).toBe(true);
          expect(d >= plan.periodStart && d <= plan.periodEnd, d).toBe(true);
        }
        // Same day of the year as the seed (the 2026 seed has no 29 February to lose).
        expect(t.dueDate.slice(5)).toBe(o.dueDate.slice(5));
        if (t.ratioOf) {
          expect(codes.has(t.ratioOf.numerator)).toBe(true);
          expect(codes.has(t.ratioOf.denominator)).toBe(true);
        }
      });
    });
    const all = moved.plans.flatMap((p) => p.targets.map((t) => t.code));
    const before = new Set(seedData.plans.flatMap((p) => p.targets.map((t) => t.code)));
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((c) => before.has(c))).toEqual([]);
  });

  it('refuses a year it cannot name', () => {
    expect(() => seedDataFor(1999)).toThrow(RangeError);
    expect(() => seedDataFor(2027.5)).toThrow(RangeError);
  });
});
