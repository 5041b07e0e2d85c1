import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CODE_PATTERN } from '../codes';

/**
 * Wall screens (issue 8): an admin defines a screen (a plan, a playlist of views and a
 * rotation interval); `/wall/<id>` shows it unattended in a command centre.
 */

export const SCREEN_VIEW_KINDS = ['overview', 'section', 'ranking', 'target', 'ticker', 'tiles', 'owed'] as const;
export type ScreenViewKind = (typeof SCREEN_VIEW_KINDS)[number];

export const MIN_ROTATION_SECONDS = 5;
export const MAX_ROTATION_SECONDS = 3_600;
export const MAX_SCREEN_VIEWS = 24;

const Code = (description: string) => Type.String({ pattern: CODE_PATTERN, description });

export const ScreenViewSchema = Type.Union([
  Type.Object({ kind: Type.Literal('overview') }, { additionalProperties: false, description: 'Plan overview: overall completion, status counts, sections' }),
  Type.Object({ kind: Type.Literal('section'), sectionId: Code('A section of the plan') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('ranking') }, { additionalProperties: false, description: 'Department ranking' }),
  Type.Object({ kind: Type.Literal('target'), target: Code('A target code of the plan') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('ticker') }, { additionalProperties: false, description: 'Live activity ticker' }),
  Type.Object({ kind: Type.Literal('tiles') }, { additionalProperties: false, description: 'Grid of status tiles, one per target' }),
  Type.Object({ kind: Type.Literal('owed') }, { additionalProperties: false, description: 'Units owing most reports (issue 17: GET /api/plans/:id/owed)' }),
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

export type ScreenCheck = { ok: true; value: ScreenInput } | { ok: false; code: 'invalid_screen'; field: string; message: string };

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
 * with the field named (`views[2].sectionId: …`). Whether the sections and targets exist
 * in the plan is the server's second check.
 */
export function checkScreenInput(raw: unknown): ScreenCheck {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, code: 'invalid_screen', field: '', message: 'a screen is a JSON object' };
  const body = raw as Record<string, unknown>;
  // Views first, one by one: a union's errors are unreadable, a view's kind is not.
  if (Array.isArray(body.views)) {
    for (const [i, v] of body.views.entries()) {
      if (Value.Check(ScreenViewSchema, v)) continue;
      const kind = v && typeof v === 'object' ? (v as { kind?: unknown }).kind : undefined;
      if (typeof kind !== 'string' || !(SCREEN_VIEW_KINDS as readonly string[]).includes(kind)) {
        return { ok: false, code: 'invalid_screen', field: `views[${i}].kind`, message: `views[${i}].kind: must be one of ${SCREEN_VIEW_KINDS.join(', ')}` };
      }
      const param = kind === 'section' ? 'sectionId' : kind === 'target' ? 'target' : null;
      const pv = param ? (v as Record<string, unknown>)[param] : undefined;
      if (param && (typeof pv !== 'string' || !new RegExp(CODE_PATTERN).test(pv))) {
        return { ok: false, code: 'invalid_screen', field: `views[${i}].${param}`, message: `views[${i}].${param}: a ${kind} view needs a ${param} code` };
      }
      const extra = Object.keys(v as object).find((k) => k !== 'kind' && k !== param);
      return { ok: false, code: 'invalid_screen', field: `views[${i}].${extra ?? 'kind'}`, message: `views[${i}].${extra ?? 'kind'}: unexpected field for a ${kind} view` };
    }
  }
  const first = Value.Errors(ScreenInputSchema, raw).First();
  if (first) {
    const field = fieldName(first.path) || (first.message.match(/property '?(\w+)/)?.[1] ?? '');
    return { ok: false, code: 'invalid_screen', field, message: `${field || 'screen'}: ${first.message}` };
  }
  return { ok: true, value: raw as ScreenInput };
}
