import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import type { LiveState } from './useLive';

/** Says whether the numbers are live, and how old they are when they are not. */
export function LiveBadge({ state }: { state: LiveState }) {
  const { t, lang } = useI18n();
  const [, tick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => tick((n) => n + 1), 10_000);
    return () => clearInterval(id);
  }, []);
  const asOf = state.asOf ? state.asOf.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '—';
  return (
    <span className={`live-badge ${state.connected ? 'is-live' : 'is-offline'}`} role="status" data-testid="live-badge">
      <span className="dot" aria-hidden />
      {state.connected ? t('live') : t('offline')} · {t('dataAsOf')} {asOf}
    </span>
  );
}
