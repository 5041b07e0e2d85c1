import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Exact rollups (issue 14). Before, ingest summed a batch's deltas as JS floats and wrote
 * the float (100 × 0.1 stored 9.99999999999998), so stored totals drifted from the sum of
 * their events. Ingest now sums in `numeric`; this repairs what is stored, from the events
 * (which always held the exact values), with the rules of shared/src/rollup/fold.ts — the
 * same SQL as 0003, which first built the daily rows:
 * - target_daily is rebuilt for every target;
 * - a summing target's rollup value is baseline + Σ increments and corrections;
 * - a reading target's is its latest day's value, else the baseline;
 * - a ratio target's is numerator / denominator × 100 (baseline when the denominator is 0),
 *   as ingest keeps it from now on.
 * Versions grow where a value changed, so a connected client takes the repaired value.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    delete from target_daily;

    insert into target_daily (target_code, day, value_end)
    select x.target_code, x.day, t.baseline + sum(x.delta) over (partition by x.target_code order by x.day)
    from (
      select e.target_code, (coalesce(root.occurred_at, e.occurred_at) at time zone 'Asia/Shanghai')::date as day, sum(e.value) as delta
      from events e left join events root on root.id = e.root_id
      where e.kind in ('increment', 'correction')
      group by 1, 2
    ) x
    join targets t on t.code = x.target_code and t.measure_kind in ('cumulative', 'ceiling');

    insert into target_daily (target_code, day, value_end)
    select distinct on (e.target_code, (e.occurred_at at time zone 'Asia/Shanghai')::date)
      e.target_code, (e.occurred_at at time zone 'Asia/Shanghai')::date,
      coalesce(
        (select c.value from events c where c.root_id = e.id and c.kind = 'correction'
         order by c.occurred_at desc, c.id collate "C" desc limit 1),
        e.value)
    from events e join targets t on t.code = e.target_code and t.measure_kind = 'reading'
    where e.kind = 'reading'
    order by e.target_code, (e.occurred_at at time zone 'Asia/Shanghai')::date, e.occurred_at desc, e.id collate "C" desc;

    update target_rollups r
    set value = t.baseline + coalesce((select sum(e.value) from events e where e.target_code = r.target_code and e.kind in ('increment', 'correction')), 0),
        version = r.version + 1
    from targets t
    where t.code = r.target_code and t.measure_kind in ('cumulative', 'ceiling')
      and r.value is distinct from t.baseline + coalesce((select sum(e.value) from events e where e.target_code = r.target_code and e.kind in ('increment', 'correction')), 0);

    update target_rollups r
    set value = coalesce((select d.value_end from target_daily d where d.target_code = r.target_code order by d.day desc limit 1), t.baseline),
        version = r.version + 1
    from targets t
    where t.code = r.target_code and t.measure_kind = 'reading'
      and r.value is distinct from coalesce((select d.value_end from target_daily d where d.target_code = r.target_code order by d.day desc limit 1), t.baseline);

    update target_rollups r
    set value = coalesce(n.value * 100 / nullif(d.value, 0), t.baseline)
    from targets t
    join target_rollups n on n.target_code = t.ratio_numerator
    join target_rollups d on d.target_code = t.ratio_denominator
    where r.target_code = t.code and t.measure_kind = 'ratio';
  `.execute(db);
}

/** Nothing to undo: the repaired values are the right ones under either version of ingest. */
export async function down(): Promise<void> {}
