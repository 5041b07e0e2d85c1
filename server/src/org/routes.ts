import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { Type } from '@sinclair/typebox';
import type { Database } from '@luoshi/db';
import {
  CODE_PATTERN,
  CreateUnitBodySchema,
  EditRefusalSchema,
  MAX_ORG_IMPORT_ROWS,
  OrgImportBodySchema,
  OrgImportResultSchema,
  parseUnitKind,
  PatchUnitBodySchema,
  planOrgImport,
  unitProblems,
  UnitSchema,
  type FieldProblem,
  type OrgImportResult,
  type Unit,
  type UnitKind,
} from '@luoshi/shared';
import { audit } from '../auth/audit';
import { HttpError, notFound } from '../http/errors';
import { bodyJudgedByChecker, errorResponses, NoContent } from '../http/schemas';
import { announceChange } from '../plan-admin/live';
import { listUnits } from '../units/repository';

type Trx = Transaction<Database>;
const Params = Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) });
/** Refusals keep `problems` (each bad field) and `references` (what still uses a unit). */
const refusals = { ...errorResponses, 400: EditRefusalSchema, 409: EditRefusalSchema } as const;

function body(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new HttpError(400, 'invalid_request', 'the body must be a JSON object');
  return b as Record<string, unknown>;
}
const fieldsError = (problems: FieldProblem[]) => new HttpError(400, problems[0]!.code, problems[0]!.message, { problems });

/** What refers to a unit: counted for the refusal of a delete (and to know a code is "used"). */
export async function unitReferences(trx: Trx, code: string): Promise<Record<'children' | 'plans' | 'targets' | 'users' | 'tokens' | 'events', number>> {
  const count = async (q: Promise<{ n: string | number | bigint } | undefined>) => Number((await q)?.n ?? 0);
  const [children, plans, targets, users, tokens, events] = await Promise.all([
    count(trx.selectFrom('units').select((eb) => eb.fn.countAll<string>().as('n')).where('parent_code', '=', code).executeTakeFirst()),
    count(trx.selectFrom('plans').select((eb) => eb.fn.countAll<string>().as('n')).where('owner_unit', '=', code).executeTakeFirst()),
    count(trx.selectFrom('targets').select((eb) => eb.fn.countAll<string>().as('n')).where('owner_unit', '=', code).executeTakeFirst()),
    count(trx.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('unit_code', '=', code).executeTakeFirst()),
    count(trx.selectFrom('api_tokens').select((eb) => eb.fn.countAll<string>().as('n')).where('unit_code', '=', code).executeTakeFirst()),
    // Reports published for the unit, including refused ones (its history).
    count(trx.selectFrom('rejected_events').select((eb) => eb.fn.countAll<string>().as('n')).where('unit_code', '=', code).executeTakeFirst()),
  ]);
  return { children, plans, targets, users, tokens, events };
}

/** Would `parent` put `code` below itself? */
async function makesCycle(trx: Trx, code: string, parent: string): Promise<boolean> {
  const rows = await trx.selectFrom('units').select(['code', 'parent_code']).execute();
  const parentOf = new Map(rows.map((r) => [r.code, r.parent_code]));
  for (let at: string | null | undefined = parent; at; at = parentOf.get(at)) if (at === code) return true;
  return false;
}

/**
 * The organisation managed in the product (issue 16): add, rename, move, deactivate, delete
 * an unused unit, import an org chart. Codes never change (they are in NATS subjects, users,
 * tokens and every report); a unit is renamed instead. Scopes are read per request from the
 * units table, so a move takes effect at the next request; open sockets are re-scoped at once.
 */
export const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Bodies are checked field by field (unitProblems names each one), not by Ajv.
  const admin = { onRequest: app.requireRole('admin'), validatorCompiler: bodyJudgedByChecker };
  const tx = async <T>(reason: string, fn: (trx: Trx) => Promise<T>): Promise<T> => {
    const out = await app.db.transaction().execute(fn);
    await announceChange(app, reason);
    return out;
  };

  app.post('/api/units', { ...admin, schema: { tags: ['org'], summary: 'Add a unit ({code, name, kind, parentCode})', body: CreateUnitBodySchema, response: { 201: UnitSchema, ...refusals } } }, async (req, reply) => {
    const raw = body(req);
    const problems = unitProblems(raw, true);
    const kind = parseUnitKind(raw.kind);
    const parentCode = typeof raw.parentCode === 'string' && raw.parentCode.trim() ? raw.parentCode.trim() : null;
    if (problems.length === 0 && parentCode === null && kind !== 'district') problems.push({ field: 'parentCode', code: 'required', message: 'parentCode: only a 区 (district) has no parent' });
    if (problems.length) throw fieldsError(problems);
    const unit = await tx('unit added', async (trx) => {
      if (parentCode) {
        const p = await trx.selectFrom('units').select(['code', 'active']).where('code', '=', parentCode).executeTakeFirst();
        if (!p || !p.active) throw fieldsError([{ field: 'parentCode', code: 'invalid_code', message: `parentCode: no active unit ${parentCode}` }]);
      }
      const row = await trx
        .insertInto('units')
        .values({ code: raw.code as string, name: (raw.name as string).trim(), kind: kind!, parent_code: parentCode })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('code')
        .executeTakeFirst();
      if (!row) throw new HttpError(409, 'duplicate_unit', `code: a unit ${String(raw.code)} exists`, { problems: [{ field: 'code', code: 'duplicate_unit', message: `code: a unit ${String(raw.code)} exists` }] });
      const unit: Unit = { code: raw.code as string, name: (raw.name as string).trim(), kind: kind!, parentCode, active: true };
      await audit(trx, req.principal, req, { action: 'unit.create', subject: unit.code, detail: { ...unit } });
      return unit;
    });
    return reply.status(201).send(unit);
  });

  app.patch('/api/units/:code', { ...admin, schema: { tags: ['org'], summary: 'Rename, re-kind, move (parentCode) or (de)activate a unit; its code never changes', params: Params, body: PatchUnitBodySchema, response: { 200: UnitSchema, ...refusals } } }, async (req) => {
    const { code } = req.params;
    const raw = body(req);
    if ('code' in raw && raw.code !== code) throw fieldsError([{ field: 'code', code: 'invalid_code', message: `code: a unit's code never changes (it is in reports, users and tokens); rename it instead` }]);
    const unknown = Object.keys(raw).filter((k) => !['code', 'name', 'kind', 'parentCode', 'active'].includes(k));
    if (unknown.length) throw fieldsError(unknown.map((k) => ({ field: k, code: 'unknown_field', message: `${k}: not a field of a unit (name, kind, parentCode, active)` })));
    const problems = unitProblems(raw, false);
    if (problems.length) throw fieldsError(problems);
    return tx('unit changed', async (trx) => {
      const cur = await trx.selectFrom('units').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
      if (!cur) throw notFound(`no unit with code ${code}`);
      const next = {
        name: typeof raw.name === 'string' ? raw.name.trim() : cur.name,
        kind: 'kind' in raw ? parseUnitKind(raw.kind)! : cur.kind,
        parent_code: 'parentCode' in raw ? (typeof raw.parentCode === 'string' && raw.parentCode.trim() ? raw.parentCode.trim() : null) : cur.parent_code,
        active: typeof raw.active === 'boolean' ? raw.active : cur.active,
      };
      if (next.parent_code !== cur.parent_code) {
        if (next.parent_code === null && next.kind !== 'district') throw fieldsError([{ field: 'parentCode', code: 'required', message: 'parentCode: only a 区 (district) has no parent' }]);
        if (next.parent_code !== null) {
          const p = await trx.selectFrom('units').select(['code', 'active']).where('code', '=', next.parent_code).executeTakeFirst();
          if (!p || !p.active) throw fieldsError([{ field: 'parentCode', code: 'invalid_code', message: `parentCode: no active unit ${next.parent_code}` }]);
          if (await makesCycle(trx, code, next.parent_code)) throw fieldsError([{ field: 'parentCode', code: 'invalid_code', message: `parentCode: ${next.parent_code} is ${code} or below it` }]);
        }
      }
      if (cur.active && !next.active) {
        const kids = await trx.selectFrom('units').select('code').where('parent_code', '=', code).where('active', '=', true).execute();
        if (kids.length) throw new HttpError(409, 'unit_in_use', `unit ${code} has ${kids.length} active unit(s) below it (${kids.map((k) => k.code).join(', ')}); deactivate or move them first`, { references: { children: kids.length } });
      }
      await trx.updateTable('units').set(next).where('code', '=', code).execute();
      const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => cur[k as keyof typeof cur] !== v).map(([k, v]) => [k, [cur[k as keyof typeof cur], v]]));
      await audit(trx, req.principal, req, { action: 'unit.update', subject: code, detail: { changed } });
      const u: Unit = { code, name: next.name, kind: next.kind as Unit['kind'], parentCode: next.parent_code, active: next.active };
      return u;
    });
  });

  app.delete('/api/units/:code', { ...admin, schema: { tags: ['org'], summary: 'Delete a unit nothing refers to (else 409 unit_in_use with the counts; deactivate it instead)', params: Params, response: { 204: NoContent, ...refusals } } }, async (req, reply) => {
    const { code } = req.params;
    await tx('unit removed', async (trx) => {
      const cur = await trx.selectFrom('units').select('code').where('code', '=', code).forUpdate().executeTakeFirst();
      if (!cur) throw notFound(`no unit with code ${code}`);
      const refs = await unitReferences(trx, code);
      const used = Object.entries(refs).filter(([, n]) => n > 0);
      if (used.length) {
        throw new HttpError(409, 'unit_in_use', `unit ${code} is referred to by ${used.map(([k, n]) => `${n} ${k}`).join(', ')}; deactivate it instead`, { references: refs });
      }
      await trx.deleteFrom('units').where('code', '=', code).execute();
      await audit(trx, req.principal, req, { action: 'unit.delete', subject: code });
    });
    return reply.status(204).send(null);
  });

  app.post(
    '/api/units/import',
    { ...admin, schema: { tags: ['org'], summary: 'Import an org chart: {rows: [{code, name, parentCode, kind}], apply}; preview with row errors, applied only when every row is fine', body: OrgImportBodySchema, response: { 200: OrgImportResultSchema, ...refusals } } },
    async (req): Promise<OrgImportResult> => {
      const raw = body(req);
      if (!Array.isArray(raw.rows) || raw.rows.length === 0 || raw.rows.length > MAX_ORG_IMPORT_ROWS) {
        throw new HttpError(400, 'invalid_request', `rows: a list of 1 to ${MAX_ORG_IMPORT_ROWS} rows {code, name, parentCode, kind}`);
      }
      const rows = (raw.rows as unknown[]).map((r) => (r && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>) : {}));
      const preview = planOrgImport(rows, await listUnits(app.db));
      if (raw.apply !== true || preview.some((r) => r.action === 'error')) return { rows: preview, applied: false };
      return tx('organisation imported', async (trx) => {
        // Judge again inside the transaction against the units as they are now.
        const again = planOrgImport(rows, (await trx.selectFrom('units').select(['code', 'name', 'kind', 'parent_code as parentCode']).forUpdate().execute()) as Unit[]);
        if (again.some((r) => r.action === 'error')) return { rows: again, applied: false };
        // Parents first: insert creates without parents, then set every parent (the table may name parents later).
        // No row is an error here (checked just above), so every kind is one of UNIT_KINDS.
        const creates = again.filter((r) => r.action === 'create');
        if (creates.length) await trx.insertInto('units').values(creates.map((r) => ({ code: r.code, name: r.name, kind: r.kind as UnitKind, parent_code: null }))).execute();
        for (const r of again.filter((x) => x.action === 'create' || x.action === 'update')) {
          await trx.updateTable('units').set({ name: r.name, kind: r.kind as UnitKind, parent_code: r.parentCode }).where('code', '=', r.code).execute();
        }
        await audit(trx, req.principal, req, {
          action: 'unit.import',
          subject: null,
          detail: { created: creates.map((r) => r.code), updated: again.filter((r) => r.action === 'update').map((r) => r.code) },
        });
        return { rows: again, applied: true };
      });
    },
  );
};
