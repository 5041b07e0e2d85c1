import type { PlanOverview } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { formatPct } from '../../ui/format';
import { asOfYmd, formatInstant, formatYmd } from '../../ui/dates';
import { ProgressBar } from '../../ui/ProgressBar';

export function OverallCard({ overview }: { overview: PlanOverview }) {
  const { t, lang } = useI18n();
  const { plan, aggregate, asOf } = overview;
  return (
    <section className="card overall" aria-labelledby="overall-h">
      <h3 id="overall-h">
        {t('ovOverall')} <small>{t('paren').replace('{x}', t('ovWeighted'))}</small>
      </h3>
      <p className="big-number" data-testid="overall-pct">
        {formatPct(aggregate.pct)}
      </p>
      <ProgressBar pct={aggregate.pct} mark={overview.periodElapsed * 100} />
      <p className="muted">
        {t('ovTargetsCount').replace('{n}', String(overview.targets.length))}
        <br />
        <span className="nowrap">{formatYmd(plan.periodStart, lang)}</span> –{' '}
        <span className="nowrap">{formatYmd(plan.periodEnd, lang)}</span>
      </p>
      <p className="muted small">
        {t('ovAsOf')} {asOf.includes('T') ? formatInstant(asOf, lang) : formatYmd(asOfYmd(asOf), lang)}
      </p>
    </section>
  );
}
