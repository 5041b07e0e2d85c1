import { useI18n } from '../../i18n/i18n';
import { formatInstant } from '../../ui/dates';
import type { OutboxItem } from '../outbox/logic';
import { outbox } from '../outbox/store';
import { fill, refusalText } from '../words';
import { OutboxPhotos } from '../photos/OutboxPhotos';

/** One report's journey in words: 待发送 → 已发送 → 已计入 / 未被接受 (with the reason), and where its photos are. */
export function ItemState({ item, now }: { item: OutboxItem; now?: string | undefined }) {
  return (
    <>
      <EventState item={item} now={now} />
      <OutboxPhotos item={item} />
    </>
  );
}

function EventState({ item, now }: { item: OutboxItem; now?: string | undefined }) {
  const { t, lang } = useI18n();
  const id = item.event.id;
  const common = { 'data-testid': 'report-state', 'data-state': item.state, 'data-event': id } as const;
  switch (item.state) {
    case 'waiting':
      return (
        <p className="rp-state is-waiting" role="status" {...common}>
          <span aria-hidden>○</span> {t(item.attempts > 0 ? 'rpStateWaitingWhy' : 'rpStateWaiting')}
        </p>
      );
    case 'sent':
      return (
        <p className="rp-state is-sent" role="status" {...common}>
          <span aria-hidden>…</span> {t('rpStateSent')}
        </p>
      );
    case 'counted':
    case 'duplicate':
      return (
        <p className="rp-state is-counted" role="status" {...common}>
          <span aria-hidden>✓</span> {t(item.state === 'counted' ? 'rpStateCounted' : 'rpStateDuplicate')}
          {now ? <span className="rp-now"> · {now}</span> : null}
          {item.decidedAt ? (
            <span className="rp-when"> · {formatInstant(new Date(item.decidedAt).toISOString(), lang)}</span>
          ) : null}
        </p>
      );
    case 'rejected':
      return (
        <div className="rp-state is-rejected" role="alert" {...common}>
          <p>
            <span aria-hidden>✕</span> <strong>{t('rpStateRejected')}</strong>
            {t('colon')}
            <span data-testid="report-reason">{refusalText(t, item.code)}</span>
          </p>
          {item.message ? (
            <p className="rp-server-said">
              {t('rpServerSaid')}: {item.message}
            </p>
          ) : null}
          <button type="button" className="rp-link" onClick={() => outbox.dismiss(id)}>
            {t('rpDismiss')}
          </button>
        </div>
      );
  }
}

/** "当前 1,234 人，完成 56.0%" for a counted report's target. */
export function nowText(t: (k: 'rpNowValue') => string, value: string, pct: string): string {
  return fill(t('rpNowValue'), { value, pct });
}
