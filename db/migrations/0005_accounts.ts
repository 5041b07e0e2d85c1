import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table users (
      id text primary key,
      username text not null unique,
      display_name text not null,
      role text not null check (role in ('admin','leader','staff','screen')),
      unit_code text references units(code),
      password_hash text not null,
      created_at timestamptz not null default now(),
      disabled_at timestamptz,
      check (role = 'admin' or unit_code is not null or role = 'screen')
    );

    -- Only the SHA-256 of a session id is stored; the cookie carries the secret.
    create table sessions (
      id_hash text primary key,
      user_id text not null references users(id),
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text
    );
    create index sessions_user on sessions(user_id);

    -- Machine tokens: shown once, stored hashed, revocable.
    create table api_tokens (
      id text primary key,
      name text not null,
      token_hash text not null unique,
      role text not null check (role in ('admin','leader','staff','screen')),
      unit_code text references units(code),
      screen_id text,
      created_by text not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    );

    -- Who changed what, when and from where. Append-only like events.
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor_kind text not null,
      actor_id text,
      actor_name text,
      action text not null,
      subject text,
      detail jsonb not null default '{}',
      ip text
    );
    create index audit_log_at on audit_log(at);
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function forbid_event_change();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger audit_log_append_only on audit_log;
    drop table audit_log;
    drop table api_tokens;
    drop table sessions;
    drop table users;
  `.execute(db);
}
