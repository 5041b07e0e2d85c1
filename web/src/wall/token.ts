/**
 * A screen's device token (a revocable read-only `lst_…` bearer token with role `screen`,
 * scoped to its screen, issue 9): given once as `?token=` when the screen is set up, kept in
 * localStorage, sent as `Authorization: Bearer` on fetches and as socket.io `auth: {token}`.
 */
export const TOKEN_KEY = 'luoshi.screenToken';

interface KV {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
}

/** The token to use: from the URL (stored for next time), else the stored one, else null. */
export function takeToken(search: string, storage: KV | null): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl && /^[A-Za-z0-9_.-]{8,200}$/.test(fromUrl)) {
    try {
      storage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // storage full or blocked: the URL's token still works for this visit
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

/** The same search string without `token` (so it does not linger in the address bar or history). */
export function withoutToken(search: string): string {
  const p = new URLSearchParams(search);
  p.delete('token');
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function authHeaders(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The link that sets a screen up: opened once on the TV, it stores the token and shows the wall. */
export function deviceLink(origin: string, screenId: string, token: string): string {
  return `${origin}/wall/${encodeURIComponent(screenId)}?${new URLSearchParams({ token }).toString()}`;
}
