import { Type, type Static } from '@sinclair/typebox';
import { NullableString, StringEnum } from './schema';

/**
 * Account management (issue 9): admins list, create and change people's accounts. Screens
 * and machines are not people: they use API tokens (`POST /api/tokens`).
 */

/** Roles a person can hold (a `screen` is a device with a token, never a person). */
export const USER_ROLES = ['admin', 'leader', 'staff'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Lower-case login: letters, digits, `.`, `_`, `-`; 2–64 characters, starting with a letter or digit. */
export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._-]{1,63}$';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const UserAccountSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  role: StringEnum(USER_ROLES),
  unitCode: NullableString(),
  createdAt: Type.String(),
  /** Null while the account may sign in. */
  disabledAt: NullableString({ description: 'Null while the account may sign in' }),
});
export type UserAccount = Static<typeof UserAccountSchema>;

export const CreateUserSchema = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN, description: 'Sign-in name, lower case' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Display name (default: the username)' })),
    role: Type.Union(USER_ROLES.map((r) => Type.Literal(r))),
    unitCode: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    password: Type.Optional(Type.String({ maxLength: MAX_PASSWORD_LENGTH, description: 'Omit to have one generated and returned once' })),
  },
  { additionalProperties: false },
);
export type CreateUser = Static<typeof CreateUserSchema>;

export const UpdateUserSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role: Type.Optional(Type.Union(USER_ROLES.map((r) => Type.Literal(r)))),
    unitCode: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUser = Static<typeof UpdateUserSchema>;

/** `POST /api/users` and `POST /api/users/:id/password`: the generated password appears here once, never again. */
export const UserWithPasswordSchema = Type.Object({
  user: UserAccountSchema,
  /** Set only when the server generated the password. */
  password: NullableString({ description: 'Set only when the server generated the password; shown once' }),
});
export type UserWithPassword = Static<typeof UserWithPasswordSchema>;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_simple' | 'contains_username';

/**
 * The minimum strength of a password an admin sets (the server and the form share it):
 * at least 12 characters, at least 6 different ones (no "aaaaaaaaaaaa", "121212121212"),
 * and not the username inside it. Length beats composition rules (NIST SP 800-63B).
 */
export function passwordProblem(password: string, username: string): PasswordProblem | null {
  const chars = [...password.normalize('NFKC')];
  if (chars.length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (chars.length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (new Set(chars).size < 6 || password.trim() === '') return 'too_simple';
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return 'contains_username';
  return null;
}

/** Does a role need a unit? Leaders read their unit's subtree, staff report for their unit; admins belong to none. */
export const roleNeedsUnit = (role: UserRole): boolean => role !== 'admin';
