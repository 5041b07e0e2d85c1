import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/i18n';
import { fill } from '../report/words';
import { ErrorState } from '../ui/States';
import { svApi, svKeys } from './api';
import './supervision.css';

/** 我的待报 on /report: what the unit owes, most overdue first, with days late or days left. */
export function MyOwed() {
  const { t } = useI18n();
  const q = useQuery({ queryKey: svKeys.myOwed, queryFn: svApi.myOwed });
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return null;
  return (
    <section className="sv-owed" aria-labelledby="sv-owed-h" data-testid="my-owed">
      <h3 id="sv-owed-h">{t('svOwedHeading')}</h3>
      {q.data.items.length === 0 ? <p className="sv-muted">{t('svOwedNone')}</p> : null}
      <ul>
        {q.data.items.map((i) => (
          <li
            key={i.target}
            className={i.outcome === 'missing' ? 'sv-late' : 'sv-open'}
            data-testid="owed-item"
            data-target={i.target}
          >
            <span className={`sv-tag ${i.outcome}`}>{t(i.outcome === 'missing' ? 'svOwedMissing' : 'svOwedOpen')}</span>
            <Link href={`/targets/${i.target}`}>{i.title}</Link>
            <span className="sv-muted">
              {t(`svCadence_${i.cadence}` as MessageKey)} · {t('svCycle')} {i.cycle.start} – {i.cycle.end} ·{' '}
              {t('svDue')} {i.cycle.due}
            </span>
            <strong>
              {i.outcome === 'missing'
                ? `${fill(t('svDaysLate'), { n: i.daysLate })}${i.missingCycles > 1 ? fill(t('uiParen'), { x: fill(t('svCycles'), { n: i.missingCycles }) }) : ''}`
                : fill(t('svDaysToDue'), { n: i.daysToDue })}
            </strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
