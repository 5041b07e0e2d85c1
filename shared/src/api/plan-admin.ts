import { isCode } from '../codes';
import { isYmd } from '../calendar/ymd';
import { MAX_ABS_VALUE } from '../events/schema';
import { Type, type Static } from '@sinclair/typebox';
import { ErrorBodySchema } from '../error-body';
import { MEASURE_KINDS, MilestoneSchema, PLAN_STATUSES, PlanSectionSchema, UNIT_KINDS } from '../domain/types';
import { NullableString, StringEnum } from './schema';

/**
 * Plan editing and adjustment (issue 16): the shapes both the server (which judges) and
 * the web editor (which shows each problem beside its field, in Chinese) use. A problem
 * names the field and a stable code; the message is the English sentence of the API.
 */

export const FIELD_CODES = [
  'required',
  'invalid_number',
  'out_of_range',
  'invalid_date',
  'invalid_code',
  'too_long',
  'invalid_choice',
  'invalid_milestones',
  'date_order',
  'unknown_field',
] as const;
export type FieldCode = (typeof FIELD_CODES)[number];
export const FieldProblemSchema = Type.Object({ field: Type.String(), code: StringEnum(FIELD_CODES), message: Type.String() });
export type FieldProblem = Static<typeof FieldProblemSchema>;

/** The editable fields of a target, as the API names them. */
export const TargetFieldsSchema = Type.Object({
  title: Type.String(),
  sectionId: NullableString(),
  ownerUnit: Type.String(),
  measureKind: Type.String({ description: `One of ${MEASURE_KINDS.join(', ')}` }),
  uom: Type.String(),
  baseline: Type.Number(),
  targetValue: Type.Number(),
  direction: StringEnum(['up', 'down'] as const),
  startDate: Type.String({ description: 'YYYY-MM-DD' }),
  dueDate: Type.String({ description: 'YYYY-MM-DD' }),
  weight: Type.Number(),
  milestones: Type.Array(MilestoneSchema),
  reportingIntervalDays: Type.Integer(),
  ratioNumerator: NullableString(),
  ratioDenominator: NullableString(),
});
export type TargetFields = Static<typeof TargetFieldsSchema>;
export type TargetField = keyof TargetFields;
export const TARGET_FIELDS: readonly TargetField[] = [
  'title',
  'sectionId',
  'ownerUnit',
  'measureKind',
  'uom',
  'baseline',
  'targetValue',
  'direction',
  'startDate',
  'dueDate',
  'weight',
  'milestones',
  'reportingIntervalDays',
  'ratioNumerator',
  'ratioDenominator',
];

/**
 * Fields whose change in a published plan is an adjustment (调整): it needs a reason and
 * leaves a history row. Every other change to a published target needs a reason too (it is
 * audited and kept in the same history), so "why" is never lost.
 */
export const ADJUSTED_FIELDS: readonly TargetField[] = ['targetValue', 'dueDate', 'baseline', 'weight', 'milestones'];

export const MAX_REASON = 500;
const MAX_TITLE = 300;

const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function one(field: string, v: unknown): FieldProblem | null {
  const bad = (code: FieldCode, message: string): FieldProblem => ({ field, code, message: `${field}: ${message}` });
  switch (field as TargetField) {
    case 'title':
      if (!str(v) || v.trim() === '') return bad('required', 'a title is required');
      return v.length > MAX_TITLE ? bad('too_long', `at most ${MAX_TITLE} characters`) : null;
    case 'uom':
      if (!str(v) || v.trim() === '') return bad('required', 'a unit of measure (人, 个, % …) is required');
      return v.length > 16 ? bad('too_long', 'at most 16 characters') : null;
    case 'sectionId':
    case 'ratioNumerator':
    case 'ratioDenominator':
      return v === null || (str(v) && isCode(v)) ? null : bad('invalid_code', 'a code of letters, digits, - and _ (or null)');
    case 'ownerUnit':
      return str(v) && isCode(v) ? null : bad('invalid_code', 'a unit code is required');
    case 'measureKind':
      return str(v) && (MEASURE_KINDS as readonly string[]).includes(v) ? null : bad('invalid_choice', `one of ${MEASURE_KINDS.join(', ')}`);
    case 'direction':
      return v === 'up' || v === 'down' ? null : bad('invalid_choice', 'up or down');
    case 'baseline':
      if (!num(v)) return bad('invalid_number', 'a number is required');
      return Math.abs(v) > MAX_ABS_VALUE ? bad('out_of_range', `at most ${MAX_ABS_VALUE} in size`) : null;
    case 'targetValue':
      if (!num(v)) return bad('invalid_number', 'a number is required');
      return v < 0 || v > MAX_ABS_VALUE ? bad('out_of_range', `between 0 and ${MAX_ABS_VALUE}`) : null;
    case 'weight':
      if (!num(v)) return bad('invalid_number', 'a number is required');
      return v <= 0 || v > 1000 ? bad('out_of_range', 'more than 0 and at most 1000') : null;
    case 'reportingIntervalDays':
      if (!num(v) || !Number.isInteger(v)) return bad('invalid_number', 'a whole number of days is required');
      return v < 1 || v > 366 ? bad('out_of_range', 'between 1 and 366 days') : null;
    case 'startDate':
    case 'dueDate':
      return str(v) && isYmd(v) ? null : bad('invalid_date', 'a date YYYY-MM-DD is required');
    case 'milestones':
      if (!Array.isArray(v) || v.length > 24) return bad('invalid_milestones', 'a list of at most 24 {date, value}');
      for (const m of v as unknown[]) {
        const o = m as { date?: unknown; value?: unknown } | null;
        if (!o || typeof o !== 'object' || !str(o.date) || !isYmd(o.date) || !num(o.value) || Math.abs(o.value) > MAX_ABS_VALUE) {
          return bad('invalid_milestones', 'each milestone is {date: YYYY-MM-DD, value: number}');
        }
      }
      return null;
    default:
      return bad('unknown_field', 'not a field of a target');
  }
}

/**
 * Checks the fields present in `raw` (a patch) or all of them (`complete`, a new target).
 * `version`, `reason` and `code` are the request's own and are not judged here.
 */
export function targetFieldProblems(raw: Record<string, unknown>, complete: boolean): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'version' || k === 'reason' || k === 'code') continue;
    const p = one(k, v);
    if (p) out.push(p);
  }
  if (complete) {
    for (const f of ['title', 'ownerUnit', 'uom', 'targetValue', 'dueDate'] as const) {
      if (!(f in raw)) out.push({ field: f, code: 'required', message: `${f}: required for a new target` });
    }
  }
  const s = raw.startDate;
  const d = raw.dueDate;
  if (str(s) && str(d) && isYmd(s) && isYmd(d) && s > d) out.push({ field: 'dueDate', code: 'date_order', message: `dueDate: ${d} is before startDate ${s}` });
  return out;
}

/** A reason for an adjustment: required, trimmed, bounded. */
export function reasonProblem(raw: unknown): FieldProblem | null {
  if (!str(raw) || raw.trim() === '') return { field: 'reason', code: 'required', message: 'reason: a published plan is adjusted with a reason (调整原因)' };
  return raw.length > MAX_REASON ? { field: 'reason', code: 'too_long', message: `reason: at most ${MAX_REASON} characters` } : null;
}

/** What a plan still lacks before it can be published; [] when complete. */
export const PublishGapSchema = Type.Object({ target: NullableString(), field: Type.String(), message: Type.String() });
export type PublishGap = Static<typeof PublishGapSchema>;

export function publishGaps(
  plan: { periodStart: string; periodEnd: string },
  targets: { code: string; ownerUnit: string | null; targetValue: number | null; dueDate: string | null; status?: string }[],
  activeUnits: ReadonlySet<string>,
): PublishGap[] {
  const gaps: PublishGap[] = [];
  if (targets.length === 0) gaps.push({ target: null, field: 'targets', message: 'the plan has no targets' });
  for (const t of targets) {
    if (!t.ownerUnit) gaps.push({ target: t.code, field: 'ownerUnit', message: `target ${t.code} has no owner unit` });
    else if (!activeUnits.has(t.ownerUnit)) gaps.push({ target: t.code, field: 'ownerUnit', message: `target ${t.code}: owner unit ${t.ownerUnit} is deactivated` });
    if (t.targetValue === null || !(t.targetValue > 0)) gaps.push({ target: t.code, field: 'targetValue', message: `target ${t.code} has no target value` });
    if (!t.dueDate) gaps.push({ target: t.code, field: 'dueDate', message: `target ${t.code} has no due date` });
    else if (t.dueDate < plan.periodStart || t.dueDate > plan.periodEnd) {
      gaps.push({ target: t.code, field: 'dueDate', message: `target ${t.code}: due ${t.dueDate} is outside the plan period ${plan.periodStart}..${plan.periodEnd}` });
    }
  }
  return gaps;
}

/** One row of a target's adjustment history (GET /api/targets/:code/changes). */
export const TargetAdjustmentSchema = Type.Object({
  id: Type.Integer(),
  field: Type.String(),
  oldValue: Type.Unknown(),
  newValue: Type.Unknown(),
  reason: Type.String(),
  actorName: NullableString(),
  changedAt: Type.String(),
});
export type TargetAdjustment = Static<typeof TargetAdjustmentSchema>;

/** Unit kinds, re-exported for the organisation forms. */
export const ORG_UNIT_KINDS = UNIT_KINDS;

/** Shifts a YYYY-MM-DD date by whole years (29 Feb → 28 Feb in a common year). */
export function shiftYears(ymd: string, years: number): string {
  const y = Number(ymd.slice(0, 4)) + years;
  const md = ymd.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/**
 * Next year's target value when carrying over: the new commitment plus what is left of
 * this one (never negative; `down` targets carry nothing, their value is a ceiling).
 */
export function carriedValue(t: { targetValue: number; current: number; direction: string; measureKind: string }): number {
  if (t.direction !== 'up' || t.measureKind !== 'cumulative') return t.targetValue;
  return t.targetValue + Math.max(0, t.targetValue - t.current);
}

/** A plan as the editor reads it: its version travels with every change. */
export const EditablePlanSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  ownerUnit: Type.String(),
  periodStart: Type.String({ description: 'YYYY-MM-DD' }),
  periodEnd: Type.String({ description: 'YYYY-MM-DD' }),
  status: StringEnum(PLAN_STATUSES),
  version: Type.Integer(),
});
export type EditablePlan = Static<typeof EditablePlanSchema>;

/** A target as the editor reads and writes it. */
export const EditableTargetSchema = Type.Composite([
  TargetFieldsSchema,
  Type.Object({
    code: Type.String(),
    planId: Type.String(),
    lifecycle: StringEnum(['active', 'cancelled'] as const),
    cancelReason: NullableString(),
    version: Type.Integer(),
    eventCount: Type.Integer(),
  }),
]);
export type EditableTarget = Static<typeof EditableTargetSchema>;

/** GET /api/plans/:id/edit: what the plan editor shows. */
export const PlanEditViewSchema = Type.Object({
  plan: EditablePlanSchema,
  sections: Type.Array(PlanSectionSchema),
  targets: Type.Array(EditableTargetSchema),
  /** What publishing would still refuse ([] when complete); empty for non-drafts. */
  gaps: Type.Array(PublishGapSchema, { description: 'What publishing would still refuse; [] when complete or not a draft' }),
});
export type PlanEditView = Static<typeof PlanEditViewSchema>;

/** GET /api/targets/:code/changes */
export const TargetChangesSchema = Type.Object({
  target: Type.String(),
  lifecycle: Type.String(),
  cancelReason: NullableString(),
  changes: Type.Array(TargetAdjustmentSchema),
});
export type TargetChanges = Static<typeof TargetChangesSchema>;

/** 201 of POST /api/plans/:id/rollover: the new draft and the codes of its targets. */
export const RolloverResultSchema = Type.Object({ id: Type.String(), targetCodes: Type.Array(Type.String()) });
export type RolloverResult = Static<typeof RolloverResultSchema>;

/**
 * A refusal of an editing route: the shared `{code, message}` plus what names the problem —
 * `problems` (each bad field), `missing` (what publishing lacks), `references` (what still
 * refers to a thing being removed, counted by kind), `currentVersion` (a stale edit). Routes
 * declare it for 400 and 409 so the serialiser keeps these fields.
 */
export const EditRefusalSchema = Type.Composite([
  Type.Omit(ErrorBodySchema, ['$id']),
  Type.Object({
    problems: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }))),
    missing: Type.Optional(Type.Array(PublishGapSchema)),
    references: Type.Optional(Type.Record(Type.String(), Type.Integer())),
    currentVersion: Type.Optional(Type.Integer()),
  }),
]);
export type EditRefusal = Static<typeof EditRefusalSchema>;

/** Query of the DELETE routes: the version the client last read. */
export const VersionQuerySchema = Type.Object({ version: Type.Integer({ minimum: 0 }) });

/*
 * Request bodies of the editing routes. They document the request (OpenAPI); the server
 * judges a body with the shared field checks above, which name every bad field, so these
 * schemas are never what refuses a request.
 */
const Version = Type.Integer({ minimum: 0, description: 'The version last read; a stale one is 409 stale_version with currentVersion' });
const Reason = Type.String({ maxLength: MAX_REASON, description: '调整原因: required for changes to a published plan' });

export const CreatePlanBodySchema = Type.Object({
  id: Type.Optional(Type.String({ description: 'Plan id (code); generated when left out' })),
  title: Type.String(),
  ownerUnit: Type.String(),
  periodStart: Type.String({ description: 'YYYY-MM-DD' }),
  periodEnd: Type.String({ description: 'YYYY-MM-DD' }),
});
export const PatchPlanBodySchema = Type.Composite([Type.Partial(Type.Omit(CreatePlanBodySchema, ['id'])), Type.Object({ version: Version })]);
export const VersionBodySchema = Type.Object({ version: Version });
export const RolloverBodySchema = Type.Object({
  id: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  carryRemaining: Type.Optional(Type.Boolean({ description: 'Add what is left of each cumulative up target to next year’s value' })),
});
export const SectionBodySchema = Type.Object({
  label: Type.String(),
  title: Type.String(),
  parentId: Type.Optional(NullableString()),
  ordinal: Type.Optional(Type.Integer()),
});
export const PatchSectionBodySchema = Type.Partial(SectionBodySchema);
export const CreateTargetBodySchema = Type.Composite([
  Type.Partial(TargetFieldsSchema),
  Type.Object({ code: Type.Optional(Type.String()), reason: Type.Optional(Reason) }),
]);
export const PatchTargetBodySchema = Type.Composite([Type.Partial(TargetFieldsSchema), Type.Object({ version: Version, reason: Type.Optional(Reason) })]);
export const CancelTargetBodySchema = Type.Object({ version: Version, reason: Reason });
