import { Link } from 'wouter';
import type { TargetState } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity, readable } from '../../ui/format';
import { Completion } from '../../ui/Completion';
import { barPct, baselineNote } from '../../ui/progress';
import { asOfYmd, formatYmd } from '../../ui/dates';
import { ProgressBar } from '../../ui/ProgressBar';
import { StatusBadge } from '../../ui/StatusBadge';

/** The headline of a target: value against target, where it should be, and the run-rate still needed. */
export function TargetFacts({
  target: x,
  unitName,
  section,
}: {
  target: TargetState;
  unitName: string;
  section: string;
}) {
  const { t, lang } = useI18n();
  const q = (v: number): string => formatQuantity(readable(v), x.uom, lang);
  const span = x.targetValue - x.baseline;
  const expectedPct = span !== 0 ? ((x.expected - x.baseline) / span) * 100 : null;
  const open = x.status !== 'achieved' && x.status !== 'overdue';
  const base = baselineNote(x, t, lang);
  return (
    <header className="card target-facts">
      <p className="small muted">
        {x.code}
        {section ? ` · ${section}` : ''}
      </p>
      <h2>
        {x.title} {x.status ? <StatusBadge status={x.status} /> : null}
        {x.halfwayFlagged ? <span className="flag small">{t('tdHalfway')}</span> : null}
      </h2>
      <p className="headline">
        <span className="big" data-testid="target-value">
          {q(x.value)}
        </span>{' '}
        / {formatQuantity(x.targetValue, x.uom, lang)}
        {x.measureKind === 'ceiling' ? t('comma') : ' · '}
        <Completion x={x} testId="target-pct" />
      </p>
      {base ? (
        <p className="small muted" data-testid="target-baseline">
          {base}
        </p>
      ) : null}
      <ProgressBar
        pct={barPct(x)}
        mark={x.measureKind === 'ceiling' ? null : expectedPct}
        tone={x.measureKind === 'ceiling' && x.value > x.targetValue ? 'bad' : undefined}
      />
      {open && x.measureKind !== 'ceiling' && x.requiredRate !== null && x.requiredRate > 0 ? (
        <p className="required" data-testid="required-rate">
          {t('tdRequired').replace('{v}', q(x.requiredRate))}
        </p>
      ) : null}
      <dl className="facts">
        <div>
          <dt>{x.measureKind === 'ceiling' ? t('ovAllowance') : t('ovExpected')}</dt>
          <dd className="num">{typeof x.expected === 'number' ? q(x.expected) : '—'}</dd>
        </div>
        <div>
          <dt>{t('tdOwner')}</dt>
          <dd>
            <Link href={`/units/${encodeURIComponent(x.ownerUnit)}?plan=${encodeURIComponent(x.planId)}`}>
              {unitName}
            </Link>
          </dd>
        </div>
        <div>
          <dt>{t('tdStart')}</dt>
          <dd>{formatYmd(x.startDate, lang)}</dd>
        </div>
        <div>
          <dt>{t('due')}</dt>
          <dd>{formatYmd(x.dueDate, lang)}</dd>
        </div>
        <div>
          <dt>{t('lastReport')}</dt>
          <dd>{x.lastOccurredAt ? formatYmd(asOfYmd(x.lastOccurredAt), lang) : t('never')}</dd>
        </div>
      </dl>
      {open ? (
        <p
          className={x.forecastDate && x.forecastDate > x.dueDate ? 'small verdict-bad' : 'small muted'}
          data-testid="forecast"
        >
          {x.runRate !== null && x.runRate !== undefined
            ? `${t('tdRunRate').replace('{v}', q(x.runRate))}${t('comma')}`
            : ''}
          {x.forecastDate
            ? t('tdForecast').replace('{d}', formatYmd(x.forecastDate, lang))
            : x.projectedValueAtDue !== null && x.projectedValueAtDue !== undefined
              ? t('tdForecastLate').replace('{v}', q(x.projectedValueAtDue))
              : t('tdForecastNone')}
        </p>
      ) : null}
    </header>
  );
}
