import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Daily rollups, so status, forecast and charts never scan events.
 *
 * - events.root_id: for a correction, the non-correction event at the end of its
 *   `corrects` chain, resolved once at insert (the row is append-only, so it never
 *   changes). A correction takes effect on its root's day, and a reading's corrections
 *   are found by root_id.
 * - target_daily: one row per target and China day on which its value changed:
 *   value_end is the value at the end of that day (cumulative/ceiling: baseline + every
 *   delta effective on or before it; reading: that day's last reading, corrected). The
 *   value at the end of any day D is the row with the largest day <= D, else the baseline.
 *   A back-dated event adds its delta to its own day's row and every later row.
 *
 * Existing events are folded into the new table here, in SQL, with the rules of
 * shared/src/rollup/fold.ts (ids compare in "C" collation: byte order = JS order for the
 * ASCII ids the schema allows).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table events add column root_id text;
    create index events_root on events(root_id) where root_id is not null;
    create index events_corrects on events(corrects) where corrects is not null;
    create index events_received on events(received_at);

    alter table events disable trigger events_append_only;
    with recursive r(id, root) as (
      select id, id from events where kind <> 'correction'
      union all
      select e.id, r.root from events e join r on e.corrects = r.id where e.kind = 'correction'
    )
    update events set root_id = r.root from r where events.id = r.id and events.kind = 'correction';
    alter table events enable trigger events_append_only;

    create table target_daily (
      target_code text not null references targets(code),
      day date not null,
      value_end numeric not null,
      primary key (target_code, day)
    );

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

    -- Before this migration a correction on a reading target was added as a delta.
    update target_rollups r
    set value = coalesce((select d.value_end from target_daily d where d.target_code = r.target_code order by d.day desc limit 1), t.baseline)
    from targets t where t.code = r.target_code and t.measure_kind = 'reading';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table target_daily;
    drop index events_received;
    drop index events_corrects;
    drop index events_root;
    alter table events drop column root_id;
  `.execute(db);
}
