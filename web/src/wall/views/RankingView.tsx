import type { PlanOverview } from '@luoshi/shared';
import { laggingCount, leagueTable } from '../../dashboard/shape';
import { useI18n } from '../../i18n/i18n';
import { Bar, Live, pctText } from '../common';
import { columnsOf, listAreaVh, listColumns, listRowVh, rowsThatFit } from '../layout';

/** Departments by weighted completion, with how many of their targets lag and how punctually they report. */
export function RankingView({ overview, aspect }: { overview: PlanOverview; aspect: number }) {
  const { t } = useI18n();
  const units = leagueTable(overview.units);
  const rows = rowsThatFit(listAreaVh(aspect, 72), listRowVh(aspect, 7.5));
  // More columns only when one is not enough (ultra-wide screens hold three).
  const cols = Math.max(1, Math.min(listColumns(aspect), Math.ceil(units.length / rows)));
  const perCol = Math.max(1, Math.min(rows, Math.ceil(units.length / cols)));
  const { columns, hidden } = columnsOf(units, cols, perCol);
  return (
    <div className="wl-list-view">
      <h2 className="wl-view-title">{t('wlRanking')}</h2>
      <div className="wl-columns" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(0, 1fr))` }}>
        {columns.map((col, c) => (
          <ol key={c} className="wl-rows" style={{ gridTemplateRows: `repeat(${Math.max(perCol, 6)}, minmax(0, 1fr))` }}>
            {col.map((u, i) => {
              const lag = laggingCount(u.aggregate);
              return (
                <li key={u.code} className="wl-rank-row" data-testid={`rank-${u.code}`}>
                  <span className="wl-rank">{c * perCol + i + 1}</span>
                  <span className="wl-row-title">{u.name}</span>
                  <Bar pct={u.aggregate.pct} />
                  <span className="wl-row-num">
                    <Live value={u.aggregate.pct}>{pctText(u.aggregate.pct)}%</Live>
                  </span>
                  <span className={`wl-row-aux ${lag > 0 ? 'wl-warn' : ''}`}>
                    {t('wlLagging')} {lag}
                  </span>
                </li>
              );
            })}
          </ol>
        ))}
      </div>
      {hidden ? <div className="wl-more">{t('wlMore').replace('{n}', String(hidden))}</div> : null}
    </div>
  );
}
