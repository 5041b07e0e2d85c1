import { useI18n } from '../../i18n/i18n';
import { useWallOwed } from '../data';
import { columnsOf, listAreaVh, listColumns, listRowVh, rowsThatFit } from '../layout';

/**
 * Issue 17 item 2 on the wall: the units owing most reports (GET /api/plans/:id/owed, already
 * ordered owing-most first by the server), only those that owe something: rank, unit, missing
 * cycles, targets concerned, 报送及时率 this year. As many rows as fit; the rest are counted.
 */
export function OwedView({ planId, aspect }: { planId: string; aspect: number }) {
  const { t } = useI18n();
  const owed = useWallOwed(planId);
  const units = (owed.data?.units ?? []).filter((u) => u.missingCycles > 0);
  const rows = rowsThatFit(listAreaVh(aspect, 72), listRowVh(aspect, 8));
  const cols = Math.max(1, Math.min(listColumns(aspect), Math.ceil(units.length / rows)));
  const perCol = Math.max(1, Math.min(rows, Math.ceil(units.length / cols)));
  const { columns, hidden } = columnsOf(units, cols, perCol);
  return (
    <div className="wl-list-view" data-testid="wall-owed">
      <h2 className="wl-view-title">{t('wlOwed')}</h2>
      {!owed.data ? (
        <div className="wl-center wl-dim">{t('wlConnecting')}…</div>
      ) : units.length === 0 ? (
        <div className="wl-center wl-owed-none">{t('wlOwedNone')}</div>
      ) : (
        <div className="wl-columns" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(0, 1fr))` }}>
          {columns.map((col, c) => (
            <ol key={c} className="wl-rows" style={{ gridTemplateRows: `repeat(${Math.max(perCol, 6)}, minmax(0, 1fr))` }}>
              {col.map((u, i) => (
                <li key={u.unit} className="wl-owed-row" data-testid={`owed-${u.unit}`}>
                  <span className="wl-rank">{c * perCol + i + 1}</span>
                  <span className="wl-row-title">{u.name}</span>
                  <span className="wl-row-num wl-owed-n">{t('wlOwedMissing').replace('{n}', String(u.missingCycles))}</span>
                  <span className="wl-row-aux">{t('wlOwedTargets').replace('{n}', String(u.owingTargets))}</span>
                  <span className="wl-row-aux">
                    {t('wlOwedRate')} {u.timeliness.rate === null ? '—' : `${Math.round(u.timeliness.rate * 100)}%`}
                  </span>
                </li>
              ))}
            </ol>
          ))}
        </div>
      )}
      {hidden ? <div className="wl-more">{t('wlMore').replace('{n}', String(hidden))}</div> : null}
    </div>
  );
}
