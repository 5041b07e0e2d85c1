import { useI18n } from '../../i18n/i18n';
import { counts, type OutboxItem } from '../outbox/logic';
import { useOnline } from '../outbox/hooks';
import { outbox } from '../outbox/store';
import { fill } from '../words';

/** The network as the clerk needs to know it: am I online, and what is still on this phone. */
export function OutboxBar({ items }: { items: readonly OutboxItem[] }) {
  const { t } = useI18n();
  const online = useOnline();
  const c = counts(items);
  return (
    <div
      className={`rp-outbox ${online ? '' : 'is-offline'}`}
      data-testid="outbox-bar"
      data-waiting={c.waiting}
      data-sent={c.sent}
      data-photos-waiting={c.photosWaiting}
    >
      <span className="rp-net">
        <span className="dot" aria-hidden /> {online ? t('rpOnline') : t('rpOfflineNow')}
      </span>
      {c.waiting > 0 ? (
        <strong className="rp-waiting" data-testid="outbox-waiting">
          {fill(t('rpWaitingCount'), { n: c.waiting })}
        </strong>
      ) : null}
      {c.sent > 0 ? <span className="rp-sent">{fill(t('rpSentCount'), { n: c.sent })}</span> : null}
      {c.photosWaiting > 0 ? (
        <span className="rp-sent" data-testid="outbox-photos-waiting">
          {fill(t('phWaiting'), { n: c.photosWaiting })}
        </span>
      ) : null}
      {c.waiting === 0 && c.sent === 0 && c.photosWaiting === 0 && items.length > 0 ? <span className="rp-sent">{t('rpAllSent')}</span> : null}
      {outbox.storageFull() ? (
        <p className="rp-warn" role="alert">
          {t('rpStorageFull')}
        </p>
      ) : null}
    </div>
  );
}
