import type { ActivityItem } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity } from '../../ui/format';
import { useFlash } from '../common';
import { listAreaVh, listRowVh, rowsThatFit } from '../layout';
import { clockTime } from '../../ui/dates';

export function activityText(a: ActivityItem, lang: 'zh-CN' | 'en'): string {
  const v = formatQuantity(a.value, a.uom, lang);
  switch (a.kind) {
    case 'increment':
      return `+${v}`;
    case 'reading':
      return `= ${v}`;
    case 'correction':
      return `${a.value >= 0 ? '+' : ''}${v} ↺`;
    case 'note':
      return a.note ?? '';
  }
}

export const hhmm = (iso: string): string => {
  const d = new Date(iso);
  // China time, like the wall's clock and every list in the app, whatever the screen's zone.
  return Number.isNaN(d.getTime()) ? '' : clockTime(d, 'zh-CN', false);
};

function Line({ a, units, lang }: { a: ActivityItem; units: ReadonlyMap<string, string>; lang: 'zh-CN' | 'en' }) {
  return (
    <li className="wl-tick-row" data-testid={`tick-${a.eventId}`}>
      <span className="wl-tick-time">{hhmm(a.receivedAt)}</span>
      <span className="wl-tick-unit">{units.get(a.ownerUnit) ?? a.ownerUnit}</span>
      <span className="wl-row-title">{a.targetTitle}</span>
      <span className="wl-tick-value">{activityText(a, lang)}</span>
      <span className="wl-tick-who">{a.reporter ?? a.source ?? ''}</span>
    </li>
  );
}

/** The newest reports, newest on top; the newest glows when it arrives. */
export function TickerView({ items, units, aspect }: { items: readonly ActivityItem[]; units: ReadonlyMap<string, string>; aspect: number }) {
  const { t, lang } = useI18n();
  const rows = rowsThatFit(listAreaVh(aspect, 70), listRowVh(aspect, 7));
  const shown = items.slice(0, rows);
  const flash = useFlash(shown[0]?.eventId);
  return (
    <div className="wl-list-view">
      <h2 className="wl-view-title">{t('wlTicker')}</h2>
      {shown.length === 0 ? (
        <div className="wl-center">{t('wlNoActivity')}</div>
      ) : (
        <ol className={`wl-rows wl-ticker ${flash ? 'is-new' : ''}`} style={{ gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }}>
          {shown.map((a) => (
            <Line key={a.eventId} a={a} units={units} lang={lang} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** The footer's one line: the newest report, on every view. */
export function LatestLine({ item, units }: { item: ActivityItem | undefined; units: ReadonlyMap<string, string> }) {
  const { t, lang } = useI18n();
  const flash = useFlash(item?.eventId);
  return (
    <div className={`wl-latest ${flash ? 'is-changed' : ''}`} data-testid="wall-latest" data-changed={flash || undefined}>
      <span className="wl-latest-tag">{t('wlLatest')}</span>
      {item ? (
        <span className="wl-latest-text">
          {hhmm(item.receivedAt)} {units.get(item.ownerUnit) ?? item.ownerUnit} · {item.targetTitle} <b>{activityText(item, lang)}</b>
          {item.reporter ? ` · ${item.reporter}` : ''}
        </span>
      ) : (
        <span className="wl-latest-text">{t('wlNoActivity')}</span>
      )}
    </div>
  );
}
