import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, request } from '../app/http';
import { csrf, sessionKey, sessionOfLogin, type LoginResponse, type SessionInfo } from './session';

/**
 * Who was signed in on this device last, kept so the app shell opens offline (issue 18.6): a
 * clerk reloading /report without signal sees the page and the reports waiting on the device.
 * Only the principal (name, role, unit) is kept, never the cookie (httpOnly) or the CSRF token;
 * the server still judges every request once the network is back.
 */
const LAST_USER = 'luoshi.lastUser';
const remember = (info: SessionInfo | null): void => {
  try {
    if (info) localStorage.setItem(LAST_USER, JSON.stringify(info.user));
    else localStorage.removeItem(LAST_USER);
  } catch {
    // storage full or disabled: offline start-up is then simply not available
  }
};
function remembered(): SessionInfo | null {
  try {
    const raw = localStorage.getItem(LAST_USER);
    return raw ? { user: JSON.parse(raw) as SessionInfo['user'], csrfToken: null } : null;
  } catch {
    return null;
  }
}

/** `GET /api/auth/me`: the signed-in user and the CSRF token, or null when signed out (401). */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const me = await request<SessionInfo>('GET', '/api/auth/me', { quiet401: true });
    csrf.set(me.csrfToken ?? null);
    remember(me);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      csrf.set(null);
      remember(null);
      return null;
    }
    // No network (not an answer from the server): start as who was here last, if anyone.
    if (!(err instanceof ApiError) && typeof navigator !== 'undefined' && !navigator.onLine) {
      const last = remembered();
      if (last) return last;
    }
    throw err;
  }
}

/** Data of one account must never show under another: everything but the session goes. */
function forgetData(qc: QueryClient): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
}

export interface Session {
  /** Undefined while the first check runs; null when signed out. */
  session: SessionInfo | null | undefined;
  user: SessionInfo['user'] | null;
  isPending: boolean;
  error: Error | null;
  refetch: () => void;
}

/**
 * Who is signed in, from `GET /api/auth/me` (TanStack Query). A 401 anywhere in the app
 * sets it to null (see `onUnauthorized`), which sends the page to the sign-in form.
 */
export function useSession(): Session {
  const q = useQuery({
    queryKey: sessionKey,
    queryFn: fetchSession,
    // Checked once per page load and after sign-in/out; a 401 from any call clears it.
    staleTime: Infinity,
    retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
  });
  return {
    session: q.data,
    user: q.data?.user ?? null,
    isPending: q.isPending,
    error: q.error,
    refetch: () => void q.refetch(),
  };
}

/** Marks the session as gone (a 401 or a refused socket): the gate redirects to /login. */
export function dropSession(qc: QueryClient): void {
  csrf.set(null);
  remember(null);
  if (qc.getQueryData(sessionKey) !== null) qc.setQueryData(sessionKey, null);
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      request<LoginResponse>('POST', '/api/auth/login', { body, quiet401: true }),
    onSuccess: (res) => {
      forgetData(qc);
      csrf.set(res.csrfToken);
      remember(sessionOfLogin(res));
      qc.setQueryData(sessionKey, sessionOfLogin(res));
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => request<void>('POST', '/api/auth/logout', { quiet401: true }),
    // Signed out on this page even when the server could not be told (offline); the
    // server's session then ends at its expiry.
    onSettled: () => {
      dropSession(qc);
      forgetData(qc);
    },
  });
}
