import { Suspense } from 'react';
import { Link, Redirect, Route, Switch } from 'wouter';
import { canAdminister, type StatusStyle } from '@luoshi/shared';
import { AuthGate, RequireRole } from '../auth/AuthGate';
import { ROLE_KEYS } from '../auth/session';
import { useSession, useSignOut } from '../auth/useSession';
import { useI18n } from '../i18n/i18n';
import { isOpen } from '../report/outbox/logic';
import { useOutbox } from '../report/outbox/hooks';
import { fill } from '../report/words';
import { Loading } from '../ui/States';
import { UpdateBanner } from './UpdateBanner';
import { Bell } from '../supervision/Bell';
import { get } from './http';
import { useStatusStyle } from './status-style';
import { deepLinkOf, type DeepLinkPage } from './deep-links';
import { lazyPage, pageChunk, type PageChunk } from './lazy-page';

// Every page is its own chunk: a clerk's phone on /report loads neither the dashboards, the
// wall, the admin pages nor Recharts (target page and wall only); the entry is the shell.
const load = {
  target: pageChunk(() => import('../dashboard/pages/TargetDetailPage')),
  overview: pageChunk(() => import('../dashboard/pages/OverviewPage')),
  unit: pageChunk(() => import('../dashboard/pages/UnitPage')),
  login: pageChunk(() => import('../auth/pages/LoginPage')),
  bulletin: pageChunk(() => import('../dashboard/pages/BulletinPage')),
  import: pageChunk(() => import('../plan-import/pages/ImportPage')),
  wall: pageChunk(() => import('../wall/WallPage')),
  report: pageChunk(() => import('../report/pages/ReportPage')),
  history: pageChunk(() => import('../report/pages/HistoryPage')),
  upload: pageChunk(() => import('../report/pages/UploadPage')),
  screens: pageChunk(() => import('../screens/admin/ScreensAdminPage')),
  users: pageChunk(() => import('../users/UsersAdminPage')),
  monthly: pageChunk(() => import('../supervision/MonthlyBulletinPage')),
  plansAdmin: pageChunk(() => import('../plan-admin/PlansAdminPage')),
  planEditor: pageChunk(() => import('../plan-admin/PlanEditorPage')),
  org: pageChunk(() => import('../org/OrgAdminPage')),
};
const TargetDetailPage = lazyPage(load.target, (m) => m.TargetDetailPage);
const OverviewPage = lazyPage(load.overview, (m) => m.OverviewPage);
const UnitPage = lazyPage(load.unit, (m) => m.UnitPage);
const LoginPage = lazyPage(load.login, (m) => m.LoginPage);
const BulletinPage = lazyPage(load.bulletin, (m) => m.BulletinPage);
const ImportPage = lazyPage(load.import, (m) => m.ImportPage);
const WallPage = lazyPage(load.wall, (m) => m.WallPage);
const ReportPage = lazyPage(load.report, (m) => m.ReportPage);
const HistoryPage = lazyPage(load.history, (m) => m.HistoryPage);
const UploadPage = lazyPage(load.upload, (m) => m.UploadPage);
const ScreensAdminPage = lazyPage(load.screens, (m) => m.ScreensAdminPage);
const UsersAdminPage = lazyPage(load.users, (m) => m.UsersAdminPage);
const MonthlyBulletinPage = lazyPage(load.monthly, (m) => m.MonthlyBulletinPage);
const PlansAdminPage = lazyPage(load.plansAdmin, (m) => m.PlansAdminPage);
const PlanEditorPage = lazyPage(load.planEditor, (m) => m.PlanEditorPage);
const OrgAdminPage = lazyPage(load.org, (m) => m.OrgAdminPage);

/** The loader of each deep-link page (deep-links.ts), checked complete by the type. */
const DEEP_LINK_LOAD: Record<DeepLinkPage, PageChunk<unknown>> = {
  'report/pages/ReportPage': load.report,
  'report/pages/HistoryPage': load.history,
  'report/pages/UploadPage': load.upload,
  'dashboard/pages/TargetDetailPage': load.target,
  'wall/WallPage': load.wall,
  'dashboard/pages/BulletinPage': load.bulletin,
  'dashboard/pages/OverviewPage': load.overview,
  'dashboard/pages/UnitPage': load.unit,
  'auth/pages/LoginPage': load.login,
};

/**
 * Starts downloading the page a deep link opens together with the app itself, instead of after
 * the sign-in check has come back: on a 150 ms phone link that is a round trip and a chunk's
 * transfer saved (issue 18.9). lazyPage() then renders the page without suspending. (The
 * server's per-page index.html names the same chunk even earlier: web/build/route-html.ts.)
 */
export function preloadRoute(pathname: string): void {
  const link = deepLinkOf(pathname);
  if (link) void DEEP_LINK_LOAD[link.page].load().catch(() => undefined); // the page's render tries again
}

const ADMIN = ['admin'] as const;
/** Who reports progress (issue 7): staff for their unit, admins for any. */
const REPORTERS = ['staff', 'admin'] as const;
/** Who reads report histories: reporters, and leaders for the units in their subtree (issue 18.8). */
const HISTORY_READERS = ['staff', 'leader', 'admin'] as const;

export function App() {
  return (
    <Switch>
      <Route path="/login">
        <Suspense fallback={<Loading />}>
          <LoginPage />
        </Suspense>
      </Route>
      {/* Wall screens (kiosk) sign in with their device token, not a session: the whole
          window, outside the sign-in gate, no header or navigation. */}
      <Route path="/wall/:screen">
        {(p) => (
          <Suspense fallback={null}>
            <WallPage id={p.screen} />
          </Suspense>
        )}
      </Route>
      <Route>
        <AppStatusStyle />
        <AuthGate>
          <Shell />
        </AuthGate>
      </Route>
    </Switch>
  );
}

const fetchStatusStyle = () => get<StatusStyle>('/api/status-style');
/** The deployment's status colours for the signed-in app (the wall loads them with its device token). */
function AppStatusStyle() {
  useStatusStyle(fetchStatusStyle, 'app');
  return null;
}

/** Who is signed in (name, role) and the sign-out button. */
function Who() {
  const { t } = useI18n();
  const { user } = useSession();
  const signOut = useSignOut();
  const open = useOutbox().filter(isOpen).length;
  if (!user) return null;
  // Reports still on this device wait for this user's next sign-in; say so before leaving.
  const leave = () => {
    if (open > 0 && !window.confirm(fill(t('rpSignOutPending'), { n: open }))) return;
    signOut.mutate();
  };
  return (
    <div className="who" data-testid="who">
      <span className="who-name" title={user.name} data-testid="who-name">
        <span className="sr-only">{t('authSignedInAs')} </span>
        {user.name}
      </span>
      <span className="who-role" data-testid="who-role" data-role={user.role}>
        {t(ROLE_KEYS[user.role])}
      </span>
      <button type="button" onClick={leave} disabled={signOut.isPending} data-testid="sign-out">
        {signOut.isPending ? t('authSigningOut') : t('authSignOut')}
      </button>
    </div>
  );
}

function Shell() {
  const { t, lang, setLang } = useI18n();
  const { user } = useSession();
  return (
    <>
      <header className="top">
        <h1>
          {t('appName')} <small>{t('appSubtitle')}</small>
        </h1>
        <nav className="top-nav">
          {user && (REPORTERS as readonly string[]).includes(user.role) ? <Link href="/report">{t('rpNav')}</Link> : null}
          {/* Staff have no overview (it sends them back to /report): no link that goes nowhere. */}
          {user && user.role !== 'staff' ? <Link href="/">{t('navOverview')}</Link> : null}
          {user?.role === 'leader' ? <Link href="/report/history">{t('rpNavHistory')}</Link> : null}
          {/* Plans, screens and accounts are managed by admins only: the others are not shown a page they would be refused. */}
          {user && canAdminister(user) ? (
            <>
              <Link href="/plans-admin">{t('paNav')}</Link>
              <Link href="/import">{t('impNav')}</Link>
              <Link href="/org">{t('ogNav')}</Link>
              <Link href="/screens">{t('scNav')}</Link>
              <Link href="/users">{t('usNav')}</Link>
            </>
          ) : null}
        </nav>
        <div className="top-right">
          {user ? <Bell /> : null}
          <Who />
          <button type="button" className="lang" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
            {t('language')}
          </button>
        </div>
      </header>
      <UpdateBanner />
      <main>
        <Suspense fallback={<Loading />}>
          <Switch>
            <Route path="/import">
              <RequireRole roles={ADMIN}>
                <ImportPage />
              </RequireRole>
            </Route>
            <Route path="/screens">
              <RequireRole roles={ADMIN}>
                <ScreensAdminPage />
              </RequireRole>
            </Route>
            <Route path="/report/history">
              <RequireRole roles={HISTORY_READERS}>
                <HistoryPage />
              </RequireRole>
            </Route>
            <Route path="/report/upload">
              <RequireRole roles={REPORTERS}>
                <UploadPage />
              </RequireRole>
            </Route>
            <Route path="/report">
              <RequireRole roles={REPORTERS}>
                <ReportPage />
              </RequireRole>
            </Route>
            <Route path="/plans-admin/:id">{(p) => <PlanEditorPage id={p.id} />}</Route>
            <Route path="/plans-admin">
              <RequireRole roles={ADMIN}>
                <PlansAdminPage />
              </RequireRole>
            </Route>
            <Route path="/org">
              <RequireRole roles={ADMIN}>
                <OrgAdminPage />
              </RequireRole>
            </Route>
            <Route path="/users">
              <RequireRole roles={ADMIN}>
                <UsersAdminPage />
              </RequireRole>
            </Route>
            <Route path="/targets/:code">{(p) => <TargetDetailPage code={p.code} />}</Route>
            <Route path="/units/:code">{(p) => <UnitPage code={p.code} />}</Route>
            <Route path="/plans/:id/monthly">{(p) => <MonthlyBulletinPage id={p.id} />}</Route>
            <Route path="/plans/:id/bulletin">{(p) => <BulletinPage id={p.id} />}</Route>
            <Route path="/plans/:id">{(p) => <OverviewPage id={p.id} />}</Route>
            <Route>{user?.role === 'staff' ? <Redirect to="/report" replace /> : <OverviewPage />}</Route>
          </Switch>
        </Suspense>
      </main>
    </>
  );
}
