import type { Principal, Role } from '@luoshi/shared';

/** What `POST /api/auth/login` and `GET /api/auth/me` answer. */
export interface SessionInfo {
  user: Principal;
  csrfToken: string | null;
}

/** `POST /api/auth/login` answers the user without `kind`/`screenId` (a person, never a screen). */
export interface LoginResponse {
  user: Pick<Principal, 'id' | 'name' | 'role' | 'unitCode'>;
  csrfToken: string;
}

export const sessionOfLogin = (res: LoginResponse): SessionInfo => ({
  user: { kind: 'user', screenId: null, ...res.user },
  csrfToken: res.csrfToken,
});

/** The TanStack Query key of the session; `null` data means signed out. */
export const sessionKey = ['session'] as const;

/**
 * The session as the fetchers need it, outside React: the CSRF token to echo on writes,
 * and who to tell when the server says the session is gone (401).
 */
let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export const csrf = {
  get: (): string | null => csrfToken,
  set: (token: string | null): void => {
    csrfToken = token;
  },
};

/** Called by every fetcher on a 401 (and by the socket on an auth refusal). */
export function reportUnauthorized(): void {
  csrfToken = null;
  unauthorizedListeners.forEach((fn) => fn());
}

export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => void unauthorizedListeners.delete(fn);
}

export const ROLE_KEYS = {
  admin: 'roleAdmin',
  leader: 'roleLeader',
  staff: 'roleStaff',
  screen: 'roleScreen',
} as const satisfies Record<Role, string>;

/**
 * Where to go after signing in: only a path on this site (`/…`, never `//host` or a
 * scheme), and never back to the sign-in page itself.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Browsers drop tabs and newlines in URLs: `/\t/evil` would become `//evil`.
  if ([...next].some((c) => c.charCodeAt(0) < 0x20)) return '/';
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return '/';
  return next;
}

/** The sign-in URL that brings the user back to `here` (path + search). */
export function loginUrl(here: string): string {
  const next = safeNext(here);
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}
