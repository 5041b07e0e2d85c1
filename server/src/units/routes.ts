import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CODE_PATTERN, type Unit, type UnitDetail } from '@luoshi/shared';
import { notFound } from '../http/errors';
import { readerOf, refuseUnit, who } from '../auth/access';
import { groupAggregate } from '../overview/service';
import { assessRows, chinaToday, loadTargetRows } from '../targets/state';
import type { ReadRouteOptions } from '../targets/routes';
import { listUnits, unitSubtree } from './repository';

/** The organisation tree, flat: pickers build what they need from parentCode. */
export const unitRoutes: FastifyPluginAsync<ReadRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  app.get(
    '/api/units',
    { schema: { tags: ['units'], summary: 'All units (区 → 街道 → 科室 / 居民区 / 网格)' } },
    async (req): Promise<Unit[]> => {
      // The units the principal may read (admin, screen: all; leader: its subtree; staff: its unit).
      const may = await readerOf(app.db, who(req));
      return (await listUnits(app.db)).filter((u) => may(u.code));
    },
  );

  app.get(
    '/api/units/:code',
    {
      schema: {
        tags: ['units'],
        summary: 'A unit, its direct children, and the targets it or any unit below it owns (TargetState[])',
        params: Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) }),
      },
    },
    async (req): Promise<UnitDetail> => {
      const { code } = req.params as { code: string };
      const tree = await unitSubtree(app.db, code);
      const unit = tree[0];
      if (!unit) throw notFound(`no unit with code ${code}`);
      if (!(await readerOf(app.db, who(req)))(code)) refuseUnit('unit', code);
      const states = await assessRows(
        app.db,
        await loadTargetRows(app.db, { units: tree.map((u) => u.code) }),
        chinaToday(now()),
      );
      return {
        ...unit,
        children: tree.filter((u) => u.parentCode === code),
        aggregate: groupAggregate(states),
        targets: states,
      };
    },
  );
};
