import { Type, type Static } from '@sinclair/typebox';
import type { ValueError } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { isYmd } from '../calendar/ymd';
import { CODE_PATTERN } from '../codes';
import type { MeasureKind } from '../domain/types';
import { MAX_ABS_VALUE } from '../events/schema';
import type { Commitment } from '../extract/extract';
import { NullableNumber, NullableString, StringEnum, type Same } from './schema';

/**
 * Plan import (issue 10, review flow): the admin pastes a plan text, the server runs the shared
 * extractor, the admin reviews the candidates and publishes the accepted ones as a new draft plan.
 * One schema and one checker here serve Fastify (validation + OpenAPI) and the web form, so the
 * form can show the same error the server would give, field by field, before the round trip.
 */

export * from './plan-import-suggest';

/** Pasted plans are a few tens of thousands of characters; 200k leaves room for a whole year's report. */
export const MAX_IMPORT_TEXT = 200_000;
/** Target codes are `<planId>-NNN` and section ids `<planId>-Sn` (n ≤ 500): both stay within CODE_PATTERN's 64. */
export const MAX_IMPORT_TARGETS = 999;
export const MAX_PLAN_ID_LENGTH = 59;

/**
 * The id a new plan gets when none is given: `<owner>-<year the period starts>` (WL-2026), the
 * server adding -2, -3 … when that is taken. Shared so the import form can show it beforehand.
 */
export const planIdBase = (ownerUnit: string, periodStart: string): string =>
  `${ownerUnit}-${periodStart.slice(0, 4)}`.slice(0, MAX_PLAN_ID_LENGTH - 3);

export const ExtractRequestSchema = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: MAX_IMPORT_TEXT, description: 'Plan or report text, UTF-8' }) },
  { additionalProperties: false },
);
export type ExtractRequest = Static<typeof ExtractRequestSchema>;

/** Ratio targets refer to two other targets; they are set up after import, not from a sentence. */
export const IMPORT_MEASURE_KINDS = ['cumulative', 'reading', 'ceiling'] as const satisfies readonly MeasureKind[];
export type ImportMeasureKind = (typeof IMPORT_MEASURE_KINDS)[number];

const SpanSchema = Type.Object({ start: Type.Integer(), end: Type.Integer() }, { description: 'UTF-16 offsets, end exclusive' });
/** The extractor's Commitment (owned by shared/src/extract), described for the API. */
const CommitmentSchema = Type.Object({
  sentence: Type.String(),
  sentenceSpan: SpanSchema,
  quantityText: Type.String({ description: 'Number, 余/多, multiplier and unit as written: 1.57万人次' }),
  quantitySpan: SpanSchema,
  sectionPath: Type.Array(Type.String(), { description: 'Headings from outermost to innermost' }),
  verb: NullableString(),
  value: Type.Number(),
  upTo: NullableNumber({ description: 'Upper end of a range (3-5个)' }),
  unit: Type.String(),
  bound: Type.Object({
    words: Type.Array(Type.String()),
    comparison: StringEnum(['exactly', 'at-least', 'at-most', 'about', 'between']),
  }),
  deadline: NullableString(),
  confidence: Type.Number(),
  signals: Type.Array(Type.String(), { description: 'The scoring signals that fired' }),
});
const commitmentMatches: Same<Static<typeof CommitmentSchema>, Commitment> = true;
void commitmentMatches;

/** An extractor candidate as the review screen needs it: the extractor's own fields plus suggested defaults. */
export const ImportCandidateSchema = Type.Composite([
  CommitmentSchema,
  Type.Object({
    /** Position in document order; stable for one extraction. */
    index: Type.Integer({ description: 'Position in document order' }),
    suggestedTitle: Type.String(),
    suggestedMeasureKind: StringEnum(IMPORT_MEASURE_KINDS),
    suggestedOwner: NullableString({ description: 'The department the plan names for it (责任单位:…), as written; null when it names none' }),
  }),
]);
export type ImportCandidate = Static<typeof ImportCandidateSchema>;

export const ExtractResponseSchema = Type.Object({ candidates: Type.Array(ImportCandidateSchema) });
export type ExtractResponse = Static<typeof ExtractResponseSchema>;

const DateSchema = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
/** A title must have something besides spaces. */
const TitleSchema = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const UnitCodeSchema = Type.String({ pattern: CODE_PATTERN, description: 'Unit code, see GET /api/units' });

export const PlanDraftSchema = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        pattern: CODE_PATTERN,
        maxLength: MAX_PLAN_ID_LENGTH,
        description: 'Plan id; generated when absent',
      }),
    ),
    title: TitleSchema(200),
    ownerUnit: UnitCodeSchema,
    periodStart: DateSchema('First day of the plan, YYYY-MM-DD'),
    periodEnd: DateSchema('Last day of the plan, YYYY-MM-DD'),
  },
  { additionalProperties: false },
);
export type PlanDraft = Static<typeof PlanDraftSchema>;

export const SectionDraftSchema = Type.Object(
  {
    key: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Client key, referred to by parentKey and targets[].sectionKey',
    }),
    parentKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    label: Type.String({ maxLength: 20, description: 'Heading marker as written: 一、 （一） 1、' }),
    title: TitleSchema(300),
  },
  { additionalProperties: false },
);
export type SectionDraft = Static<typeof SectionDraftSchema>;

export const TargetDraftSchema = Type.Object(
  {
    title: TitleSchema(300),
    uom: Type.String({
      minLength: 1,
      maxLength: 16,
      pattern: '\\S',
      description: 'Unit of measure: 平方米, 个, 人, % …',
    }),
    targetValue: Type.Number({ exclusiveMinimum: 0, maximum: MAX_ABS_VALUE }),
    ownerUnit: UnitCodeSchema,
    dueDate: DateSchema('Within the plan period'),
    startDate: Type.Optional(DateSchema('Defaults to the start of the plan period')),
    measureKind: Type.Optional(
      Type.Union(
        IMPORT_MEASURE_KINDS.map((k) => Type.Literal(k)),
        { description: 'Defaults to cumulative' },
      ),
    ),
    sectionKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    sourceSentence: Type.Optional(
      Type.String({
        maxLength: 2000,
        description:
          'The sentence the target came from; stored with the target for traceability.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TargetDraft = Static<typeof TargetDraftSchema>;

export const PublishPlanRequestSchema = Type.Object(
  {
    plan: PlanDraftSchema,
    sections: Type.Optional(Type.Array(SectionDraftSchema, { maxItems: 500 })),
    targets: Type.Array(TargetDraftSchema, { minItems: 1, maxItems: MAX_IMPORT_TARGETS }),
  },
  { additionalProperties: false },
);
export type PublishPlanRequest = Static<typeof PublishPlanRequestSchema>;

export const PublishPlanResponseSchema = Type.Object({
  id: Type.String(),
  status: Type.Literal('draft'),
  targetCodes: Type.Array(Type.String()),
  sectionIds: Type.Array(Type.String()),
});
export type PublishPlanResponse = Static<typeof PublishPlanResponseSchema>;

/** Why a draft is refused. unknown_unit onwards need the database, so only the server gives them. */
export const PLAN_IMPORT_ERROR_CODES = [
  'invalid_request',
  'empty_title',
  'invalid_target_value',
  'invalid_date',
  'invalid_period',
  'due_outside_period',
  'start_outside_period',
  'no_targets',
  'unknown_section',
  'unknown_unit',
  'duplicate_plan',
  'duplicate_code',
  'plan_not_found',
  'plan_not_draft',
  'too_many_targets',
] as const;
export type PlanImportErrorCode = (typeof PLAN_IMPORT_ERROR_CODES)[number];

export interface DraftError {
  code: PlanImportErrorCode;
  /** Where, as a reader writes it: `plan.title`, `targets[2].dueDate`. */
  field: string;
  message: string;
}

/**
 * Checked by the interpreting `Value` API, not `TypeCompiler`: the web app's import page runs
 * this too, under a CSP without 'unsafe-eval' (compiling would call `new Function`). A plan
 * is published rarely; the interpreter's speed is ample.
 */
const check = {
  Check: (raw: unknown) => Value.Check(PublishPlanRequestSchema, raw),
  Errors: (raw: unknown) => Value.Errors(PublishPlanRequestSchema, raw),
};

/** `/targets/2/dueDate` → `targets[2].dueDate` */
export function fieldOf(path: string): string {
  return path
    .split('/')
    .filter((p) => p !== '')
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc === '' ? p : `${acc}.${p}`), '');
}

function schemaError(e: ValueError): DraftError {
  const field = fieldOf(e.path);
  const name = field.split('.').pop() ?? '';
  const leaf = name.replace(/\[\d+\]$/, '');
  const err = (code: PlanImportErrorCode, text: string): DraftError => ({ code, field, message: `${field}: ${text}` });
  if (leaf === 'title' && typeof e.value === 'string' && e.value.trim() === '')
    return err('empty_title', 'must not be empty');
  if (leaf === 'targetValue')
    return err('invalid_target_value', `must be a finite number above 0 and at most ${MAX_ABS_VALUE}`);
  if (leaf === 'ownerUnit') return err('unknown_unit', `no unit with code ${JSON.stringify(e.value)}`);
  if (leaf === 'targets' && Array.isArray(e.value) && e.value.length === 0)
    return err('no_targets', 'accept at least one target');
  if (/^(periodStart|periodEnd|dueDate|startDate)$/.test(leaf)) return err('invalid_date', 'must be a date YYYY-MM-DD');
  return { code: 'invalid_request', field: field || 'body', message: `${field || 'body'}: ${e.message}` };
}

/**
 * Every problem of a draft that can be seen without the database, one per field, in order.
 * Empty means the draft is well-formed; the server then checks units and ids.
 */
export function planDraftErrors(raw: unknown): DraftError[] {
  if (!check.Check(raw)) {
    const seen = new Set<string>();
    const out: DraftError[] = [];
    for (const e of check.Errors(raw)) {
      const d = schemaError(e);
      if (seen.has(d.field)) continue;
      seen.add(d.field);
      out.push(d);
    }
    return out;
  }
  return ruleErrors(raw);
}

/** The rules a JSON schema cannot say: real calendar dates, dates inside the period, section references. */
function ruleErrors(req: PublishPlanRequest): DraftError[] {
  const out: DraftError[] = [];
  const push = (code: PlanImportErrorCode, field: string, text: string) =>
    out.push({ code, field, message: `${field}: ${text}` });
  const { plan } = req;
  const startOk = isYmd(plan.periodStart);
  const endOk = isYmd(plan.periodEnd);
  if (!startOk) push('invalid_date', 'plan.periodStart', `${plan.periodStart} is not a calendar date`);
  if (!endOk) push('invalid_date', 'plan.periodEnd', `${plan.periodEnd} is not a calendar date`);
  const periodOk = startOk && endOk && plan.periodStart <= plan.periodEnd;
  if (startOk && endOk && !periodOk)
    push(
      'invalid_period',
      'plan.periodEnd',
      `the period ends (${plan.periodEnd}) before it starts (${plan.periodStart})`,
    );

  const keys = new Set<string>();
  (req.sections ?? []).forEach((s, i) => {
    if (keys.has(s.key)) push('invalid_request', `sections[${i}].key`, `duplicate key ${JSON.stringify(s.key)}`);
    else if (s.parentKey !== undefined && !keys.has(s.parentKey))
      push('unknown_section', `sections[${i}].parentKey`, `no earlier section with key ${JSON.stringify(s.parentKey)}`);
    keys.add(s.key);
  });

  const period = `${plan.periodStart}..${plan.periodEnd}`;
  req.targets.forEach((t, i) => {
    const at = `targets[${i}]`;
    if (!isYmd(t.dueDate)) push('invalid_date', `${at}.dueDate`, `${t.dueDate} is not a calendar date`);
    else if (periodOk && (t.dueDate < plan.periodStart || t.dueDate > plan.periodEnd))
      push('due_outside_period', `${at}.dueDate`, `${t.dueDate} is outside the plan period ${period}`);
    if (t.startDate !== undefined) {
      if (!isYmd(t.startDate)) push('invalid_date', `${at}.startDate`, `${t.startDate} is not a calendar date`);
      else if (periodOk && (t.startDate < plan.periodStart || t.startDate > plan.periodEnd))
        push('start_outside_period', `${at}.startDate`, `${t.startDate} is outside the plan period ${period}`);
      else if (isYmd(t.dueDate) && t.startDate > t.dueDate)
        push('invalid_date', `${at}.startDate`, `${t.startDate} is after the due date ${t.dueDate}`);
    }
    if (t.sectionKey !== undefined && !keys.has(t.sectionKey))
      push('unknown_section', `${at}.sectionKey`, `no section with key ${JSON.stringify(t.sectionKey)}`);
  });
  return out;
}

export type DraftCheck =
  { ok: true; draft: PublishPlanRequest } | { ok: false; error: DraftError; errors: DraftError[] };

/**
 * Candidates added to an existing draft plan (`POST /api/plans/:id/import`): new sections and
 * targets only; the plan's own fields stay as they are. Checked against that plan by
 * checkAppendDraft, so the period rules and error codes are the ones publishing uses.
 */
export const AppendTargetsRequestSchema = Type.Object(
  {
    sections: Type.Optional(Type.Array(SectionDraftSchema, { maxItems: 500 })),
    targets: Type.Array(TargetDraftSchema, { minItems: 1, maxItems: MAX_IMPORT_TARGETS }),
  },
  { additionalProperties: false },
);
export type AppendTargetsRequest = Static<typeof AppendTargetsRequestSchema>;
export type AppendTargetsResponse = PublishPlanResponse;

/** An append judged as the draft it makes with the plan's stored fields: `targets[i].dueDate` outside its period, … */
export function checkAppendDraft(raw: unknown, plan: PlanDraft): DraftCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || 'plan' in raw) {
    const error: DraftError = {
      code: 'invalid_request',
      field: 'body',
      message: 'body: an object with targets (and optional sections); the plan itself is not changed here',
    };
    return { ok: false, error, errors: [error] };
  }
  return checkPlanDraft({ ...raw, plan });
}

export function checkPlanDraft(raw: unknown): DraftCheck {
  const errors = planDraftErrors(raw);
  const [first] = errors;
  return first ? { ok: false, error: first, errors } : { ok: true, draft: raw as PublishPlanRequest };
}
