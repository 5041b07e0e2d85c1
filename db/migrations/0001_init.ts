import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they are frozen in time and must not follow later type changes.
/* eslint-disable @typescript-eslint/no-explicit-any */

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table units (
      code text primary key,
      name text not null,
      kind text not null check (kind in ('district','subdistrict','department','neighbourhood','grid')),
      parent_code text references units(code)
    );

    create table plans (
      id text primary key,
      title text not null,
      owner_unit text not null references units(code),
      period_start date not null,
      period_end date not null,
      status text not null default 'draft' check (status in ('draft','published','closed')),
      check (period_start <= period_end)
    );

    create table plan_sections (
      id text primary key,
      plan_id text not null references plans(id),
      parent_id text references plan_sections(id),
      label text not null,
      title text not null,
      ordinal integer not null
    );

    create table targets (
      code text primary key,
      plan_id text not null references plans(id),
      section_id text references plan_sections(id),
      owner_unit text not null references units(code),
      title text not null,
      uom text not null,
      measure_kind text not null check (measure_kind in ('cumulative','reading','ratio','ceiling')),
      direction text not null default 'up' check (direction in ('up','down')),
      baseline numeric not null default 0,
      target_value numeric not null,
      start_date date not null,
      due_date date not null,
      weight numeric not null default 1 check (weight > 0),
      milestones jsonb not null default '[]',
      reporting_interval_days integer not null default 30 check (reporting_interval_days > 0),
      ratio_numerator text references targets(code),
      ratio_denominator text references targets(code),
      check (start_date <= due_date)
    );
    create index targets_plan on targets(plan_id);
    create index targets_owner on targets(owner_unit);

    -- Append-only: rows are never updated or deleted (see the trigger below).
    create table events (
      id text primary key,
      target_code text not null references targets(code),
      kind text not null check (kind in ('increment','reading','correction','note')),
      value numeric not null,
      occurred_at timestamptz not null,
      received_at timestamptz not null default now(),
      reporter text,
      source text,
      note text,
      evidence text,
      corrects text references events(id),
      reason text,
      stream_seq bigint
    );
    create index events_target_time on events(target_code, occurred_at);

    create function forbid_event_change() returns trigger language plpgsql as $$
    begin
      raise exception 'events are append-only';
    end $$;
    create trigger events_append_only before update or delete on events
      for each row execute function forbid_event_change();

    -- Kept in the ingest transaction; always equal to a fold of the events.
    create table target_rollups (
      target_code text primary key references targets(code),
      value numeric not null,
      event_count integer not null default 0,
      last_occurred_at timestamptz,
      last_reading_at timestamptz,
      last_reading_id text,
      version bigint not null default 0,
      updated_at timestamptz not null default now()
    );

    -- Messages refused by ingest, with the reason; nothing is dropped silently.
    create table rejected_events (
      id bigserial primary key,
      subject text not null,
      stream_seq bigint,
      event_id text,
      code text not null,
      message text not null,
      payload text not null,
      rejected_at timestamptz not null default now()
    );
    create unique index rejected_events_seq on rejected_events(stream_seq) where stream_seq is not null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table rejected_events;
    drop table target_rollups;
    drop trigger events_append_only on events;
    drop table events;
    drop function forbid_event_change;
    drop table targets;
    drop table plan_sections;
    drop table plans;
    drop table units;
  `.execute(db);
}
