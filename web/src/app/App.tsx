import { Link, Route, Switch } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { ImportPage } from '../plan-import/pages/ImportPage';
import { TargetPage } from '../targets/pages/TargetPage';
import { TargetsPage } from '../targets/pages/TargetsPage';

export function App() {
  const { t, lang, setLang } = useI18n();
  return (
    <>
      <header className="top">
        <h1>
          {t('appName')} <small>{t('appSubtitle')}</small>
        </h1>
        <nav className="top-nav">
          <Link href="/">{t('targets')}</Link>
          <Link href="/import">{t('impNav')}</Link>
        </nav>
        <button type="button" className="lang" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
          {t('language')}
        </button>
      </header>
      <main>
        <Switch>
          <Route path="/import" component={ImportPage} />
          <Route path="/targets/:code">{(p) => <TargetPage code={p.code} />}</Route>
          <Route>
            <TargetsPage />
          </Route>
        </Switch>
      </main>
    </>
  );
}
