import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';

/**
 * Recomputes every rollup (target_rollups and target_daily) from the raw events, in SQL,
 * with the rules of shared/src/rollup/fold.ts — the same statements migration 0003 uses
 * for existing data. For bulk loads (the read benchmark) and repair; ingest never needs
 * it. Assumes events.root_id is set (ingest sets it at insert). Runs in one transaction.
 */
export async function rebuildRollups(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`lock table target_rollups, target_daily in exclusive mode`.execute(trx);
    await sql`delete from target_daily`.execute(trx);
    await sql`
      insert into target_daily (target_code, day, value_end)
      select x.target_code, x.day, t.baseline + sum(x.delta) over (partition by x.target_code order by x.day)
      from (
        select e.target_code, (coalesce(root.occurred_at, e.occurred_at) at time zone 'Asia/Shanghai')::date as day, sum(e.value) as delta
        from events e left join events root on root.owner_unit = e.owner_unit and root.id = e.root_id
        where e.kind in ('increment', 'correction')
        group by 1, 2
      ) x
      join targets t on t.code = x.target_code and t.measure_kind in ('cumulative', 'ceiling')`.execute(trx);
    await sql`
      insert into target_daily (target_code, day, value_end)
      select distinct on (e.target_code, (e.occurred_at at time zone 'Asia/Shanghai')::date)
        e.target_code, (e.occurred_at at time zone 'Asia/Shanghai')::date,
        coalesce(
          (select c.value from events c where c.owner_unit = e.owner_unit and c.root_id = e.id and c.kind = 'correction'
           order by c.occurred_at desc, c.id collate "C" desc limit 1),
          e.value)
      from events e join targets t on t.code = e.target_code and t.measure_kind = 'reading'
      where e.kind = 'reading'
      order by e.target_code, (e.occurred_at at time zone 'Asia/Shanghai')::date, e.occurred_at desc, e.id collate "C" desc`.execute(
      trx,
    );
    await sql`
      insert into target_rollups (target_code, value, event_count, last_occurred_at, last_reading_at, last_reading_id, version)
      select t.code,
        coalesce((select d.value_end from target_daily d where d.target_code = t.code order by d.day desc limit 1), t.baseline),
        coalesce(s.n, 0), s.last_at, r.occurred_at, r.id, 1
      from targets t
      left join (select target_code, count(*)::int as n, max(occurred_at) as last_at from events group by target_code) s on s.target_code = t.code
      left join lateral (
        select e.occurred_at, e.id from events e where e.target_code = t.code and e.kind = 'reading' and t.measure_kind = 'reading'
        order by e.occurred_at desc, e.id collate "C" desc limit 1
      ) r on true
      on conflict (target_code) do update set
        value = excluded.value, event_count = excluded.event_count, last_occurred_at = excluded.last_occurred_at,
        last_reading_at = excluded.last_reading_at, last_reading_id = excluded.last_reading_id,
        version = target_rollups.version + 1, updated_at = now()`.execute(trx);
    // Ratio targets: numerator / denominator × 100, as ingest keeps them (ingest/rollup-sql.ts).
    await sql`
      update target_rollups r
      set value = coalesce(n.value * 100 / nullif(d.value, 0), t.baseline)
      from targets t
      join target_rollups n on n.target_code = t.ratio_numerator
      join target_rollups d on d.target_code = t.ratio_denominator
      where r.target_code = t.code and t.measure_kind = 'ratio'`.execute(trx);
  });
}
