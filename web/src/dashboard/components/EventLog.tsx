import type { EventLogEntry, MeasureKind } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatQuantity } from '../../ui/format';
import { formatInstant } from '../../ui/dates';
import { correctedValue, eventLog } from '../events';
import { PhotoThumbs } from '../../report/photos/PhotoThumbs';

/** The entry's label (a noun, capitalised in English: "Report", "Correction"). */
const KIND: Record<EventLogEntry['kind'], MessageKey> = {
  increment: 'ekIncrement',
  reading: 'ekReading',
  correction: 'ekCorrection',
  note: 'ekNote',
};

function signed(e: EventLogEntry, uom: string, lang: 'zh-CN' | 'en', measure: MeasureKind): string {
  if (e.kind === 'note') return '';
  const v = formatQuantity(Math.abs(e.value), uom, lang);
  const delta = e.kind === 'increment' || (e.kind === 'correction' && measure !== 'reading');
  if (!delta) return formatQuantity(e.value, uom, lang);
  return `${e.value < 0 ? '−' : '+'}${v}`;
}

function Who({ e }: { e: EventLogEntry }) {
  const { t, lang } = useI18n();
  return (
    <p className="small muted">
      {e.reporter ?? t('tdUnknownReporter')}
      {e.source ? ` · ${t('tdSource')} ${e.source}` : ''} ·{' '}
      <time dateTime={e.occurredAt}>{formatInstant(e.occurredAt, lang)}</time>
      {e.receivedAt.slice(0, 16) !== e.occurredAt.slice(0, 16)
        ? ` · ${t('tdReceived')} ${formatInstant(e.receivedAt, lang)}`
        : ''}
      {e.evidence && /^https?:\/\//i.test(e.evidence) ? (
        <>
          {' · '}
          <a href={e.evidence} target="_blank" rel="noreferrer">
            {t('tdEvidence')}
          </a>
        </>
      ) : null}
    </p>
  );
}

/** The target's reports, newest first; each correction sits under the report it corrects, and the original is struck through. */
export function EventLog({ target, entries, uom, measure }: { target: string; entries: EventLogEntry[]; uom: string; measure: MeasureKind }) {
  const { t, lang } = useI18n();
  const items = eventLog(entries);
  if (items.length === 0) return <p className="muted">{t('tdNoEvents')}</p>;
  return (
    <ol className="event-log" data-testid="event-log">
      {items.map((it) => {
        const after = correctedValue(it, measure);
        return (
          <li
            key={it.entry.id}
            data-event={it.entry.id}
            className={it.corrections.length > 0 ? 'is-corrected' : undefined}
          >
            <div className="event-head">
              <span className="event-kind">{t(KIND[it.entry.kind])}</span>
              <span className={it.corrections.length > 0 ? 'num struck' : 'num'}>
                {signed(it.entry, uom, lang, measure)}
              </span>
              {it.corrections.length > 0 ? <span className="flag small">{t('tdCorrected')}</span> : null}
              {after !== null ? (
                <span className="num small">{t('tdCorrectedTo').replace('{v}', formatQuantity(after, uom, lang))}</span>
              ) : null}
              {it.orphan && it.entry.corrects ? (
                <span className="small muted">{t('tdCorrects').replace('{id}', it.entry.corrects)}</span>
              ) : null}
            </div>
            {it.entry.note ? <p className="event-note">{it.entry.note}</p> : null}
            {it.entry.reason ? (
              <p className="event-note">
                {t('tdReason')}
                {t('colon')}
                {it.entry.reason}
              </p>
            ) : null}
            <Who e={it.entry} />
            <PhotoThumbs target={target} eventId={it.entry.id} slots={it.entry.photos} />
            {it.corrections.length > 0 ? (
              <ol className="corrections">
                {it.corrections.map((c) => (
                  <li key={c.id} data-event={c.id} data-corrects={c.corrects ?? ''}>
                    <div className="event-head">
                      <span className="event-kind correction">↳ {t('tdCorrection')}</span>
                      <span className="num">{signed(c, uom, lang, measure)}</span>
                    </div>
                    {c.reason ? (
                      <p className="event-note">
                        {t('tdReason')}
                        {t('colon')}
                        {c.reason}
                      </p>
                    ) : null}
                    {c.note ? <p className="event-note">{c.note}</p> : null}
                    <Who e={c} />
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
