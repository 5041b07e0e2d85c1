import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import type { LiveState } from './client';
import { clockTime } from '../ui/dates';

/** "3 分钟前" / "3 minutes ago", in the page's language. */
function age(ms: number, lang: string): string {
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return rtf.format(-s, 'second');
  if (s < 3600) return rtf.format(-Math.floor(s / 60), 'minute');
  if (s < 86_400) return rtf.format(-Math.floor(s / 3600), 'hour');
  return rtf.format(-Math.floor(s / 86_400), 'day');
}

/**
 * Says whether the numbers are live; when they are not, since when they are unchanged and
 * how old that is ("连接中断 · 数据时间 09:12:03 · 3 分钟前"), ticking while offline.
 * Before the first sync of the page it says 正在重连 (connecting), not 连接中断.
 */
export function LiveBadge({ state }: { state: LiveState }) {
  const { t, lang } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), state.connected ? 10_000 : 1_000);
    return () => clearInterval(id);
  }, [state.connected]);
  const time = state.asOf ? clockTime(state.asOf, lang) : '—';
  return (
    <span className={`live-badge ${state.connected ? 'is-live' : 'is-offline'}`} role="status" data-testid="live-badge" data-connected={state.connected}>
      <span className="dot" aria-hidden />
      {state.connected ? t('live') : state.asOf ? t('offline') : t('reconnecting')} · {t('dataAsOf')} {time}
      {!state.connected && state.asOf ? <> · {age(now - state.asOf.getTime(), lang)}</> : null}
    </span>
  );
}
