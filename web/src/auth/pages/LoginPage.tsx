import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Redirect, useSearch } from 'wouter';
import { ApiError } from '../../app/http';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { safeNext } from '../session';
import { useSession, useSignIn } from '../useSession';
import '../auth.css';

type Missing = 'username' | 'password' | null;

/** What went wrong, in words a 街道 staff member can act on. */
function failureKey(err: Error): MessageKey {
  if (!(err instanceof ApiError)) return 'authNetwork';
  if (err.status === 401 || err.status === 400) return 'authBadCredentials';
  if (err.status === 429) return err.code === 'too_many_attempts' ? 'authTooManyAccount' : 'authTooMany';
  return 'authFailed';
}

/**
 * The sign-in form (issue 9). Plain form semantics: Enter submits from either field, the
 * browser's password manager recognises it (autocomplete), errors are announced and the
 * field to fix gets the focus. After signing in the user lands where they were going (`?next=`).
 */
export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const next = safeNext(new URLSearchParams(useSearch()).get('next'));
  const { session } = useSession();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [missing, setMissing] = useState<Missing>(null);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  useDocumentTitle(t('authHeading'));

  // A refused sign-in: focus returns to the password; a wrong one is cleared for retyping
  // (after "too many attempts" or a network failure it was not wrong, so it stays).
  const failed = signIn.error;
  useEffect(() => {
    if (!failed) return;
    if (failureKey(failed) === 'authBadCredentials') setPassword('');
    passRef.current?.focus();
  }, [failed]);

  if (session) return <Redirect to={next} replace />;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (signIn.isPending) return;
    const gap: Missing = !username.trim() ? 'username' : !password ? 'password' : null;
    setMissing(gap);
    if (gap) {
      (gap === 'username' ? userRef : passRef).current?.focus();
      return;
    }
    signIn.mutate({ username: username.trim(), password });
  };

  const message = missing
    ? t(missing === 'username' ? 'authNeedUsername' : 'authNeedPassword')
    : failed
      ? t(failureKey(failed))
      : null;
  const badUser = missing === 'username' || (!missing && !!failed && failureKey(failed) === 'authBadCredentials');
  const badPass = missing === 'password' || (!missing && !!failed && failureKey(failed) === 'authBadCredentials');

  return (
    <div className="login">
      <div className="login-top">
        <button type="button" className="lang" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
          {t('language')}
        </button>
      </div>
      <main className="login-main">
        <form className="login-card" onSubmit={submit} noValidate aria-labelledby="login-heading" data-testid="login-form">
          <p className="login-brand">
            {t('appName')} <small>{t('appSubtitle')}</small>
          </p>
          <h1 id="login-heading">{t('authHeading')}</h1>
          <div className="login-field">
            <label htmlFor="login-username">{t('authUsername')}</label>
            <input
              ref={userRef}
              id="login-username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              autoFocus
              maxLength={64}
              value={username}
              onChange={(e) => {
                setUsername(e.target.value);
                if (missing === 'username') setMissing(null);
              }}
              aria-invalid={badUser || undefined}
              aria-describedby={message ? 'login-error' : undefined}
            />
          </div>
          <div className="login-field">
            <label htmlFor="login-password">{t('authPassword')}</label>
            <input
              ref={passRef}
              id="login-password"
              name="password"
              type={show ? 'text' : 'password'}
              autoComplete="current-password"
              maxLength={256}
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                if (missing === 'password') setMissing(null);
              }}
              aria-invalid={badPass || undefined}
              aria-describedby={message ? 'login-error' : undefined}
            />
          </div>
          <label className="login-show">
            <input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} />
            {t('authShowPassword')}
          </label>
          <p id="login-error" className="login-error" role="alert" data-testid="login-error">
            {message}
          </p>
          <button type="submit" className="login-submit" disabled={signIn.isPending} aria-busy={signIn.isPending || undefined}>
            {signIn.isPending ? t('authSigningIn') : t('authSignIn')}
          </button>
          <p className="login-hint">{t('authHint')}</p>
        </form>
      </main>
    </div>
  );
}
