import { useI18n } from '../i18n/i18n';
import { errorText } from './errors';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="state" aria-busy="true">
      {t('loading')}
    </p>
  );
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div className="state state-error" role="alert">
      <p>
        {t('loadError')}: {errorText(error, t)}
      </p>
      <button type="button" onClick={onRetry}>
        {t('retry')}
      </button>
    </div>
  );
}

export function Empty() {
  const { t } = useI18n();
  return <p className="state">{t('empty')}</p>;
}

/** A 404 said in words: the thing a link pointed at does not exist (any more). */
export function NotFound({ message }: { message: string }) {
  return (
    <p className="state state-error" role="alert">
      {message}
    </p>
  );
}
