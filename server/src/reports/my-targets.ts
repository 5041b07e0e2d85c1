import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { MyTarget } from '@luoshi/shared';
import { assessRows, loadTargetRows } from '../targets/state';

/**
 * The targets a reporter reports on, with their state (targets/state.ts, three queries
 * whatever their number), their plan's title and period, and who sent the latest stored
 * report and when: one more query for the plans and one for the latest reports (an index
 * probe per target on events(target_code, received_at, id), never a scan of its events).
 * `unit` null: every target (admins).
 */
export async function myTargets(db: Kysely<Database>, unit: string | null, today: string): Promise<MyTarget[]> {
  // Only what takes reports: active targets of published plans (issue 16).
  const open = new Set((await db.selectFrom('plans').select('id').where('status', '=', 'published').execute()).map((r) => r.id));
  const rows = (await loadTargetRows(db, unit === null ? {} : { units: [unit] })).filter((r) => open.has(r.planId) && r.lifecycle === 'active');
  if (rows.length === 0) return [];
  const codes = rows.map((r) => r.code);
  const [states, plans, latest] = await Promise.all([
    assessRows(db, rows, today),
    db
      .selectFrom('plans')
      .select(['id', 'title', 'period_start', 'period_end'])
      .where('id', 'in', [...new Set(rows.map((r) => r.planId))])
      .execute(),
    sql<{ code: string; reporter: string | null; received_at: Date }>`
      select x.code, l.reporter, l.received_at
      from unnest(${codes}::text[]) as x(code)
      cross join lateral (
        select e.reporter, e.received_at from events e
        where e.target_code = x.code
        order by e.received_at desc, e.id collate "C" desc
        limit 1
      ) l`.execute(db),
  ]);
  const planOf = new Map(plans.map((p) => [p.id, p]));
  const last = new Map(latest.rows.map((r) => [r.code, r]));
  return states.map((s): MyTarget => {
    const p = planOf.get(s.planId)!;
    const l = last.get(s.code);
    return {
      ...s,
      planTitle: p.title,
      periodStart: p.period_start,
      periodEnd: p.period_end,
      lastReporter: l?.reporter ?? null,
      lastReceivedAt: l ? new Date(l.received_at).toISOString() : null,
    };
  });
}
