import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CODE_PATTERN } from '../codes';
import { ErrorBodySchema } from '../error-body';

/**
 * Wall screens (issue 8): an admin defines a screen (a plan, a playlist of views and a
 * rotation interval); `/wall/<id>` shows it unattended in a command centre. A view may stay
 * on screen for its own `dwellSeconds`, and the same kind may come back for another section,
 * unit or target (issue 18.11).
 */

export const SCREEN_VIEW_KINDS = ['overview', 'section', 'unit', 'ranking', 'target', 'ticker', 'tiles', 'owed'] as const;
export type ScreenViewKind = (typeof SCREEN_VIEW_KINDS)[number];

export const MIN_ROTATION_SECONDS = 5;
export const MAX_ROTATION_SECONDS = 3_600;
export const MAX_SCREEN_VIEWS = 24;
/**
 * A view's own dwell time (issue 18.11), whole seconds. Five seconds is the least a person
 * reads a number in; a view held longer than ten minutes is a still screen, which a one-view
 * playlist says better.
 */
export const MIN_DWELL_SECONDS = 5;
export const MAX_DWELL_SECONDS = 600;

const Code = (description: string) => Type.String({ pattern: CODE_PATTERN, description });
const Dwell = Type.Optional(
  Type.Integer({ minimum: MIN_DWELL_SECONDS, maximum: MAX_DWELL_SECONDS, description: "Seconds this view stays on screen; the screen's rotationSeconds when left out" }),
);

/** The view's parameter (what it shows one of), by kind; the kinds not named here take none. */
export const VIEW_PARAM = { section: 'sectionId', unit: 'unit', target: 'target' } as const satisfies Partial<Record<ScreenViewKind, string>>;

export const ScreenViewSchema = Type.Union([
  Type.Object({ kind: Type.Literal('overview'), dwellSeconds: Dwell }, { additionalProperties: false, description: 'Plan overview: overall completion, status counts, sections' }),
  Type.Object({ kind: Type.Literal('section'), sectionId: Code('A section of the plan'), dwellSeconds: Dwell }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('unit'), unit: Code('A unit owning targets of the plan'), dwellSeconds: Dwell },
    { additionalProperties: false, description: "One department's targets in the plan" },
  ),
  Type.Object({ kind: Type.Literal('ranking'), dwellSeconds: Dwell }, { additionalProperties: false, description: 'Department ranking' }),
  Type.Object({ kind: Type.Literal('target'), target: Code('A target code of the plan'), dwellSeconds: Dwell }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('ticker'), dwellSeconds: Dwell }, { additionalProperties: false, description: 'Live activity ticker' }),
  Type.Object({ kind: Type.Literal('tiles'), dwellSeconds: Dwell }, { additionalProperties: false, description: 'Grid of status tiles, one per target' }),
  Type.Object({ kind: Type.Literal('owed'), dwellSeconds: Dwell }, { additionalProperties: false, description: 'Units owing most reports (issue 17: GET /api/plans/:id/owed)' }),
]);
export type ScreenView = Static<typeof ScreenViewSchema>;

export const ScreenInputSchema = Type.Object(
  {
    id: Code('Screen id, used in /wall/<id>'),
    title: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
    planId: Code('The plan the screen shows'),
    rotationSeconds: Type.Integer({ minimum: MIN_ROTATION_SECONDS, maximum: MAX_ROTATION_SECONDS }),
    views: Type.Array(ScreenViewSchema, { minItems: 1, maxItems: MAX_SCREEN_VIEWS }),
  },
  { additionalProperties: false },
);
export type ScreenInput = Static<typeof ScreenInputSchema>;

export const ScreenSchema = Type.Composite([ScreenInputSchema, Type.Object({ createdAt: Type.String(), updatedAt: Type.String() })]);
export type Screen = Static<typeof ScreenSchema>;

/**
 * What is wrong with a screen, as a code with its numbers (session 5): the admin form says it
 * in the page's language from these (web/src/screens/messages.ts `scP_<problem>`), the API
 * answers the English `message` beside them. `view` is the playlist entry, counted from 1 as
 * people count; the field path (`views[2].sectionId`) counts from 0 as JSON does.
 * `unknown_*` are the server's second check, against the plan (screens/repository.ts);
 * `id_mismatch` is PUT's: the body names another screen than the path ({path}, {body}).
 */
export const SCREEN_PROBLEMS = [
  'not_object',
  'view_kind',
  'view_param',
  'view_dwell',
  'view_field',
  'id',
  'title',
  'plan',
  'rotation',
  'views_count',
  'field',
  'unknown_plan',
  'unknown_section',
  'unknown_unit',
  'unknown_target',
  'id_mismatch',
] as const;
export type ScreenProblem = (typeof SCREEN_PROBLEMS)[number];
export type ScreenProblemParams = Record<string, string | number>;

export type ScreenCheck =
  | { ok: true; value: ScreenInput }
  | { ok: false; code: 'invalid_screen'; field: string; problem: ScreenProblem; params: ScreenProblemParams; message: string };

/** 400 of POST/PUT /api/screens: the English sentence, and the field and problem with its numbers. */
export const ScreenRefusalSchema = Type.Composite([
  Type.Omit(ErrorBodySchema, ['$id']),
  Type.Object({
    field: Type.Optional(Type.String({ description: 'The field, as a JSON path: views[2].sectionId' })),
    problem: Type.Optional(Type.Union(SCREEN_PROBLEMS.map((p) => Type.Literal(p)))),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'The numbers of the problem: view (from 1), min, max, value…' })),
  }),
]);
export type ScreenRefusal = Static<typeof ScreenRefusalSchema>;

const refuse = (field: string, problem: ScreenProblem, params: ScreenProblemParams, message: string): ScreenCheck => ({
  ok: false,
  code: 'invalid_screen',
  field,
  problem,
  params,
  message,
});

/** The problem of a top-level field the schema refused. */
function topProblem(field: string): { problem: ScreenProblem; params: ScreenProblemParams } {
  if (field === 'id') return { problem: 'id', params: {} };
  if (field === 'title') return { problem: 'title', params: { max: 80 } };
  if (field === 'planId') return { problem: 'plan', params: {} };
  if (field === 'rotationSeconds') return { problem: 'rotation', params: { min: MIN_ROTATION_SECONDS, max: MAX_ROTATION_SECONDS } };
  if (field === 'views') return { problem: 'views_count', params: { max: MAX_SCREEN_VIEWS } };
  return { problem: 'field', params: { field } };
}

// Checked with TypeBox's interpreter, not its compiler: the admin form runs this under the
// app's CSP (script-src 'self', no 'unsafe-eval'), where compiled checks cannot run.

/** "/views/2/sectionId" → "views[2].sectionId" */
function fieldName(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

/**
 * The shape check of a screen, shared by the server and the admin form: the first problem,
 * with the field named (`views[2].sectionId: …`). Whether the sections, units and targets
 * belong to the plan is the server's second check.
 */
export function checkScreenInput(raw: unknown): ScreenCheck {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return refuse('', 'not_object', {}, 'a screen is a JSON object');
  const body = raw as Record<string, unknown>;
  // Views first, one by one: a union's errors are unreadable, a view's kind is not.
  if (Array.isArray(body.views)) {
    for (const [i, v] of body.views.entries()) {
      if (Value.Check(ScreenViewSchema, v)) continue;
      const kind = v && typeof v === 'object' ? (v as { kind?: unknown }).kind : undefined;
      const view = i + 1;
      if (typeof kind !== 'string' || !(SCREEN_VIEW_KINDS as readonly string[]).includes(kind)) {
        return refuse(`views[${i}].kind`, 'view_kind', { view }, `views[${i}].kind: must be one of ${SCREEN_VIEW_KINDS.join(', ')}`);
      }
      const param: string | null = (VIEW_PARAM as Record<string, string>)[kind] ?? null;
      const pv = param ? (v as Record<string, unknown>)[param] : undefined;
      if (param && (typeof pv !== 'string' || !new RegExp(CODE_PATTERN).test(pv))) {
        return refuse(`views[${i}].${param}`, 'view_param', { view, kind, param }, `views[${i}].${param}: a ${kind} view needs a ${param} code`);
      }
      const dwell = (v as Record<string, unknown>).dwellSeconds;
      if (dwell !== undefined && !(Number.isInteger(dwell) && (dwell as number) >= MIN_DWELL_SECONDS && (dwell as number) <= MAX_DWELL_SECONDS)) {
        return refuse(
          `views[${i}].dwellSeconds`,
          'view_dwell',
          { view, min: MIN_DWELL_SECONDS, max: MAX_DWELL_SECONDS },
          `views[${i}].dwellSeconds: whole seconds from ${MIN_DWELL_SECONDS} to ${MAX_DWELL_SECONDS} (left out: the screen's rotation interval)`,
        );
      }
      const extra = Object.keys(v as object).find((k) => k !== 'kind' && k !== param && k !== 'dwellSeconds');
      return refuse(`views[${i}].${extra ?? 'kind'}`, 'view_field', { view, kind, field: extra ?? 'kind' }, `views[${i}].${extra ?? 'kind'}: unexpected field for a ${kind} view`);
    }
  }
  const first = Value.Errors(ScreenInputSchema, raw).First();
  if (first) {
    const field = fieldName(first.path) || (first.message.match(/property '?(\w+)/)?.[1] ?? '');
    const { problem, params } = topProblem(field);
    return refuse(field, problem, params, `${field || 'screen'}: ${first.message}`);
  }
  return { ok: true, value: raw as ScreenInput };
}
