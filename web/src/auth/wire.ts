import type { QueryClient } from '@tanstack/react-query';
import { retryLive, onSocketRefused } from '../live/socket';
import { onUnauthorized, sessionKey } from './session';
import { dropSession, fetchSession } from './useSession';

/**
 * Connects the fetchers and the socket to the session, once per page:
 * - a 401 from any API call means the session is gone: clear it, and the gate sends the
 *   user to /login?next=<here>;
 * - a refused socket handshake is checked against `GET /api/auth/me`: signed out → the
 *   same; still signed in (a passing refusal, e.g. the server restarting) → retry later.
 */
export function wireSession(qc: QueryClient): () => void {
  const offUnauthorized = onUnauthorized(() => dropSession(qc));
  let failures = 0;
  const offRefused = onSocketRefused(() => {
    void qc
      .fetchQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 0 })
      .then((s) => {
        if (!s) return dropSession(qc);
        failures++;
        retryLive(Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5)) * (0.5 + Math.random()));
      })
      .catch(() => retryLive(5_000 + Math.random() * 5_000));
  });
  return () => {
    offUnauthorized();
    offRefused();
  };
}
