import { Link } from 'wouter';
import { useI18n } from '../../i18n/i18n';
import { LiveBadge } from '../../live/LiveBadge';
import { useLive } from '../../live/useLive';
import { formatQuantity } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/States';
import { SeriesChart } from '../components/SeriesChart';
import { useSeries, useTarget } from '../hooks/useTargets';
import { withOrigin } from '../series';

export function TargetPage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const target = useTarget(code);
  const series = useSeries(code);
  const live = useLive({ kind: 'target', id: code });

  if (target.isPending) return <Loading />;
  if (target.isError) return <ErrorState error={target.error} onRetry={() => void target.refetch()} />;
  const x = target.data;
  return (
    <section>
      <div className="toolbar">
        <Link href={`/?plan=${x.planId}`}>← {t('back')}</Link>
        <LiveBadge state={live} />
      </div>
      <h2>{x.title}</h2>
      <p className="headline">
        <span className="big" data-testid="target-value">
          {formatQuantity(x.value, x.uom, lang)}
        </span>{' '}
        / {formatQuantity(x.targetValue, x.uom, lang)} · {t('due')} {x.dueDate}
      </p>
      <h3>{t('series')}</h3>
      {series.isPending ? <Loading /> : series.isError ? <ErrorState error={series.error} onRetry={() => void series.refetch()} /> : <SeriesChart points={withOrigin(series.data.points, x.startDate, x.baseline)} targetValue={x.targetValue} uom={x.uom} />}
    </section>
  );
}
