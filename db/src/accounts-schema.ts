import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  unit_code: string | null;
  password_hash: string;
  created_at: Generated<Date>;
  disabled_at: Timestamp | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  role: string;
  unit_code: string | null;
  screen_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  subject: string | null;
  detail: ColumnType<unknown, string, string>;
  ip: string | null;
}

/** Fixed-window sign-in counters shared by every instance (migration 0010). */
export interface SignInLimitsTable {
  scope: 'address' | 'account' | 'login';
  key: string;
  count: number;
  reset_at: Timestamp;
}

export interface AccountTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  sign_in_limits: SignInLimitsTable;
}

export type UserRow = Selectable<UsersTable>;
