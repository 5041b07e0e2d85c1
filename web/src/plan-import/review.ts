import {
  COMMITMENT_THRESHOLD,
  resolveDeadline,
  sectionsFromPaths,
  suggestPeriod,
  type DraftError,
  type ImportCandidate,
  type ImportMeasureKind,
  type PlanSummary,
  type PublishPlanRequest,
  type Unit,
} from '@luoshi/shared';

/** Pure shaping for the review screen: what the admin edits, and how it becomes a publish request. */

export interface PlanMeta {
  id: string;
  title: string;
  ownerUnit: string;
  periodStart: string;
  periodEnd: string;
}
export type MetaField = keyof PlanMeta;

export interface RowState {
  index: number;
  accepted: boolean;
  title: string;
  /** As typed: "300000", "1,162", "" … parsed on publish. */
  value: string;
  uom: string;
  /** null: the plan's owner unit. */
  ownerUnit: string | null;
  /** null: the date the candidate's deadline phrase means in the plan period. */
  dueDate: string | null;
  measureKind: ImportMeasureKind;
}
export type RowField = 'title' | 'value' | 'uom' | 'ownerUnit' | 'dueDate' | 'measureKind';

export function defaultMeta(now = new Date()): PlanMeta {
  const y = now.getFullYear();
  return { id: '', title: '', ownerUnit: '', periodStart: `${y}-01-01`, periodEnd: `${y}-12-31` };
}

/**
 * The unit the plan's wording names (责任单位:区卫生健康局): same name, else the unit whose name
 * the wording contains or that contains it (区卫生健康局 ↔ 卫生健康局), the longest such name.
 */
export function matchOwner(suggested: string | null, units: readonly Unit[]): string | null {
  if (!suggested) return null;
  const exact = units.find((u) => u.name === suggested);
  if (exact) return exact.code;
  const near = units
    .filter((u) => u.name.length >= 2 && (suggested.includes(u.name) || u.name.includes(suggested)))
    .sort((a, b) => b.name.length - a.name.length)[0];
  return near?.code ?? null;
}

/** Low-confidence candidates start rejected but stay on the list; a department the text names is preselected. */
export function initialRows(candidates: readonly ImportCandidate[], units: readonly Unit[] = []): RowState[] {
  return candidates.map((c) => ({
    index: c.index,
    accepted: c.confidence >= COMMITMENT_THRESHOLD,
    title: c.suggestedTitle,
    value: String(c.value),
    uom: c.unit,
    ownerUnit: matchOwner(c.suggestedOwner, units),
    dueDate: null,
    measureKind: c.suggestedMeasureKind,
  }));
}

/** The first line, when it reads like a plan's title (五角场街道办事处2023年工作计划). */
export function guessPlanTitle(text: string): string {
  const first =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  return first.length <= 60 && /计划|方案|报告|要点|安排|总结/.test(first) ? first : '';
}

/**
 * The plan fields the pasted text suggests: a blank title from its first line, and, unless the admin
 * chose a period, the period that title's years name (a plan for 2027 pasted in December 2026 is
 * filed under 2027, and its 年底前 means 2027-12-31). A title already typed, or the draft being
 * added to, is kept as it is.
 */
export function guessMeta(m: PlanMeta, text: string, periodChosen: boolean): PlanMeta {
  if (m.title.trim()) return m;
  const title = guessPlanTitle(text);
  return { ...m, title, ...((!periodChosen && suggestPeriod(title)) || {}) };
}

export function parseValue(s: string): number {
  const t = s.replace(/[,，\s]/g, '');
  return t === '' ? NaN : Number(t);
}

export const ownerOf = (row: RowState, meta: PlanMeta): string => row.ownerUnit ?? meta.ownerUnit;
export const dueOf = (row: RowState, c: ImportCandidate, meta: PlanMeta): string =>
  row.dueDate ?? resolveDeadline(c.deadline, meta.periodStart, meta.periodEnd);

/**
 * The publish request from the accepted rows, with `rowOf[i]` the row behind `targets[i]` so
 * errors about targets[i] land on the right row. Values stay as parsed (NaN included): the shared
 * checker, not this function, says what is wrong.
 */
/** The plan fields of an existing draft, as the review form holds them (it adds to that plan). */
export function metaOfPlan(p: PlanSummary): PlanMeta {
  return { id: p.id, title: p.title, ownerUnit: p.ownerUnit, periodStart: p.periodStart, periodEnd: p.periodEnd };
}

export function buildRequest(
  meta: PlanMeta,
  rows: readonly RowState[],
  candidates: readonly ImportCandidate[],
): { request: PublishPlanRequest; rowOf: number[] } {
  const accepted = rows.filter((r) => r.accepted);
  const cand = (r: RowState) => candidates[r.index]!;
  const { sections, keyOf } = sectionsFromPaths(accepted.map((r) => cand(r).sectionPath));
  const id = meta.id.trim();
  const request: PublishPlanRequest = {
    plan: {
      ...(id ? { id } : {}),
      title: meta.title,
      ownerUnit: meta.ownerUnit,
      periodStart: meta.periodStart,
      periodEnd: meta.periodEnd,
    },
    ...(sections.length > 0 ? { sections } : {}),
    targets: accepted.map((r) => {
      const c = cand(r);
      const sectionKey = keyOf(c.sectionPath);
      return {
        title: r.title,
        uom: r.uom,
        targetValue: parseValue(r.value),
        ownerUnit: ownerOf(r, meta),
        dueDate: dueOf(r, c, meta),
        measureKind: r.measureKind,
        sourceSentence: c.sentence.slice(0, 2000),
        ...(sectionKey ? { sectionKey } : {}),
      };
    }),
  };
  return { request, rowOf: accepted.map((r) => r.index) };
}

const TARGET_FIELD: Record<string, RowField> = {
  title: 'title',
  targetValue: 'value',
  uom: 'uom',
  ownerUnit: 'ownerUnit',
  dueDate: 'dueDate',
  startDate: 'dueDate',
  measureKind: 'measureKind',
};

export interface PlacedErrors {
  meta: Partial<Record<MetaField, DraftError>>;
  rows: Map<number, Partial<Record<RowField, DraftError>>>;
  /** Errors with no field on screen (no targets, a section problem). */
  general: DraftError[];
}

/** Puts each error next to the input it is about. */
export function placeErrors(errors: readonly DraftError[], rowOf: readonly number[]): PlacedErrors {
  const out: PlacedErrors = { meta: {}, rows: new Map(), general: [] };
  for (const e of errors) {
    const plan = /^plan\.(\w+)$/.exec(e.field);
    const target = /^targets\[(\d+)\]\.(\w+)$/.exec(e.field);
    if (plan && ['id', 'title', 'ownerUnit', 'periodStart', 'periodEnd'].includes(plan[1]!)) {
      out.meta[plan[1] as MetaField] ??= e;
    } else if (target && rowOf[Number(target[1])] !== undefined && TARGET_FIELD[target[2]!]) {
      const row = rowOf[Number(target[1])]!;
      const fields = out.rows.get(row) ?? {};
      fields[TARGET_FIELD[target[2]!]!] ??= e;
      out.rows.set(row, fields);
    } else out.general.push(e);
  }
  return out;
}

/** A server refusal names its field at the start of the message: `targets[1].ownerUnit: …`. */
export function errorFromServer(code: string, message: string): DraftError {
  const m = /^((?:plan|targets\[\d+\])\.\w+|targets):/.exec(message);
  return { code: code as DraftError['code'], field: m ? m[1]! : '', message };
}

export interface Segment {
  start: number;
  end: number;
  /** Index of the candidate whose quantity this is, or null for plain text. */
  candidate: number | null;
  /** Inside the sentence of the active candidate. */
  inActive: boolean;
}

/** Cuts the text at every quantity and at the active sentence, so each piece renders one way. */
export function segments(text: string, candidates: readonly ImportCandidate[], active: number | null): Segment[] {
  const sentence = active === null ? undefined : candidates[active]?.sentenceSpan;
  const cuts = new Set([0, text.length]);
  for (const c of candidates) cuts.add(c.quantitySpan.start).add(c.quantitySpan.end);
  if (sentence) cuts.add(sentence.start).add(sentence.end);
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const byStart = [...candidates].sort((a, b) => a.quantitySpan.start - b.quantitySpan.start);
  const out: Segment[] = [];
  let k = 0;
  for (let i = 0; i + 1 < points.length; i += 1) {
    const start = points[i]!;
    const end = points[i + 1]!;
    while (k < byStart.length && byStart[k]!.quantitySpan.end <= start) k += 1;
    const c = byStart[k];
    const candidate = c && c.quantitySpan.start <= start && start < c.quantitySpan.end ? c.index : null;
    out.push({ start, end, candidate, inActive: !!sentence && start >= sentence.start && start < sentence.end });
  }
  return out;
}

/** A unit and everything under it, parents before children; all units when the root is not set. */
export function unitSubtree(units: readonly Unit[], root: string): Unit[] {
  if (!units.some((u) => u.code === root)) return [...units];
  const children = new Map<string | null, Unit[]>();
  for (const u of units) children.set(u.parentCode, [...(children.get(u.parentCode) ?? []), u]);
  const out: Unit[] = [];
  const walk = (u: Unit) => {
    out.push(u);
    for (const c of children.get(u.code) ?? []) walk(c);
  };
  walk(units.find((u) => u.code === root)!);
  return out;
}

/** Plans belong to a district or a 街道. */
export function planOwners(units: readonly Unit[]): Unit[] {
  const owners = units.filter((u) => u.kind === 'district' || u.kind === 'subdistrict');
  return owners.length > 0 ? owners : [...units];
}
