import { useEffect, type ReactNode } from 'react';
import { Link, Redirect, useLocation, useSearch } from 'wouter';
import type { Role } from '@luoshi/shared';
import { useI18n } from '../i18n/i18n';
import { startLive, stopLive } from '../live/socket';
import { outbox } from '../report/outbox/store';
import { ErrorState, Loading } from '../ui/States';
import { loginUrl } from './session';
import { useSession } from './useSession';

/** Pages behind sign-in: waits for the session check, sends the signed-out to /login?next=<here>. */
export function AuthGate({ children }: { children: ReactNode }) {
  const { session, isPending, error, refetch } = useSession();
  const [path] = useLocation();
  const search = useSearch();
  const userId = session?.user.id ?? null;
  const signedOut = session === null;

  // The socket follows the session: connect (with the cookie) once signed in, close when not.
  useEffect(() => {
    if (userId) startLive(userId);
    else if (signedOut) stopLive();
  }, [userId, signedOut]);

  // Started offline as the last user (useSession): ask the server again once the network is back,
  // which brings the CSRF token the outbox needs to send.
  const offlineStart = !!session && session.csrfToken === null;
  useEffect(() => {
    if (!offlineStart) return;
    window.addEventListener('online', refetch);
    return () => window.removeEventListener('online', refetch);
  }, [offlineStart, refetch]);

  // Reports waiting on this device go out as soon as their reporter is signed in (issue 7).
  const user = session?.user ?? null;
  const reporter = user && (user.role === 'staff' || user.role === 'admin') ? user : null;
  useEffect(() => {
    if (reporter) outbox.start(reporter);
    else outbox.stop();
  }, [reporter]);

  if (isPending) return <Loading />;
  if (error) return <ErrorState error={error} onRetry={refetch} />;
  if (!session) return <Redirect to={loginUrl(search ? `${path}?${search}` : path)} replace />;
  return <>{children}</>;
}

/** A page only some roles may open; the rest see 无权访问 (the server refuses them anyway). */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user } = useSession();
  if (user && roles.includes(user.role)) return <>{children}</>;
  return <Forbidden />;
}

export function Forbidden() {
  const { t } = useI18n();
  return (
    <div className="state state-error" role="alert" data-testid="forbidden">
      <p>
        <strong>{t('authForbidden')}</strong>
      </p>
      <p>{t('authForbiddenDetail')}</p>
      <Link href="/">{t('buBack')}</Link>
    </div>
  );
}
