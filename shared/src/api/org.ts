import { isCode } from '../codes';
import { Type, type Static } from '@sinclair/typebox';
import { UNIT_KINDS, type Unit, type UnitKind } from '../domain/types';
import { FieldProblemSchema, type FieldProblem } from './plan-admin';
import { NullableString, StringEnum } from './schema';

/**
 * The organisation (issue 16): units added, renamed, moved and deactivated in the product,
 * and an org chart imported from a table (code, name, parent code, kind). Pure checks here,
 * shared by the server (which judges) and the web preview (which shows each row's problems).
 */

export const MAX_UNIT_NAME = 100;
export const MAX_ORG_IMPORT_ROWS = 2_000;

/** Chinese kind words a spreadsheet may use, besides the API's English ones. */
const KIND_WORDS: Record<string, UnitKind> = {
  区: 'district',
  街道: 'subdistrict',
  镇: 'subdistrict',
  科室: 'department',
  部门: 'department',
  居民区: 'neighbourhood',
  社区: 'neighbourhood',
  村: 'neighbourhood',
  网格: 'grid',
};

export function parseUnitKind(raw: unknown): UnitKind | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if ((UNIT_KINDS as readonly string[]).includes(s)) return s as UnitKind;
  return KIND_WORDS[s] ?? null;
}

export const UnitInputSchema = Type.Object({
  code: Type.String(),
  name: Type.String({ maxLength: MAX_UNIT_NAME }),
  kind: StringEnum(UNIT_KINDS, { description: 'Also accepted: 区, 街道, 镇, 科室, 部门, 居民区, 社区, 村, 网格' }),
  parentCode: NullableString({ description: 'Empty or null only for a 区 (district)' }),
});
export type UnitInput = Static<typeof UnitInputSchema>;

/** Body of POST /api/units (a new unit). */
export const CreateUnitBodySchema = UnitInputSchema;
/** Body of PATCH /api/units/:code: any of these; the code never changes. */
export const PatchUnitBodySchema = Type.Partial(Type.Composite([UnitInputSchema, Type.Object({ active: Type.Boolean() })]));

/** Field checks of one unit (a new one: every field; a change: the fields present). */
export function unitProblems(raw: Record<string, unknown>, complete: boolean): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (complete || 'code' in raw) {
    if (typeof raw.code !== 'string' || !isCode(raw.code)) out.push({ field: 'code', code: 'invalid_code', message: 'code: letters, digits, - and _ (at most 64)' });
  }
  if (complete || 'name' in raw) {
    if (typeof raw.name !== 'string' || raw.name.trim() === '') out.push({ field: 'name', code: 'required', message: 'name: a unit name is required' });
    else if (raw.name.length > MAX_UNIT_NAME) out.push({ field: 'name', code: 'too_long', message: `name: at most ${MAX_UNIT_NAME} characters` });
  }
  if (complete || 'kind' in raw) {
    if (parseUnitKind(raw.kind) === null) out.push({ field: 'kind', code: 'invalid_choice', message: `kind: one of ${UNIT_KINDS.join(', ')} (or 区, 街道, 科室, 居民区, 网格)` });
  }
  if (complete || 'parentCode' in raw) {
    const p = raw.parentCode;
    if (!(p === null || p === undefined || p === '' || (typeof p === 'string' && isCode(p.trim())))) out.push({ field: 'parentCode', code: 'invalid_code', message: 'parentCode: a unit code, or empty for the top' });
  }
  if ('active' in raw && typeof raw.active !== 'boolean') out.push({ field: 'active', code: 'invalid_choice', message: 'active: true or false' });
  return out;
}

/** One row of an org-chart import, as previewed: what it would do, or why it cannot. */
export const OrgImportRowSchema = Type.Object({
  row: Type.Integer({ description: '1-based row of the request' }),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  parentCode: NullableString(),
  action: StringEnum(['create', 'update', 'unchanged', 'error'] as const),
  problems: Type.Array(FieldProblemSchema),
});
export type OrgImportRow = Static<typeof OrgImportRowSchema>;

/** POST /api/units/import: rows of an org chart; applied only with `apply: true` and no row in error. */
export const OrgImportBodySchema = Type.Object({
  rows: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), parentCode: Type.Optional(NullableString()), kind: Type.String() }), {
    minItems: 1,
    maxItems: MAX_ORG_IMPORT_ROWS,
  }),
  apply: Type.Optional(Type.Boolean()),
});
export const OrgImportResultSchema = Type.Object({ rows: Type.Array(OrgImportRowSchema), applied: Type.Boolean() });
export type OrgImportResult = Static<typeof OrgImportResultSchema>;

/**
 * Judges an org chart against the existing units: each row creates a unit or updates an
 * existing one's name, kind or parent; parents may come later in the same table. Refused
 * rows say why (bad field, code twice, unknown parent, a cycle). Nothing is written unless
 * every row is fine (the server applies it in one transaction).
 */
export function planOrgImport(rows: readonly Record<string, unknown>[], existing: readonly Unit[]): OrgImportRow[] {
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const seen = new Map<string, number>();
  const parsed = rows.map((raw, i): OrgImportRow => {
    const norm = {
      code: typeof raw.code === 'string' ? raw.code.trim() : raw.code,
      name: typeof raw.name === 'string' ? raw.name.trim() : raw.name,
      kind: raw.kind,
      parentCode: typeof raw.parentCode === 'string' && raw.parentCode.trim() !== '' ? raw.parentCode.trim() : null,
    };
    const problems = unitProblems(norm, true);
    const code = typeof norm.code === 'string' ? norm.code : '';
    if (code && seen.has(code)) problems.push({ field: 'code', code: 'invalid_code', message: `code: ${code} is also on row ${seen.get(code)}` });
    if (code) seen.set(code, i + 1);
    return {
      row: i + 1,
      code,
      name: typeof norm.name === 'string' ? norm.name : '',
      kind: parseUnitKind(norm.kind) ?? String(norm.kind ?? ''),
      parentCode: norm.parentCode,
      action: 'error',
      problems,
    };
  });
  // The tree after the import: existing parents overridden by the table's.
  const parentOf = new Map<string, string | null>(existing.map((u) => [u.code, u.parentCode]));
  for (const r of parsed) if (r.code) parentOf.set(r.code, r.parentCode);
  for (const r of parsed) {
    if (r.parentCode !== null && !parentOf.has(r.parentCode)) {
      r.problems.push({ field: 'parentCode', code: 'invalid_code', message: `parentCode: no unit ${r.parentCode}, here or in the organisation` });
    } else if (r.parentCode === null && r.kind !== 'district') {
      r.problems.push({ field: 'parentCode', code: 'required', message: 'parentCode: only a 区 (district) has no parent' });
    }
    const path = new Set<string>([r.code]);
    for (let at = r.parentCode; at !== null && at !== undefined; at = parentOf.get(at) ?? null) {
      if (path.has(at)) {
        r.problems.push({ field: 'parentCode', code: 'invalid_code', message: `parentCode: ${r.parentCode} is below ${r.code} (a cycle)` });
        break;
      }
      path.add(at);
    }
    if (r.problems.length > 0) continue;
    const cur = byCode.get(r.code);
    r.action = !cur ? 'create' : cur.name === r.name && cur.kind === r.kind && cur.parentCode === r.parentCode ? 'unchanged' : 'update';
  }
  return parsed;
}
