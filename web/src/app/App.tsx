import { lazy, Suspense } from 'react';
import { Link, Route, Switch, useRoute } from 'wouter';
import { OverviewPage } from '../dashboard/pages/OverviewPage';
import { UnitPage } from '../dashboard/pages/UnitPage';
import { useI18n } from '../i18n/i18n';
import { Loading } from '../ui/States';

// The overview is what a leader opens every morning: it ships alone. Recharts (target page),
// the bulletin and the plan import load when first visited.
const TargetDetailPage = lazy(() =>
  import('../dashboard/pages/TargetDetailPage').then((m) => ({ default: m.TargetDetailPage })),
);
const BulletinPage = lazy(() => import('../dashboard/pages/BulletinPage').then((m) => ({ default: m.BulletinPage })));
const ImportPage = lazy(() => import('../plan-import/pages/ImportPage').then((m) => ({ default: m.ImportPage })));
const WallPage = lazy(() => import('../wall/WallPage').then((m) => ({ default: m.WallPage })));
const ScreensAdminPage = lazy(() => import('../screens/admin/ScreensAdminPage').then((m) => ({ default: m.ScreensAdminPage })));

export function App() {
  const { t, lang, setLang } = useI18n();
  // Wall screens (kiosk): the whole window, no header or navigation.
  const [isWall, wall] = useRoute('/wall/:screen');
  if (isWall) {
    return (
      <Suspense fallback={null}>
        <WallPage id={wall.screen} />
      </Suspense>
    );
  }
  return (
    <>
      <header className="top">
        <h1>
          {t('appName')} <small>{t('appSubtitle')}</small>
        </h1>
        <nav className="top-nav">
          <Link href="/">{t('navOverview')}</Link>
          <Link href="/import">{t('impNav')}</Link>
          <Link href="/screens">{t('scNav')}</Link>
        </nav>
        <button type="button" className="lang" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
          {t('language')}
        </button>
      </header>
      <main>
        <Suspense fallback={<Loading />}>
          <Switch>
            <Route path="/import" component={ImportPage} />
            <Route path="/screens" component={ScreensAdminPage} />
            <Route path="/targets/:code">{(p) => <TargetDetailPage code={p.code} />}</Route>
            <Route path="/units/:code">{(p) => <UnitPage code={p.code} />}</Route>
            <Route path="/plans/:id/bulletin">{(p) => <BulletinPage id={p.id} />}</Route>
            <Route path="/plans/:id">{(p) => <OverviewPage id={p.id} />}</Route>
            <Route>
              <OverviewPage />
            </Route>
          </Switch>
        </Suspense>
      </main>
    </>
  );
}
