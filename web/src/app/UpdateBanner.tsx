import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';

export const UPDATED_EVENT = 'luoshi:updated';

/** "已更新到新版本 · 刷新": shown once a new version's service worker has taken over (see sw.ts). */
export function UpdateBanner() {
  const { t } = useI18n();
  const [updated, setUpdated] = useState(false);
  useEffect(() => {
    const on = (): void => setUpdated(true);
    window.addEventListener(UPDATED_EVENT, on);
    return () => window.removeEventListener(UPDATED_EVENT, on);
  }, []);
  if (!updated) return null;
  return (
    <div className="update-banner" role="status" data-testid="update-banner">
      {t('appUpdated')}{' '}
      <button type="button" onClick={() => window.location.reload()}>
        {t('appReload')}
      </button>
    </div>
  );
}
