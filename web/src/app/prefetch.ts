import type { QueryClient } from '@tanstack/react-query';
import { sessionKey } from '../auth/session';
import { fetchSession } from '../auth/useSession';
import { reportApi, reportKeys } from '../report/api';
import { api, keys } from './api';

/**
 * Asks for a deep link's data together with the sign-in check instead of after it (issue 18.9):
 * on a 150 ms phone link each step of "who am I → what are my targets" is a round trip. The
 * pages' own queries then find the answer in the cache. A refusal (401/403) lands in the same
 * place it would have anyway: the session check decides what the page shows.
 */
export function prefetchRoute(pathname: string, qc: QueryClient): void {
  // Who is signed in, asked now rather than at the gate's first render: on a busy phone that
  // render comes a few hundred ms after the entry has run, and every page waits for it.
  if (pathname !== '/login' && !pathname.startsWith('/wall/')) void qc.prefetchQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Infinity });
  const target = /^\/targets\/([^/]+)$/.exec(pathname);
  if (pathname === '/report') {
    void qc.prefetchQuery({ queryKey: reportKeys.myTargets, queryFn: reportApi.myTargets });
  } else if (target) {
    const code = decodeURIComponent(target[1]!);
    void qc.prefetchQuery({ queryKey: keys.targetState(code), queryFn: () => api.targetState(code) });
    void qc.prefetchQuery({ queryKey: [...keys.series(code), 'day'], queryFn: () => api.series(code, 'day') });
    void qc.prefetchQuery({ queryKey: keys.events(code), queryFn: () => api.events(code) });
  }
}
