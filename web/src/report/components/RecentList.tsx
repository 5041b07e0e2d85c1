import { formatInstant } from '../../ui/dates';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity } from '../../ui/format';
import type { OutboxItem } from '../outbox/logic';
import { ItemState } from './ItemState';

/** What this device reported lately, newest first, waiting ones included: "did my report go?". */
export function RecentList({ items }: { items: readonly OutboxItem[] }) {
  const { t, lang } = useI18n();
  const recent = [...items]
    .filter((i) => i.origin !== 'upload')
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, 20);
  return (
    <section className="rp-recent" data-testid="recent-list">
      <h3>{t('rpRecent')}</h3>
      {recent.length === 0 ? <p className="rp-muted">{t('rpRecentEmpty')}</p> : null}
      <ul>
        {recent.map((i) => (
          <li key={i.event.id} data-testid="recent-item" data-event={i.event.id}>
            <div className="rp-recent-line">
              <span className="rp-title">{i.title}</span>
              <span className="rp-kind">{t(`rpKind_${i.event.kind}`)}</span>
              <strong>{formatQuantity(i.event.value, i.uom, lang)}</strong>
              <span className="rp-muted">{formatInstant(i.event.occurredAt, lang)}</span>
            </div>
            <ItemState item={i} />
          </li>
        ))}
      </ul>
    </section>
  );
}
