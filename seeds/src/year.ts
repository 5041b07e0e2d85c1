import type { PlanSection, Target } from '@luoshi/shared';
import { seedData } from './data';
import type { SeedData, SeedPlan } from './types';

/**
 * The demo plans for any year (issue 18.12). The seed documents' plans are written down
 * once, dated 2026 (data/); a demo started in 2027 or 2028 gets the same plans — the same
 * units, sections, quantities and in-year phasing — moved whole to that year: plan ids
 * (WJC-2026 → WJC-2027), target codes (WJC26-001 → WJC27-001, so two years' plans never
 * share a code), titles ("2026年工作计划"), and every date. A 29 February that the move
 * would invent becomes the 28th.
 */
export const SEED_YEAR = 2026;

export function seedDataFor(year: number): SeedData {
  if (!Number.isInteger(year) || year < 2000 || year > 2099) throw new RangeError(`no demo plans for the year ${year}`);
  if (year === SEED_YEAR) return seedData;
  return { units: seedData.units, plans: seedData.plans.map((p) => movePlan(p, year)) };
}

/** The seeded plan ids of a year, for finding the demo's plans again (WJC-2027 …). */
export function seedPlanIds(year: number): string[] {
  return seedDataFor(year).plans.map((p) => p.plan.id);
}

function shiftDate(ymd: string, years: number): string {
  const y = Number(ymd.slice(0, 4)) + years;
  const md = ymd.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

function movePlan({ plan, sections, targets }: SeedPlan, year: number): SeedPlan {
  const years = year - SEED_YEAR;
  const id = (s: string): string => s.replace(`-${SEED_YEAR}`, `-${year}`);
  const yy = String(year % 100).padStart(2, '0');
  const code = (c: string): string => c.replace(/^([A-Z]+)26-/, `$1${yy}-`);
  const date = (d: string): string => shiftDate(d, years);
  const moveSection = (s: PlanSection): PlanSection => ({
    ...s,
    id: id(s.id),
    planId: id(s.planId),
    parentId: s.parentId === null ? null : id(s.parentId),
  });
  const moveTarget = (t: Target): Target => ({
    ...t,
    code: code(t.code),
    planId: id(t.planId),
    sectionId: t.sectionId === null ? null : id(t.sectionId),
    startDate: date(t.startDate),
    dueDate: date(t.dueDate),
    milestones: t.milestones.map((m) => ({ ...m, date: date(m.date) })),
    ...(t.ratioOf ? { ratioOf: { numerator: code(t.ratioOf.numerator), denominator: code(t.ratioOf.denominator) } } : {}),
  });
  return {
    plan: {
      ...plan,
      id: id(plan.id),
      title: plan.title.replace(`${SEED_YEAR}年`, `${year}年`),
      periodStart: date(plan.periodStart),
      periodEnd: date(plan.periodEnd),
    },
    sections: sections.map(moveSection),
    targets: targets.map(moveTarget),
  };
}
