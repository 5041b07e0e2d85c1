import { Value } from '@sinclair/typebox/value';
import type { TObject } from '@sinclair/typebox';
import { isCode, passwordProblem, roleNeedsUnit, type PasswordProblem, type UserRole } from '@luoshi/shared';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { HttpError } from '../http/errors';
import { unitExists } from './repository';

/** The error code for a field that fails the shape check: specific where a client can act on it. */
const FIELD_CODE: Record<string, string> = {
  username: 'invalid_username',
  name: 'invalid_name',
  role: 'invalid_role',
  unitCode: 'invalid_unit',
  password: 'weak_password',
};

const FIELD_HINT: Record<string, string> = {
  username: '登录名为 2–64 位小写字母、数字、点、下划线或连字符 (lower-case letters, digits, . _ -; 2–64 characters)',
  name: '姓名为 1–100 个字符 (1–100 characters)',
  role: 'role 为 admin、leader 或 staff；大屏请用设备令牌 (admin, leader or staff; screens use a device token, POST /api/tokens)',
  unitCode: 'unitCode 为单位代码或 null (a unit code, or null)',
  password: '密码须为字符串 (a string)',
};

/**
 * Shape check with TypeBox's interpreter (Fastify's Ajv would strip unknown fields instead
 * of refusing them): the first problem, with the field named and a code per field.
 */
export function checkShape<T>(schema: TObject, raw: unknown): T {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(400, 'invalid_request', 'the body must be a JSON object');
  const extra = Object.keys(raw).find((k) => !(k in schema.properties));
  if (extra !== undefined) throw new HttpError(400, 'invalid_request', `${extra.slice(0, 40)}: unknown field`);
  const first = Value.Errors(schema, raw).First();
  if (first) {
    const field = first.path.split('/').filter(Boolean)[0] ?? '';
    if (!field) throw new HttpError(400, 'invalid_request', `the body: ${first.message}`);
    throw new HttpError(400, FIELD_CODE[field] ?? 'invalid_request', `${field}: ${FIELD_HINT[field] ?? first.message}`);
  }
  return raw as T;
}

const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: '密码至少 12 个字符 (at least 12 characters)',
  too_long: '密码至多 256 个字符 (at most 256 characters)',
  too_simple: '密码过于简单：至少需要 6 个不同的字符 (too simple: use at least 6 different characters)',
  contains_username: '密码不能包含登录名 (must not contain the username)',
};

export function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new HttpError(400, 'weak_password', `password: ${PASSWORD_MESSAGES[problem]}`);
}

/** Role and unit together: leaders and staff need an existing unit, admins have none. */
export async function checkRoleUnit(db: Kysely<Database>, role: UserRole, unitCode: string | null): Promise<void> {
  if (!roleNeedsUnit(role)) {
    if (unitCode !== null) throw new HttpError(400, 'unit_not_allowed', 'unitCode: 管理员不属于单位 (an admin belongs to no unit; send null)');
    return;
  }
  if (unitCode === null) throw new HttpError(400, 'unit_required', `unitCode: ${role} 账号需要所属单位 (a ${role} account needs the unit it belongs to)`);
  if (!isCode(unitCode) || !(await unitExists(db, unitCode))) throw new HttpError(400, 'unknown_unit', `unitCode: 没有代码为 ${unitCode.slice(0, 64)} 的单位 (no such unit)`);
}
