import type { FastifyPluginAsync } from 'fastify';
import type { Unit } from '@luoshi/shared';

/** The organisation tree, flat: pickers build what they need from parentCode. */
export const unitRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/api/units',
    { schema: { tags: ['units'], summary: 'All units (区 → 街道 → 科室 / 居民区 / 网格)' } },
    async (): Promise<Unit[]> => {
      const rows = await app.db
        .selectFrom('units')
        .select(['code', 'name', 'kind', 'parent_code as parentCode'])
        .orderBy('code')
        .execute();
      return rows.map((r) => ({ ...r, kind: r.kind as Unit['kind'] }));
    },
  );
};
