import type { ErrorBody } from '@luoshi/shared';
import { csrf, reportUnauthorized } from '../auth/session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole error body, for routes that say more than code and message (e.g. per-event `errors`). */
    readonly body: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  /** Bytes sent as they are (a photo), with the Blob's own type; instead of a JSON `body`. */
  raw?: Blob;
  /** Sign-in and session probes handle their own 401 (it means "signed out", not "session lost"). */
  quiet401?: boolean;
}

async function once(method: Method, url: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.raw !== undefined) headers['content-type'] = opts.raw.type || 'application/octet-stream';
  const token = csrf.get();
  if (UNSAFE.has(method) && token) headers['x-csrf-token'] = token;
  return fetch(url, {
    method,
    headers,
    // Same-origin cookies are sent by default; said explicitly so no refactor drops them.
    credentials: 'same-origin',
    ...(opts.raw !== undefined ? { body: opts.raw } : opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as (ErrorBody & Record<string, unknown>) | null;
  return new ApiError(res.status, body?.code ?? 'http_error', body?.message ?? res.statusText, body);
}

/** Fetches the session's CSRF token again (it changes when the user signs in anew, e.g. in another tab). */
async function refreshCsrf(): Promise<boolean> {
  const res = await fetch('/api/auth/me', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) return false;
  const me = (await res.json()) as { csrfToken?: string | null };
  csrf.set(me.csrfToken ?? null);
  return !!me.csrfToken;
}

/**
 * Every call to the API goes through here: the session cookie, the CSRF token on writes,
 * and one handling of 401 (signed out: back to the sign-in page) and 403 (refused).
 */
export async function request<T>(method: Method, url: string, opts: RequestOptions = {}): Promise<T> {
  let res = await once(method, url, opts);
  // A stale CSRF token (signed in again in another tab): fetch the current one, try once more.
  if (res.status === 403 && UNSAFE.has(method)) {
    const err = await errorOf(res.clone());
    if (err.code === 'csrf' && (await refreshCsrf())) res = await once(method, url, opts);
  }
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401 && !opts.quiet401) reportUnauthorized();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(url: string): Promise<T> => request<T>('GET', url);
