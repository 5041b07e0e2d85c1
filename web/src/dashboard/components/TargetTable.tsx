import { Link } from 'wouter';
import type { TargetState } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity, readable } from '../../ui/format';
import { Completion } from '../../ui/Completion';
import { barPct, baselineNote } from '../../ui/progress';
import '../../ui/ui.css';
import { ProgressBar } from '../../ui/ProgressBar';
import { StatusBadge } from '../../ui/StatusBadge';

/** Targets with current value, target, completion against where they should be, and status. */
export function TargetTable({
  targets,
  unitName,
  showUnit = true,
}: {
  targets: TargetState[];
  unitName: (code: string) => string;
  showUnit?: boolean;
}) {
  const { t, lang } = useI18n();
  return (
    <div className="table-scroll">
      <table className="data targets-table" data-testid="target-table">
        <thead>
          <tr>
            <th scope="col">{t('targets')}</th>
            {showUnit ? (
              <th scope="col" className="col-unit">
                {t('xUnit')}
              </th>
            ) : null}
            <th scope="col" className="num">
              {t('current')}
            </th>
            <th scope="col" className="num col-target">
              {t('target')}
            </th>
            <th scope="col" className="num">
              {t('progress')}
            </th>
            <th scope="col" className="col-status">
              {t('ovStatus')}
            </th>
          </tr>
        </thead>
        <tbody>
          {targets.map((x) => {
            const q = x.targetValue - x.baseline;
            const expectedPct = q !== 0 ? ((x.expected - x.baseline) / q) * 100 : null;
            const base = baselineNote(x, t, lang);
            return (
              <tr key={x.code} data-target={x.code}>
                <th scope="row">
                  <Link href={`/targets/${encodeURIComponent(x.code)}`}>{x.title}</Link>
                  <span className="row-tags">
                    <span className="status-inline">
                      <StatusBadge status={x.status} />
                    </span>
                    {x.halfwayFlagged ? <span className="flag small">{t('tdHalfway')}</span> : null}
                  </span>
                </th>
                {showUnit ? <td className="col-unit">{unitName(x.ownerUnit)}</td> : null}
                <td className="num" data-testid={`value-${x.code}`}>
                  {formatQuantity(readable(x.value), x.uom, lang)}
                </td>
                <td className="num col-target">
                  {formatQuantity(x.targetValue, x.uom, lang)}
                  {base ? (
                    <span className="baseline-note small muted" data-testid={`baseline-${x.code}`}>
                      {base}
                    </span>
                  ) : null}
                </td>
                <td className="num">
                  <span className="bar-cell">
                    <ProgressBar
                      pct={barPct(x)}
                      mark={x.measureKind === 'ceiling' ? null : expectedPct}
                      tone={x.measureKind === 'ceiling' && x.value > x.targetValue ? 'bad' : undefined}
                    />
                    <Completion x={x} testId={`pct-${x.code}`} />
                  </span>
                </td>
                <td className="col-status">
                  <StatusBadge status={x.status} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
