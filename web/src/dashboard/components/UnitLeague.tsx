import { Link } from 'wouter';
import type { UnitState } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { formatPct } from '../../ui/format';
import { laggingCount } from '../shape';
import { ProgressBar } from '../../ui/ProgressBar';

/** Departments ranked by weighted completion, with reporting timeliness and how many targets need a hand. */
export function UnitLeague({ units, planId }: { units: UnitState[]; planId: string }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="units-h">
      <h3 id="units-h">{t('ovUnits')}</h3>
      <div className="table-scroll">
        <table className="data league" data-testid="league">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('ovRank')}
              </th>
              <th scope="col">{t('ovUnitCol')}</th>
              <th scope="col" className="num">
                {t('progress')}
              </th>
              <th scope="col" className="num">
                {t('ovTimeliness')}
              </th>
              <th scope="col" className="num">
                {t('ovLagging')}
              </th>
            </tr>
          </thead>
          <tbody>
            {units.map((u, i) => {
              const lag = laggingCount(u.aggregate);
              return (
                <tr key={u.code} data-unit={u.code}>
                  <td className="num">{i + 1}</td>
                  <th scope="row">
                    <Link href={`/units/${encodeURIComponent(u.code)}?plan=${encodeURIComponent(planId)}`}>
                      {u.name}
                    </Link>
                  </th>
                  <td className="num">
                    <span className="bar-cell">
                      <ProgressBar pct={u.aggregate.pct} />
                      {formatPct(u.aggregate.pct)}
                    </span>
                  </td>
                  <td className={u.timeliness < 0.8 ? 'num verdict-bad' : 'num'}>{formatPct(u.timeliness * 100)}</td>
                  <td className={lag > 0 ? 'num verdict-bad' : 'num'}>{lag}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
