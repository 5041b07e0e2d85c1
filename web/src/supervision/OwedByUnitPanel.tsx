import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { fill } from '../report/words';
import { svApi } from './api';
import { timelinessText } from './words';
import './supervision.css';

/** 各单位待报 on the overview: units owing most first; a unit opens to its owing targets. */
export function OwedByUnitPanel({ planId }: { planId: string }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ['sv', 'planOwed', planId], queryFn: () => svApi.planOwed(planId) });
  const [open, setOpen] = useState<string | null>(null);
  if (!q.data) return null;
  return (
    <section className="card sv-changes" aria-labelledby="sv-ou-h" data-testid="owed-by-unit">
      <h3 id="sv-ou-h">{t('svOwedByUnit')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('svUnit')}</th>
            <th className="num">{t('svOwedTargets')}</th>
            <th className="num">{t('svOwedCycles')}</th>
            <th className="num">{t('svTimeliness')}</th>
          </tr>
        </thead>
        <tbody>
          {q.data.units.map((u) => (
            <tr key={u.unit} data-unit={u.unit}>
              <td>
                {u.owingTargets > 0 ? (
                  <button type="button" className="sv-link" aria-expanded={open === u.unit} onClick={() => setOpen(open === u.unit ? null : u.unit)}>
                    {u.name}
                  </button>
                ) : (
                  u.name
                )}
                {open === u.unit ? (
                  <ul className="sv-owed-list">
                    {u.items
                      .filter((i) => i.outcome === 'missing')
                      .map((i) => (
                        <li key={i.target}>
                          <Link href={`/targets/${i.target}`}>{i.title}</Link> · {t('svDue')} {i.cycle.due} · {fill(t('svDaysLate'), { n: i.daysLate })}
                        </li>
                      ))}
                  </ul>
                ) : null}
              </td>
              <td className={`num ${u.owingTargets ? 'sv-down' : ''}`}>{u.owingTargets}</td>
              <td className="num">{u.missingCycles}</td>
              <td className="num">{timelinessText(t, u.timeliness)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
