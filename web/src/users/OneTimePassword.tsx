import { useI18n } from '../i18n/i18n';

/**
 * A generated password, shown this once: the server keeps only its hash and will never
 * return it again, so the admin copies it now and passes it on.
 */
export function OneTimePassword({
  username,
  password,
  onDone,
}: {
  username: string;
  password: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="us-once" role="status" data-testid="one-time-password">
      <p>
        <strong>{t('usOnceTitle').replace('{user}', username)}</strong>
      </p>
      <code className="us-secret" data-testid="one-time-password-value">
        {password}
      </code>
      <p className="us-muted">{t('usOnceNote')}</p>
      <div className="us-actions">
        <button type="button" onClick={() => void navigator.clipboard?.writeText(password).catch(() => undefined)}>
          {t('usCopy')}
        </button>
        <button type="button" onClick={onDone} data-testid="one-time-password-done">
          {t('usOnceDone')}
        </button>
      </div>
    </div>
  );
}
