import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { audit } from './audit';
import { generatePassword, hashPassword } from './password';
import { hashSecret, newSecret } from './tokens';

export interface Credential {
  username: string;
  password: string;
  role: string;
  unit: string | null;
}

/**
 * The first start creates an admin. Its password comes from ADMIN_PASSWORD (automated
 * deployments) or is generated and returned so the caller prints it once; none is
 * hard-coded. Returns null when an admin already exists.
 */
export async function ensureAdmin(db: Kysely<Database>, adminPassword: string | null): Promise<Credential | null> {
  const existing = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
  if (existing) return null;
  const password = adminPassword ?? generatePassword();
  const id = randomUUID();
  const hash = await hashPassword(password);
  // Several instances may start at once on one database: the first insert wins.
  const created = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({ id, username: 'admin', display_name: '系统管理员', role: 'admin', unit_code: null, password_hash: hash })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) await audit(trx, null, null, { action: 'account.create', subject: id, detail: { username: 'admin', role: 'admin' } });
    return !!row;
  });
  return created ? { username: 'admin', password, role: 'admin', unit: null } : null;
}

/**
 * Demo mode: one staff account per department and one leader per sub-district, so the
 * demo can be tried in every role, plus a read-only screen token. Created once; the
 * caller prints the credentials (and keeps them in DATA_DIR) because they are not stored.
 */
export async function ensureDemoAccounts(db: Kysely<Database>): Promise<{ accounts: Credential[]; screenToken: string | null }> {
  const units = await db.selectFrom('units').select(['code', 'name', 'kind']).where('kind', 'in', ['department', 'subdistrict']).orderBy('code').execute();
  const taken = new Set((await db.selectFrom('users').select('username').execute()).map((u) => u.username));
  const accounts: Credential[] = [];
  for (const u of units) {
    const role = u.kind === 'subdistrict' ? 'leader' : 'staff';
    const username = `${role}-${u.code.toLowerCase()}`;
    if (taken.has(username)) continue;
    const password = generatePassword();
    const id = randomUUID();
    const hash = await hashPassword(password);
    const created = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('users')
        .values({ id, username, display_name: `${u.name}${role === 'leader' ? '领导' : '工作人员'}`, role, unit_code: u.code, password_hash: hash })
        .onConflict((oc) => oc.column('username').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) await audit(trx, null, null, { action: 'account.create', subject: id, detail: { username, role, unit: u.code } });
      return !!row;
    });
    if (created) accounts.push({ username, password, role, unit: u.code });
  }
  let screenToken: string | null = null;
  const screen = await db.selectFrom('api_tokens').select('id').where('role', '=', 'screen').where('revoked_at', 'is', null).executeTakeFirst();
  if (!screen) {
    screenToken = newSecret('lst');
    const id = randomUUID();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('api_tokens')
        .values({ id, name: '城运中心大屏 (demo)', token_hash: hashSecret(screenToken!), role: 'screen', unit_code: null, screen_id: 'demo', created_by: 'system' })
        .execute();
      await audit(trx, null, null, { action: 'token.issue', subject: id, detail: { role: 'screen', screenId: 'demo' } });
    });
  }
  return { accounts, screenToken };
}
