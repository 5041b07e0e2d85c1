import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { UserAccount, UserRole } from '@luoshi/shared';

const columns = ['id', 'username', 'display_name', 'role', 'unit_code', 'created_at', 'disabled_at'] as const;
type Row = { id: string; username: string; display_name: string; role: string; unit_code: string | null; created_at: Date; disabled_at: Date | string | null };

export const toAccount = (r: Row): UserAccount => ({
  id: r.id,
  username: r.username,
  name: r.display_name,
  role: r.role as UserRole,
  unitCode: r.unit_code,
  createdAt: new Date(r.created_at).toISOString(),
  disabledAt: r.disabled_at === null ? null : new Date(r.disabled_at).toISOString(),
});

/** People only: rows with role `screen` (none are created any more) are not accounts to manage here. */
export async function listUsers(db: Kysely<Database>): Promise<UserAccount[]> {
  return (await db.selectFrom('users').select(columns).where('role', '!=', 'screen').orderBy('username').execute()).map(toAccount);
}

/** One account, locked for the rest of the transaction (changes to one account serialise). */
export async function lockUser(db: Kysely<Database>, id: string): Promise<UserAccount | null> {
  const row = await db.selectFrom('users').select(columns).where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? toAccount(row) : null;
}

/**
 * The active admins, locked: two admins demoting or disabling each other at the same moment
 * serialise here, so the second sees the first's change and "the last admin" stays one.
 */
export async function lockActiveAdmins(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).orderBy('id').forUpdate().execute();
  return rows.map((r) => r.id);
}

export async function unitExists(db: Kysely<Database>, code: string): Promise<boolean> {
  return !!(await db.selectFrom('units').select('code').where('code', '=', code).executeTakeFirst());
}

/** Inserts an account; null when the username is taken. */
export async function insertUser(
  db: Kysely<Database>,
  u: { id: string; username: string; name: string; role: UserRole; unitCode: string | null; passwordHash: string },
): Promise<UserAccount | null> {
  const row = await db
    .insertInto('users')
    .values({ id: u.id, username: u.username, display_name: u.name, role: u.role, unit_code: u.unitCode, password_hash: u.passwordHash })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning(columns)
    .executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function updateUser(
  db: Kysely<Database>,
  id: string,
  set: Partial<{ display_name: string; role: UserRole; unit_code: string | null; disabled_at: Date | null; password_hash: string }>,
): Promise<UserAccount> {
  return toAccount(await db.updateTable('users').set(set).where('id', '=', id).returning(columns).executeTakeFirstOrThrow());
}

/** Ends every session of the account (sign-in needed again); returns how many. */
export async function endSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const gone = await db.deleteFrom('sessions').where('user_id', '=', userId).returning('id_hash').execute();
  return gone.length;
}
