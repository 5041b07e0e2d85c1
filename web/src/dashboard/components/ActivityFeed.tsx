import { Link } from 'wouter';
import type { ActivityItem } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatQuantity } from '../../ui/format';
import { asOfYmd, formatInstant } from '../../ui/dates';

const KIND: Record<ActivityItem['kind'], MessageKey> = {
  increment: 'akIncrement',
  reading: 'akReading',
  correction: 'akCorrection',
  note: 'akNote',
};

function amount(a: ActivityItem, lang: 'zh-CN' | 'en'): string {
  if (a.kind === 'note') return a.note ?? '';
  const v = formatQuantity(Math.abs(a.value), a.uom, lang);
  if (a.kind === 'increment') return `+${v}`;
  if (a.kind === 'correction' && a.value < 0) return `−${v}`;
  if (a.kind === 'correction') return `+${v}`;
  return v;
}

/** By arrival, then by when it happened (a backfill arrives at once), newest first. */
function newestFirst(a: ActivityItem, b: ActivityItem): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? 1 : -1;
  return a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0;
}

/** Who reported what, how much, when; newest first. Announced politely to screen readers as it grows. */
export function ActivityFeed({
  items,
  unitName,
  limit = 12,
  today,
}: {
  items: ActivityItem[];
  unitName: (code: string) => string;
  limit?: number;
  /** China date of "today" (the overview's asOf): lines received that day are counted in the heading. */
  today?: string;
}) {
  const { t, lang } = useI18n();
  const shown = [...items].sort(newestFirst).slice(0, limit);
  return (
    <section className="card feed" aria-labelledby="feed-h">
      <h3 id="feed-h">
        {t('ovActivity')}{' '}
        {today ? (
          <span className="muted small" data-testid="activity-today">
            {t('ovToday').replace('{n}', String(items.filter((a) => asOfYmd(a.receivedAt) === today).length))}
          </span>
        ) : null}
      </h3>
      {shown.length === 0 ? (
        <p className="muted">{t('ovActivityNone')}</p>
      ) : (
        <ol className="feed-list" aria-live="polite" data-testid="activity">
          {shown.map((a) => (
            <li key={a.eventId} className={`feed-${a.kind}`}>
              <time dateTime={a.occurredAt} className="small muted">
                {formatInstant(a.occurredAt, lang)}
              </time>
              <span>
                <strong>{a.reporter ?? unitName(a.ownerUnit)}</strong> {t(KIND[a.kind])}{' '}
                <Link href={`/targets/${encodeURIComponent(a.target)}`}>{a.targetTitle}</Link>{' '}
                <span className={a.kind === 'correction' ? 'num verdict-bad' : 'num'}>{amount(a, lang)}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
