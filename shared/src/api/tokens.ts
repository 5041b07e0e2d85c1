import type { Role } from '../auth/policy';

/**
 * API tokens (issue 9): machines and wall screens use `Authorization: Bearer lst_…`.
 * `GET /api/tokens` lists them (never their secrets); `POST /api/tokens` answers the
 * secret once; `DELETE /api/tokens/:id` revokes.
 */
export interface ApiTokenInfo {
  id: string;
  name: string;
  role: Role;
  unitCode: string | null;
  /** The screen a `screen` token shows; null for other roles. */
  screenId: string | null;
  createdAt: string;
  /** Null while the token works. */
  revokedAt: string | null;
}

export interface IssuedToken {
  id: string;
  /** The secret, shown this once: only its hash is stored. */
  token: string;
  name: string;
  role: Role;
  unitCode: string | null;
}
