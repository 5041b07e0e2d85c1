import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { Unit } from '@luoshi/shared';

const toUnit = (r: { code: string; name: string; kind: string; parentCode: string | null; active?: boolean }): Unit => ({
  ...r,
  kind: r.kind as Unit['kind'],
});

export async function listUnits(db: Kysely<Database>): Promise<Unit[]> {
  const rows = await db
    .selectFrom('units')
    .select(['code', 'name', 'kind', 'parent_code as parentCode', 'active'])
    .orderBy('code')
    .execute();
  return rows.map(toUnit);
}

/** A unit and every unit below it (区 → 街道 → 科室…), the unit first; [] when it does not exist. */
export async function unitSubtree(db: Kysely<Database>, code: string): Promise<Unit[]> {
  const res = await sql<{ code: string; name: string; kind: string; parentCode: string | null; depth: number }>`
    with recursive tree as (
      select code, name, kind, parent_code, 0 as depth from units where code = ${code}
      union all
      select u.code, u.name, u.kind, u.parent_code, tree.depth + 1 from units u join tree on u.parent_code = tree.code
    )
    select code, name, kind, parent_code as "parentCode", depth from tree order by depth, code`.execute(db);
  return res.rows.map(({ depth: _depth, ...r }) => toUnit(r));
}
