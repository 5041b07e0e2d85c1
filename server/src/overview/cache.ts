import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { PlanOverview } from '@luoshi/shared';

/**
 * Plan overviews are read far more often than they change (every dashboard and wall
 * screen of a plan asks for the same one), and computing one costs ~10 ms of CPU for a
 * 200-target plan. An overview is reused while its plan's stamp — target count and the sum
 * of their rollup versions, which every stored event raises — and the China date are
 * unchanged; checking costs one indexed aggregate over the plan's rollups. The stamp is
 * read BEFORE the overview is computed, so a cached overview is never older than its
 * stamp; an event committed in between only causes one extra recomputation. Definition
 * changes (issue 16) raise targets.version or plans.version (title, period, status, sections),
 * which are in the stamp too. Per process:
 * instances stay stateless (a cold cache is only slower).
 */
export class OverviewCache {
  private readonly entries = new Map<string, { key: string; value: PlanOverview }>();

  constructor(private readonly maxPlans = 64) {}

  async get(
    db: Kysely<Database>,
    planId: string,
    asOf: string,
    compute: () => Promise<PlanOverview>,
  ): Promise<PlanOverview> {
    const stamp = await sql<{ n: number; v: number; o: string }>`
      select count(*)::int as n,
        coalesce(sum(r.version + t.version), 0)::bigint
          + (select version from plans where id = ${planId}) as v,
        (select count(*) || ':' || coalesce(sum(hashtext(u.code || u.name || u.kind || coalesce(u.parent_code, '') || u.active::text)), 0)
           from units u) as o
      from targets t join target_rollups r on r.target_code = t.code
      where t.plan_id = ${planId}`.execute(db);
    const row = stamp.rows[0]!;
    // o: a fingerprint of the organisation (hundreds of rows): a renamed or moved unit shows at once.
    const key = `${asOf}|${row.n}|${row.v}|${row.o}`;
    const hit = this.entries.get(planId);
    if (hit?.key === key) return hit.value;
    const value = await compute();
    this.entries.delete(planId);
    this.entries.set(planId, { key, value });
    if (this.entries.size > this.maxPlans) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
