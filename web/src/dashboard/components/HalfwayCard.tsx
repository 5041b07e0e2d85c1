import type { PlanOverview } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { formatPct } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';

/** 时间过半、任务过半: time elapsed (working days) against work done, and the targets that fail it. */
export function HalfwayCard({ overview }: { overview: PlanOverview }) {
  const { t } = useI18n();
  const elapsed = overview.periodElapsed * 100;
  const done = overview.aggregate.pct;
  const { applicable, flagged } = overview.halfway;
  const behind = done !== null && done < elapsed;
  return (
    <section className="card halfway" aria-labelledby="halfway-h" data-testid="halfway">
      <h3 id="halfway-h">{t('ovHalfway')}</h3>
      <dl className="halfway-bars">
        <dt>{t('ovElapsed')}</dt>
        <dd>
          <ProgressBar pct={elapsed} tone="muted" />
          <span className="num">{formatPct(elapsed)}</span>
        </dd>
        <dt>{t('ovPlanDone')}</dt>
        <dd>
          <ProgressBar pct={done} tone={behind ? 'bad' : 'ok'} />
          <span className="num">{formatPct(done)}</span>
        </dd>
      </dl>
      <p className={behind ? 'verdict verdict-bad' : 'verdict'}>
        {behind ? t('ovHalfwayBehind') : t('ovHalfwayAhead')}
      </p>
      <p className={applicable && flagged > 0 ? 'verdict verdict-bad' : 'muted'} data-testid="halfway-flagged">
        {!applicable
          ? t('ovHalfwayNA')
          : flagged > 0
            ? t('ovHalfwayFlagged').replace('{n}', String(flagged))
            : t('ovHalfwayNone')}
      </p>
    </section>
  );
}
