import { Type, type Static } from '@sinclair/typebox';
import { PrincipalSchema, ROLES } from '../auth/policy';
import { NullableString, StringEnum } from './schema';

/** Shapes of sign-in, API tokens, the audit log and health (server/src/auth, server/src/health). */

/** `GET /api/auth/me`: who is signed in, and the CSRF token writes echo (null for token callers). */
export const SessionInfoSchema = Type.Object({ user: PrincipalSchema, csrfToken: NullableString() });
export type SessionInfo = Static<typeof SessionInfoSchema>;

/** `POST /api/auth/login` answers the user without `kind`/`screenId` (a person, never a screen). */
export const LoginResponseSchema = Type.Object({
  user: Type.Pick(PrincipalSchema, ['id', 'name', 'role', 'unitCode']),
  csrfToken: Type.String(),
});
export type LoginResponse = Static<typeof LoginResponseSchema>;

/** `POST /api/tokens` (201): the secret appears here once, never again. */
export const IssuedTokenSchema = Type.Object({
  id: Type.String(),
  token: Type.String({ description: 'The secret; shown once' }),
  name: Type.String(),
  role: StringEnum(ROLES),
  unitCode: NullableString(),
});
export type IssuedToken = Static<typeof IssuedTokenSchema>;

/** `GET /api/tokens`: never the secrets. */
export const ApiTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: StringEnum(ROLES),
  unitCode: NullableString(),
  screenId: NullableString(),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: NullableString({ format: 'date-time' }),
});
export type ApiToken = Static<typeof ApiTokenSchema>;

/** `GET /api/audit`: one audited action (columns of audit_log as stored). */
export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor_kind: Type.String(),
  actor_id: NullableString(),
  actor_name: NullableString(),
  action: Type.String({ description: 'auth.login, events.publish, plan.create, account.update …' }),
  subject: NullableString(),
  detail: Type.Unknown({ description: 'What the action changed (JSON)' }),
  ip: NullableString(),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

/** `GET /api/health` (200 when both are up, 503 otherwise). */
export const HealthSchema = Type.Object({
  status: StringEnum(['ok', 'unavailable']),
  /** On a 503: `unavailable` and a sentence, like every other 503. */
  code: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  db: StringEnum(['up', 'down']),
  nats: StringEnum(['up', 'down']),
});
export type Health = Static<typeof HealthSchema>;

/** `GET /api/health/live`: the process answers. */
export const LivenessSchema = Type.Object({ status: Type.Literal('ok') });

/** `GET /api/health/ready`: 200 when every check passes, else 503 naming the failing one. */
export const ReadinessSchema = Type.Object({
  status: StringEnum(['ready', 'unavailable', 'draining']),
  db: StringEnum(['up', 'down']),
  nats: StringEnum(['up', 'down']),
  stream: StringEnum(['up', 'down']),
  migrations: StringEnum(['current', 'pending', 'unknown']),
});
export type Readiness = Static<typeof ReadinessSchema>;
