import type { SectionState, TargetState, TargetStatus } from '@luoshi/shared';
import { isStatus } from '../ui/status';

/** What a leader narrowed the view to. Lives in the URL (?section=&unit=&status=) so a link carries it. */
export interface TargetFilter {
  section: string | null;
  unit: string | null;
  status: TargetStatus | null;
}

export const NO_FILTER: TargetFilter = { section: null, unit: null, status: null };

export function readFilter(params: URLSearchParams): TargetFilter {
  const status = params.get('status');
  return {
    section: params.get('section') || null,
    unit: params.get('unit') || null,
    status: isStatus(status) ? status : null,
  };
}

/** The query string for a filter, keeping the other parameters (plan, …) as they are; empty values are dropped. */
export function writeFilter(params: URLSearchParams, filter: Partial<TargetFilter>): Record<string, string> {
  const out: Record<string, string> = {};
  params.forEach((v, k) => (out[k] = v));
  for (const [k, v] of Object.entries(filter)) {
    if (v) out[k] = v;
    else delete out[k];
  }
  return out;
}

/** A section and every section under it (一、 holds （一）（二）…). */
export function sectionSubtree(sections: readonly Pick<SectionState, 'id' | 'parentId'>[], id: string): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of sections) {
      if (s.parentId && ids.has(s.parentId) && !ids.has(s.id)) {
        ids.add(s.id);
        grew = true;
      }
    }
  }
  return ids;
}

export function filterTargets(
  targets: readonly TargetState[],
  sections: readonly Pick<SectionState, 'id' | 'parentId'>[],
  f: TargetFilter,
): TargetState[] {
  const inSection = f.section ? sectionSubtree(sections, f.section) : null;
  return targets.filter(
    (t) =>
      (!inSection || (t.sectionId !== null && inSection.has(t.sectionId))) &&
      (!f.unit || t.ownerUnit === f.unit) &&
      (!f.status || t.status === f.status),
  );
}

export function isFiltered(f: TargetFilter): boolean {
  return !!(f.section || f.unit || f.status);
}

/** A link to the same view with the filter changed: "?plan=…&status=behind". */
export function hrefWith(params: URLSearchParams, filter: Partial<TargetFilter>): string {
  const q = new URLSearchParams(writeFilter(params, filter)).toString();
  return q ? `?${q}` : '?';
}

/** Brings the target list into view after a tile or card narrowed it. */
export function scrollToTargets(): void {
  requestAnimationFrame(() => document.getElementById('targets')?.scrollIntoView({ block: 'start' }));
}
