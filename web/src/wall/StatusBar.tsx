import { useI18n, type Lang } from '../i18n/i18n';
import { live } from '../live/socket';
import type { LiveState } from '../live/client';
import { heardAt, useNow } from './data';
import { freshness, type Freshness } from './staleness';
import { CHINA_TZ, clockTime } from '../ui/dates';

const LABEL: Record<Freshness, 'wlLive' | 'wlStale' | 'wlOffline' | 'wlConnecting'> = {
  live: 'wlLive',
  stale: 'wlStale',
  offline: 'wlOffline',
  connecting: 'wlConnecting',
};

const time = (ms: number, lang: Lang, seconds = true): string => clockTime(ms, lang, seconds);

/**
 * The honest corner: the clock, when the data on screen was last known current (数据时间),
 * and whether it is live, possibly out of date, or cut off. Re-renders once a second on
 * its own; the views do not.
 */
export function StatusBar({ state, rotationMs, staleAfterMs }: { state: LiveState; rotationMs: number; staleAfterMs: number | null }) {
  const { t, lang } = useI18n();
  const now = useNow(1_000);
  const asOf = state.asOf?.getTime() ?? null;
  const heard = heardAt();
  const last = heard === null ? asOf : asOf === null ? heard : Math.max(heard, asOf);
  const f = freshness({ connected: state.connected && live.socket.connected, lastHeardMs: last, nowMs: now, rotationMs, staleAfterOverrideMs: staleAfterMs });
  const d = new Date(now);
  return (
    <div className="wl-status-bar">
      <span className={`wl-fresh wl-fresh-${f}`} role="status" data-testid="wall-freshness" data-state={f}>
        <span className="wl-dot" aria-hidden />
        {t(LABEL[f])}
      </span>
      <span className="wl-asof" data-testid="wall-asof">
        {t('wlDataAsOf')} <b>{last === null ? '—' : time(last, lang)}</b>
      </span>
      <span className="wl-clock" data-testid="wall-clock">
        <small>{d.toLocaleDateString(lang, { month: 'numeric', day: 'numeric', weekday: 'short', timeZone: CHINA_TZ })}</small> {time(now, lang)}
      </span>
    </div>
  );
}
