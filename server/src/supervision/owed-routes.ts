import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CODE_PATTERN, isYmd, OwedByUnitResponseSchema, OwedResponseSchema, sumTimeliness, type UnitOwed } from '@luoshi/shared';
import { readScope, refuseUnit, who } from '../auth/access';
import { forbidden } from '../auth/plugin';
import { notFound } from '../http/errors';
import { errorResponses } from '../http/schemas';
import { badQuery, single } from '../http/query';
import type { ReadRouteOptions } from '../targets/routes';
import { chinaToday } from '../targets/state';
import { unitSubtree } from '../units/repository';
import { judgeTargets, loadCycleTargets, owedItem, sortOwed, type Judged } from './data';
import { wholePlan } from './subject';

/** `?asOf=YYYY-MM-DD` (China date, not after today), default today. */
export function asOfParam(query: unknown, today: string, name = 'asOf'): string {
  const v = single(query, name);
  if (v === undefined) return today;
  if (!isYmd(v)) throw badQuery(`query parameter "${name}" must be a real date YYYY-MM-DD (China time), not ${JSON.stringify(v.slice(0, 40))}`);
  if (v > today) throw badQuery(`query parameter "${name}" (${v}) is after today (${today}): the future has not been reported yet`);
  return v;
}

/** Per unit: owing targets, most missing cycles first. */
export function owedByUnit(judged: readonly Judged[], names: ReadonlyMap<string, string>, asOf: string): UnitOwed[] {
  const by = new Map<string, Judged[]>();
  for (const j of judged) by.set(j.target.ownerUnit, [...(by.get(j.target.ownerUnit) ?? []), j]);
  return [...by.entries()]
    .map(([unit, js]) => {
      const items = sortOwed(js.map((j) => owedItem(j, asOf)).filter((x) => x !== null));
      const missing = items.filter((i) => i.outcome === 'missing');
      return {
        unit,
        name: names.get(unit) ?? unit,
        owingTargets: missing.length,
        missingCycles: missing.reduce((s, i) => s + i.missingCycles, 0),
        timeliness: sumTimeliness(js.map((j) => j.timeliness)),
        items,
      };
    })
    .sort((a, b) => b.missingCycles - a.missingCycles || b.owingTargets - a.owingTargets || (a.unit < b.unit ? -1 : 1));
}

const AsOfQuery = Type.Object({ asOf: Type.Optional(Type.String({ description: 'China date YYYY-MM-DD, not after today; default today' })) });

/**
 * Issue 17: what is owed. 我的待报 for reporters, per unit for leaders, per plan for the
 * wall screen (units owing most). Statuses of cycles: shared/src/supervision/owed.ts.
 */
export const owedRoutes: FastifyPluginAsyncTypebox<ReadRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());

  async function unitNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await app.db.selectFrom('units').select(['code', 'name']).where('code', 'in', [...codes]).execute();
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  app.get(
    '/api/me/owed',
    {
      schema: {
        tags: ['supervision'],
        summary: '我的待报: the reports my unit owes now (oldest missing cycle per target, else the next due), most overdue first',
        querystring: AsOfQuery,
        response: { 200: OwedResponseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const p = who(req);
      if (p.role !== 'staff' && p.role !== 'admin') throw forbidden('我的待报 is for those who report (staff); leaders use /api/units/:code/owed');
      const asOf = asOfParam(req.query, chinaToday(now()));
      const targets = await loadCycleTargets(app.db, p.role === 'staff' ? { units: [p.unitCode ?? ''] } : {});
      const judged = await judgeTargets(app.db, targets, asOf);
      return { asOf, items: sortOwed(judged.map((j) => owedItem(j, asOf)).filter((x) => x !== null)) };
    },
  );

  app.get(
    '/api/units/:code/owed',
    {
      schema: {
        tags: ['supervision'],
        summary: 'What the unit and the units below it owe: per unit the count of owing targets and missing cycles, 报送及时率, then the targets',
        params: Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) }),
        querystring: AsOfQuery,
        response: { 200: OwedByUnitResponseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { code } = req.params;
      const p = who(req);
      if (p.role === 'screen') throw forbidden('screens read owed reports per plan (/api/plans/:id/owed)');
      const sub = await unitSubtree(app.db, code);
      if (sub.length === 0) throw notFound(`no unit with code ${code}`);
      if (!(await readScope(app.db, p)).unit(code)) refuseUnit('unit', code);
      const asOf = asOfParam(req.query, chinaToday(now()));
      const judged = await judgeTargets(app.db, await loadCycleTargets(app.db, { units: sub.map((u) => u.code) }), asOf);
      return { asOf, units: owedByUnit(judged, new Map(sub.map((u) => [u.code, u.name])), asOf) };
    },
  );

  app.get(
    '/api/plans/:id/owed',
    {
      schema: {
        tags: ['supervision'],
        summary: "A plan's owed reports per unit, units owing most first (leaders' meeting view and the wall screen)",
        params: Type.Object({ id: Type.String({ pattern: CODE_PATTERN }) }),
        querystring: AsOfQuery,
        response: { 200: OwedByUnitResponseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { id } = req.params;
      await wholePlan(app.db, req, id);
      const asOf = asOfParam(req.query, chinaToday(now()));
      const judged = await judgeTargets(app.db, await loadCycleTargets(app.db, { plan: id }), asOf);
      return { asOf, units: owedByUnit(judged, await unitNames([...new Set(judged.map((j) => j.target.ownerUnit))]), asOf) };
    },
  );
};
