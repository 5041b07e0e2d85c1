import { describe, expect, it } from 'vitest';
import { isCode, MEASURE_KINDS, parseProgressSubject, PLAN_STATUSES, progressSubject, UNIT_KINDS } from '@luoshi/shared';
import type { Target, Unit } from '@luoshi/shared';
import { seedData } from './index';

const { units, plans } = seedData;
const allTargets: Target[] = plans.flatMap((p) => p.targets);
const unitByCode = new Map(units.map((u) => [u.code, u]));

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function dupes(xs: string[]): string[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x) ? true : (seen.add(x), false)));
}

/** Whether `code` is `ancestor` or lies below it in the unit tree. */
function within(code: string, ancestor: string): boolean {
  let u: Unit | undefined = unitByCode.get(code);
  while (u) {
    if (u.code === ancestor) return true;
    u = u.parentCode === null ? undefined : unitByCode.get(u.parentCode);
  }
  return false;
}

describe('units', () => {
  it('have unique codes matching the code pattern', () => {
    expect(dupes(units.map((u) => u.code))).toEqual([]);
    expect(units.filter((u) => !isCode(u.code)).map((u) => u.code)).toEqual([]);
    for (const u of units) {
      expect(UNIT_KINDS).toContain(u.kind);
      expect(u.name.trim()).not.toBe('');
    }
  });

  it('form one tree 区 → 街道 → 科室/居民区/网格, parents listed first', () => {
    const roots = units.filter((u) => u.parentCode === null);
    expect(roots.map((r) => r.code)).toEqual(['YP']);
    const seen = new Set<string>();
    for (const u of units) {
      if (u.parentCode !== null) {
        expect(seen.has(u.parentCode), `${u.code}: parent ${u.parentCode} listed before`).toBe(true);
        const parent = unitByCode.get(u.parentCode);
        const expected = u.kind === 'subdistrict' ? 'district' : 'subdistrict';
        expect(parent?.kind, `${u.code} (${u.kind}) parent kind`).toBe(expected);
      } else {
        expect(u.kind).toBe('district');
      }
      seen.add(u.code);
    }
  });

  it('include the three sub-districts with departments, 居民区 and 网格', () => {
    for (const sd of ['YP-WJC', 'YP-XJWC', 'YP-WL']) {
      expect(unitByCode.get(sd)?.kind).toBe('subdistrict');
      const kids = units.filter((u) => u.parentCode === sd);
      expect(kids.filter((u) => u.kind === 'department').length).toBeGreaterThanOrEqual(8);
      expect(kids.filter((u) => u.kind === 'neighbourhood').length).toBeGreaterThanOrEqual(2);
      expect(kids.filter((u) => u.kind === 'grid').length).toBeGreaterThanOrEqual(2);
    }
    expect(unitByCode.get('YP-WJC-GD1')?.name).toBe('国定一居民区');
  });
});

describe('plans and sections', () => {
  it('have unique ids that are valid codes and resolve their owner', () => {
    expect(dupes(plans.map((p) => p.plan.id))).toEqual([]);
    expect(dupes(plans.flatMap((p) => p.sections.map((s) => s.id)))).toEqual([]);
    for (const { plan, sections } of plans) {
      expect(isCode(plan.id), plan.id).toBe(true);
      expect(unitByCode.get(plan.ownerUnit)?.kind).toBe('subdistrict');
      expect(PLAN_STATUSES).toContain(plan.status);
      expect(plan.status).toBe('published');
      for (const s of sections) expect(isCode(s.id), s.id).toBe(true);
    }
  });

  it('have valid periods covering 2026 (the demo year)', () => {
    for (const { plan } of plans) {
      expect(isDate(plan.periodStart) && isDate(plan.periodEnd), plan.id).toBe(true);
      expect(plan.periodStart <= plan.periodEnd).toBe(true);
      expect(plan.periodStart).toBe('2026-01-01');
      expect(plan.periodEnd).toBe('2026-12-31');
    }
  });

  it('nest sections within one plan, parents first, ordinals 1..n among siblings', () => {
    for (const { plan, sections } of plans) {
      const seen = new Set<string>();
      for (const s of sections) {
        expect(s.planId).toBe(plan.id);
        expect(s.label.trim()).not.toBe('');
        expect(s.title.trim()).not.toBe('');
        if (s.parentId !== null) expect(seen.has(s.parentId), `${s.id} parent listed before`).toBe(true);
        seen.add(s.id);
      }
      const byParent = new Map<string | null, number[]>();
      for (const s of sections) byParent.set(s.parentId, [...(byParent.get(s.parentId) ?? []), s.ordinal]);
      for (const ords of byParent.values()) {
        expect([...ords].sort((a, b) => a - b)).toEqual(ords.map((_, i) => i + 1));
      }
    }
  });
});

describe('targets', () => {
  it('are at least 40, with unique codes matching the code pattern', () => {
    expect(allTargets.length).toBeGreaterThanOrEqual(40);
    expect(dupes(allTargets.map((t) => t.code))).toEqual([]);
    expect(allTargets.filter((t) => !isCode(t.code)).map((t) => t.code)).toEqual([]);
    for (const t of allTargets) {
      const subject = progressSubject(t.ownerUnit, t.code);
      expect(parseProgressSubject(subject)).toEqual({ unitCode: t.ownerUnit, targetCode: t.code });
    }
  });

  it('resolve plan, section and owner unit (owner inside the plan owner’s subtree)', () => {
    for (const { plan, sections, targets } of plans) {
      const sectionIds = new Set(sections.map((s) => s.id));
      for (const t of targets) {
        expect(t.planId, t.code).toBe(plan.id);
        if (t.sectionId !== null) expect(sectionIds.has(t.sectionId), `${t.code} section`).toBe(true);
        expect(unitByCode.has(t.ownerUnit), `${t.code} owner ${t.ownerUnit}`).toBe(true);
        expect(within(t.ownerUnit, plan.ownerUnit), `${t.code} owner under ${plan.ownerUnit}`).toBe(true);
      }
    }
  });

  it('have sane fields: kind, direction, values, weight, reporting interval', () => {
    for (const t of allTargets) {
      expect(MEASURE_KINDS).toContain(t.measureKind);
      expect(t.title.trim(), t.code).not.toBe('');
      expect(t.uom.trim(), t.code).not.toBe('');
      expect(Number.isFinite(t.baseline) && Number.isFinite(t.targetValue), t.code).toBe(true);
      expect(t.baseline, t.code).toBeGreaterThanOrEqual(0);
      expect(t.targetValue, t.code).toBeGreaterThanOrEqual(0);
      expect(t.direction, t.code).toBe(t.measureKind === 'ceiling' ? 'down' : 'up');
      if (t.direction === 'up') expect(t.targetValue, t.code).toBeGreaterThan(t.baseline);
      if (t.measureKind === 'cumulative') expect(t.baseline, t.code).toBe(0);
      expect(t.weight, t.code).toBeGreaterThanOrEqual(1);
      expect(t.weight, t.code).toBeLessThanOrEqual(3);
      expect([7, 14, 30], t.code).toContain(t.reportingIntervalDays);
    }
  });

  it('have valid dates with start <= due inside the plan period', () => {
    for (const { plan, targets } of plans) {
      for (const t of targets) {
        expect(isDate(t.startDate) && isDate(t.dueDate), t.code).toBe(true);
        expect(t.startDate <= t.dueDate, t.code).toBe(true);
        expect(t.startDate >= plan.periodStart && t.dueDate <= plan.periodEnd, t.code).toBe(true);
      }
    }
  });

  it('have milestones ordered by date, inside start..due, non-decreasing and not beyond the target', () => {
    for (const t of allTargets) {
      let prev: { date: string; value: number } | null = null;
      for (const m of t.milestones) {
        expect(isDate(m.date), `${t.code} ${m.date}`).toBe(true);
        expect(m.date >= t.startDate && m.date <= t.dueDate, `${t.code} ${m.date}`).toBe(true);
        expect(m.value, t.code).toBeLessThanOrEqual(t.targetValue);
        if (prev) {
          expect(m.date > prev.date, `${t.code} ${m.date}`).toBe(true);
          expect(m.value >= prev.value, `${t.code} ${m.date}`).toBe(true);
        }
        prev = m;
      }
      if (t.milestones.length > 0 && t.measureKind === 'cumulative') {
        expect(t.milestones.at(-1), `${t.code} last milestone is the target at due`).toEqual({
          date: t.dueDate,
          value: t.targetValue,
        });
      }
    }
    expect(allTargets.filter((t) => t.milestones.length > 0).length).toBeGreaterThanOrEqual(20);
  });

  it('use ratioOf exactly on ratio targets, pointing at earlier non-ratio targets of the same plan', () => {
    for (const { targets } of plans) {
      targets.forEach((t, i) => {
        if (t.measureKind !== 'ratio') {
          expect(t.ratioOf ?? null, t.code).toBeNull();
          return;
        }
        const ratioOf = t.ratioOf ?? null;
        expect(ratioOf, t.code).not.toBeNull();
        if (ratioOf === null) return;
        const { numerator, denominator } = ratioOf;
        expect(numerator).not.toBe(denominator);
        for (const ref of [numerator, denominator]) {
          const j = targets.findIndex((x) => x.code === ref);
          expect(j, `${t.code} → ${ref} in the same plan`).toBeGreaterThanOrEqual(0);
          expect(j, `${t.code} → ${ref} listed before`).toBeLessThan(i);
          expect(targets[j]?.measureKind, `${t.code} → ${ref}`).toBe('cumulative');
        }
        const num = targets.find((x) => x.code === numerator);
        const den = targets.find((x) => x.code === denominator);
        expect(num?.uom).toBe(den?.uom);
        expect(t.uom).toBe('%');
      });
    }
  });

  it('cover every measure kind: mostly cumulative, some readings, >= 2 ceilings, >= 1 ratio', () => {
    const count = (k: string) => allTargets.filter((t) => t.measureKind === k).length;
    expect(count('cumulative')).toBeGreaterThan(allTargets.length / 2);
    expect(count('reading')).toBeGreaterThanOrEqual(2);
    expect(count('ceiling')).toBeGreaterThanOrEqual(2);
    expect(count('ratio')).toBeGreaterThanOrEqual(1);
    for (const { targets } of plans) expect(targets.length).toBeGreaterThanOrEqual(10);
  });

  it.each([
    [300000, '平方米', '美丽家园'],
    [185, '个', '微网格'],
    [97, '家', '创业'],
    [127, '人', '就业'],
    [1162, '人', '职业技能培训'],
    [3842, '家次', '生产经营单位'],
    [7684, '条', '整改'],
    [4.5, '公里', '滨水活力带'],
    [152, '张', '床位'],
    [4, '处', '青年中心'],
  ])('include the headline commitment %s %s (%s)', (value, uom, word) => {
    const hits = allTargets.filter((t) => t.targetValue === value && t.uom === uom && t.title.includes(word));
    expect(hits.length).toBeGreaterThanOrEqual(1);
    expect(hits.every((t) => t.measureKind === 'cumulative')).toBe(true);
  });
});
