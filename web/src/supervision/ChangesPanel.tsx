import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { defaultPeriods } from '@luoshi/shared';
import { useI18n } from '../i18n/i18n';
import { formatPct } from '../ui/format';
import { svApi } from './api';
import { rankArrow } from './words';
import './supervision.css';

/** 变化 on the overview: this week vs last week (or month), new laggards, recoveries and rank moves. */
export function ChangesPanel({ planId, today }: { planId: string; today: string }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'week' | 'month'>('week');
  const p = defaultPeriods(today, kind);
  const q = useQuery({ queryKey: ['sv', 'compare', planId, p.from, p.to], queryFn: () => svApi.compare(planId, p.from, p.to) });
  const c = q.data;
  return (
    <section className="card sv-changes" aria-labelledby="sv-ch-h" data-testid="changes">
      <h3 id="sv-ch-h">
        {t('svChanges')}{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value === 'month' ? 'month' : 'week')} aria-label={t('svChanges')}>
          <option value="week">{t('svChangesWeek')}</option>
          <option value="month">{t('svChangesMonth')}</option>
        </select>{' '}
        <Link href={`/plans/${planId}/monthly`}>{t('svMonthly')}</Link>
      </h3>
      {c ? (
        <>
          <dl>
            <div>
              <dt>{t('svNewLaggards')}</dt>
              <dd className={c.summary.newLaggards ? 'sv-down' : ''} data-testid="new-laggards">
                {c.summary.newLaggards}
              </dd>
            </div>
            <div>
              <dt>{t('svRecoveries')}</dt>
              <dd className={c.summary.recoveries ? 'sv-up' : ''}>{c.summary.recoveries}</dd>
            </div>
            <div>
              <dt>{t('svStatusChanges')}</dt>
              <dd>{c.summary.statusChanges}</dd>
            </div>
          </dl>
          <table>
            <thead>
              <tr>
                <th>{t('svUnit')}</th>
                <th className="num">{t('svCompletion')}</th>
                <th className="num">{t('svRankChange')}</th>
              </tr>
            </thead>
            <tbody>
              {c.units.map((u) => (
                <tr key={u.code}>
                  <td>{u.name}</td>
                  <td className="num">
                    {formatPct(u.pctTo)}
                    {u.pctChange ? <small className={u.pctChange > 0 ? 'sv-up' : 'sv-down'}> {u.pctChange > 0 ? '+' : ''}{u.pctChange.toFixed(1)}</small> : null}
                  </td>
                  <td className={`num ${u.rankChange && u.rankChange > 0 ? 'sv-up' : u.rankChange && u.rankChange < 0 ? 'sv-down' : ''}`}>{rankArrow(u.rankChange)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
