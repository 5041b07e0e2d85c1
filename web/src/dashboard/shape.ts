import {
  groupAggregate,
  type GroupAggregate,
  type PlanOverview,
  type PlanSummary,
  type SectionState,
  type TargetState,
  type UnitState,
} from '@luoshi/shared';
import { sectionSubtree } from './filters';

/** The weighted completion and status counts of a group of targets: the server's own function (shared). */
export function aggregateOf(targets: readonly TargetState[]): GroupAggregate {
  return groupAggregate(targets);
}

export interface SectionCard {
  section: SectionState;
  aggregate: GroupAggregate;
  targets: number;
}

/**
 * One card per top-level section (一、二、…), over the targets of the section and every
 * sub-section under it. Sections holding no target are left out; targets without a section
 * are not on any card (they still count in the plan's total).
 */
export function sectionCards(overview: Pick<PlanOverview, 'sections' | 'targets'>): SectionCard[] {
  const { sections, targets } = overview;
  const top = sections.filter((s) => s.parentId === null).sort((a, b) => a.ordinal - b.ordinal);
  const cards: SectionCard[] = [];
  for (const section of top) {
    const ids = sectionSubtree(sections, section.id);
    const mine = targets.filter((t) => t.sectionId !== null && ids.has(t.sectionId));
    if (mine.length === 0) continue;
    cards.push({ section, aggregate: aggregateOf(mine), targets: mine.length });
  }
  return cards;
}

/** Departments ranked for the league table: completion first, then timeliness, then name. */
export function leagueTable(units: readonly UnitState[]): UnitState[] {
  return [...units].sort(
    (a, b) =>
      (b.aggregate.pct ?? -1) - (a.aggregate.pct ?? -1) ||
      b.timeliness - a.timeliness ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
}

/** Targets that need a hand, per unit, for the league table's "滞后" column. */
export function laggingCount(a: GroupAggregate): number {
  const c = a.statusCounts;
  return c.behind + c.at_risk + c.overdue + c.stale;
}

/** A target's section label and title ("三、（二）提升宜居幸福感"), for lists and exports. */
export function sectionPath(sections: readonly SectionState[], id: string | null): string {
  if (!id) return '';
  const byId = new Map(sections.map((s) => [s.id, s]));
  const parts: string[] = [];
  let s = byId.get(id);
  let guard = 0;
  while (s && guard++ < 10) {
    parts.unshift(s.label);
    if (!s.parentId) break;
    s = byId.get(s.parentId);
  }
  const own = byId.get(id);
  return own ? `${parts.join('')}${own.title}` : '';
}

export function unitNames(units: readonly Pick<UnitState, 'code' | 'name'>[]): Map<string, string> {
  return new Map(units.map((u) => [u.code, u.name]));
}

/** The plan a unit's page reads: ?plan=, else the plan of the 街道 the unit belongs to (codes nest: YP-WJC-GLB is under YP-WJC). */
export function planForUnit(plans: readonly PlanSummary[], unit: string, asked: string | null): string | undefined {
  if (asked) return asked;
  const mine = plans.filter((p) => unit === p.ownerUnit || unit.startsWith(`${p.ownerUnit}-`));
  return (mine.find((p) => p.status === 'published') ?? mine[0] ?? plans[0])?.id;
}
