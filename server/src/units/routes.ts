import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { UnitDetailSchema, UnitSchema } from '@luoshi/shared';
import { notFound } from '../http/errors';
import { CodeParams, errorResponses } from '../http/schemas';
import { readScope, refuseUnit, who } from '../auth/access';
import { groupAggregate } from '../overview/service';
import { assessRows, chinaToday, loadTargetRows } from '../targets/state';
import type { ReadRouteOptions } from '../targets/routes';
import { listUnits, unitSubtree } from './repository';

/** The organisation tree, flat: pickers build what they need from parentCode. */
export const unitRoutes: FastifyPluginAsyncTypebox<ReadRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  app.get(
    '/api/units',
    { schema: { tags: ['units'], summary: 'All units (区 → 街道 → 科室 / 居民区 / 网格)', response: { 200: Type.Array(UnitSchema), ...errorResponses } } },
    async (req) => {
      // The units the principal may read (admin: all; leader: its subtree; staff: its unit;
      // screen: the units its screen's plan names).
      const scope = await readScope(app.db, who(req));
      return (await listUnits(app.db)).filter((u) => scope.unit(u.code));
    },
  );

  app.get(
    '/api/units/:code',
    {
      schema: {
        tags: ['units'],
        summary: 'A unit, its direct children, and the targets it or any unit below it owns (TargetState[])',
        params: CodeParams,
        response: { 200: UnitDetailSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { code } = req.params;
      const tree = await unitSubtree(app.db, code);
      const unit = tree[0];
      if (!unit) throw notFound(`no unit with code ${code}`);
      const scope = await readScope(app.db, who(req));
      if (!scope.unit(code)) refuseUnit('unit', code);
      // A screen sees a unit as its plan shows it: that plan's targets only, not the unit's
      // others; staff do not see draft plans' targets (issue 16).
      const rows = (await loadTargetRows(app.db, { units: tree.map((u) => u.code) })).filter((r) => scope.target(r));
      const states = await assessRows(app.db, rows, chinaToday(now()));
      return {
        ...unit,
        children: tree.filter((u) => u.parentCode === code && (!scope.plans || scope.unit(u.code))),
        aggregate: groupAggregate(states),
        targets: states,
      };
    },
  );
};
