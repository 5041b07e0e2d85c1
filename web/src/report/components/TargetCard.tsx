import type { MyTarget } from '@luoshi/shared';
import { StatusBadge } from '../../ui/StatusBadge';
import { ProgressBar } from '../../ui/ProgressBar';
import { Completion } from '../../ui/Completion';
import { barPct, completionText } from '../../ui/progress';
import { formatInstant } from '../../ui/dates';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity } from '../../ui/format';
import type { OutboxItem } from '../outbox/logic';
import { CorrectionForm } from './CorrectionForm';
import { ItemState, nowText } from './ItemState';
import { ReportForm } from './ReportForm';

export type CardMode = 'report' | 'correct' | null;

/** A target as the clerk sees it: where it stands, when it was last reported, and what became of the last report from this device. */
export function TargetCard({
  target,
  mode,
  setMode,
  latest,
  onSent,
}: {
  target: MyTarget;
  mode: CardMode;
  setMode: (m: CardMode) => void;
  latest: OutboxItem | null;
  onSent: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const q = (v: number) => formatQuantity(v, target.uom, lang);
  const reportable = target.measureKind !== 'ratio';
  const toggle = (m: Exclude<CardMode, null>) => setMode(mode === m ? null : m);
  return (
    <li className="rp-card" data-testid="rp-card" data-target={target.code}>
      <div className="rp-card-head">
        <span className="rp-title">
          {target.title}
          <small className="rp-code">{target.code}</small>
        </span>
        <StatusBadge status={target.status} />
      </div>
      <div className="rp-figures">
        <strong data-testid="rp-value">{q(target.value)}</strong>
        <span className="rp-muted"> / {q(target.targetValue)}</span>
        <span className="rp-pct">
          <Completion x={target} testId="rp-pct" />
        </span>
      </div>
      <ProgressBar
        pct={barPct(target)}
        mark={target.measureKind !== 'ceiling' && target.targetValue ? (target.expected / target.targetValue) * 100 : null}
      />
      <p className="rp-last" data-testid="rp-last">
        {t('rpLastBy')}
        {t('colon')}
        {target.lastReceivedAt ? (
          <>
            {formatInstant(target.lastReceivedAt, lang)}
            {target.lastReporter ? ` · ${target.lastReporter}` : ''}
          </>
        ) : (
          t('rpNeverReported')
        )}
      </p>
      {latest ? (
        <ItemState
          item={latest}
          now={
            latest.state === 'counted' || latest.state === 'duplicate'
              ? nowText(t, q(target.value), completionText(target, t))
              : undefined
          }
        />
      ) : null}
      {reportable ? (
        <div className="rp-actions">
          <button
            type="button"
            className={mode === 'report' ? 'is-on' : ''}
            aria-expanded={mode === 'report'}
            onClick={() => toggle('report')}
            data-testid="rp-open-report"
          >
            {mode === 'report' ? t('rpClose') : t('rpReport')}
          </button>
          <button
            type="button"
            className={mode === 'correct' ? 'is-on' : ''}
            aria-expanded={mode === 'correct'}
            onClick={() => toggle('correct')}
            data-testid="rp-open-correct"
          >
            {mode === 'correct' ? t('rpClose') : t('rpCorrect')}
          </button>
        </div>
      ) : (
        <p className="rp-muted">{t('rpRatioNotReportable')}</p>
      )}
      {mode === 'report' ? <ReportForm target={target} onSent={onSent} /> : null}
      {mode === 'correct' ? <CorrectionForm target={target} onSent={onSent} /> : null}
    </li>
  );
}
