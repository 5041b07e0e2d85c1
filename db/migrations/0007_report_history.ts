import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Report history and receipts (issue 7).
 *
 * - rejected_events gains target_code (the target the event named, as sent), unit_code (the
 *   unit of its subject `progress.<unit>.<target>`: who published it) and reporter, so a
 *   unit's rejected reports are found by index instead of parsing every payload. Ingest
 *   fills them from now on; existing rows are back-filled here. Payloads may be anything
 *   (that is why they were rejected), so they are parsed by a function that answers null
 *   instead of failing the migration on invalid JSON.
 * - Indexes for the history (a unit's rejections newest first; a target's stored events by
 *   received_at, id in "C" order like every id comparison) and for receipts by event id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table rejected_events
      add column target_code text,
      add column unit_code text,
      add column reporter text;

    create function luoshi_try_jsonb(t text) returns jsonb language plpgsql immutable as $$
    begin
      return t::jsonb;
    exception when others then
      return null;
    end $$;

    update rejected_events r set
      unit_code = case when s.ok then s.unit end,
      target_code = coalesce(left(case when jsonb_typeof(s.j -> 'target') = 'string' then s.j ->> 'target' end, 128), case when s.ok then s.target end),
      reporter = left(case when jsonb_typeof(s.j -> 'reporter') = 'string' then s.j ->> 'reporter' end, 100)
    from (
      select id,
        subject ~ '^progress\\.[^.]+\\.[^.]+$' as ok,
        split_part(subject, '.', 2) as unit,
        split_part(subject, '.', 3) as target,
        case when jsonb_typeof(luoshi_try_jsonb(payload)) = 'object' then luoshi_try_jsonb(payload) end as j
      from rejected_events
    ) s
    where s.id = r.id;

    drop function luoshi_try_jsonb(text);

    create index rejected_events_unit_at on rejected_events(unit_code, rejected_at, id) where unit_code is not null;
    create index rejected_events_event on rejected_events(event_id, rejected_at) where event_id is not null;
    create index events_target_received on events(target_code, received_at, id collate "C");
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index events_target_received;
    drop index rejected_events_event;
    drop index rejected_events_unit_at;
    alter table rejected_events drop column reporter, drop column unit_code, drop column target_code;
  `.execute(db);
}
