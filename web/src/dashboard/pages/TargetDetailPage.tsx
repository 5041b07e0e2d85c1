import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { chinaDate } from '@luoshi/shared';
import { planAdminApi } from '../../plan-admin/api';
import { CancelledBanner, TargetHistory } from '../../plan-admin/TargetHistory';
import { Link, useSearchParams } from 'wouter';
import type { SeriesBucket } from '@luoshi/shared';
import { ApiError, keys } from '../../app/api';
import { useI18n } from '../../i18n/i18n';
import { LiveBadge } from '../../live/LiveBadge';
import { useLive } from '../../live/useLive';
import { ErrorState, Loading, NotFound } from '../../ui/States';
import { useSeries } from '../hooks/useSeries';
import { burnupData } from '../burnup';
import { pageChunk } from '../../app/lazy-page';
import type { BurnupChart as BurnupChartComponent } from '../components/BurnupChart';
import { EventLog } from '../components/EventLog';
import { TargetFacts } from '../components/TargetFacts';
import { asOfYmd } from '../../ui/dates';
import { useLiveRefresh } from '../hooks/useLiveRefresh';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { useOverview } from '../hooks/useOverview';
import { useTargetEvents } from '../hooks/useTargetEvents';
import { useTargetState } from '../hooks/useTargetState';
import { sectionPath } from '../shape';
import { TargetSupervision } from '../../supervision/TargetSupervision';
import '../dashboard.css';

const readBucket = (b: string | null): SeriesBucket => (b === 'week' || b === 'month' ? b : 'day');

/**
 * The chart with Recharts (86 kB br), asked for as soon as this page's module runs (a cold
 * link's index.html has it on the way already, web/app/deep-links.ts `also`). The page does not
 * wait for it: facts and reports are drawn while it arrives, so when it does only the chart is
 * left to draw (issue 18.9). Not React.lazy: no suspense, no fallback throttle on the reveal.
 */
const chartChunk = pageChunk(() => import('../components/BurnupChart'));
void chartChunk.load().catch(() => undefined); // the page's render tries again

function useBurnupChart(): typeof BurnupChartComponent | undefined {
  const [mod, setMod] = useState(() => chartChunk.loaded());
  useEffect(() => {
    if (mod) return;
    let live = true;
    chartChunk.load().then(
      (m) => live && setMod(m),
      () => undefined, // offline without it in the cache: the space stays, the rest of the page works
    );
    return () => {
      live = false;
    };
  }, [mod]);
  return mod?.BurnupChart;
}

/** One commitment: where it stands, the burn-up against plan and forecast, and every report with its corrections. */
export function TargetDetailPage({ code }: { code: string }) {
  const { t } = useI18n();
  const target = useTargetState(code);
  const BurnupChart = useBurnupChart();
  const [params, setParams] = useSearchParams();
  const bucket = readBucket(params.get('bucket'));
  const series = useSeries(code, bucket);
  const events = useTargetEvents(code);
  // Adjustments (调整, issue 16): listed below and marked on the chart.
  const changes = useQuery({ queryKey: ['target-changes', code], queryFn: () => planAdminApi.changes(code) });
  const adjustedDays = useMemo(() => (changes.data?.changes ?? []).map((c) => chinaDate(c.changedAt) ?? c.changedAt.slice(0, 10)), [changes.data]);
  const overview = useOverview(target.data?.planId);
  const live = useLive({ kind: 'target', id: code });
  useLiveRefresh(
    [keys.targetState(code), keys.events(code)],
    (u) => u.target === code,
    (a) => a.target === code,
  );

  useDocumentTitle(target.data?.title);
  const x = target.data;
  const asOf = series.data?.asOf ?? (overview.data ? asOfYmd(overview.data.asOf) : asOfYmd(new Date().toISOString()));
  const chart = useMemo(
    () =>
      x && series.data
        ? burnupData(x, series.data.points, asOf, { expected: series.data.expected, forecast: series.data.forecast })
        : null,
    [x, series.data, asOf],
  );

  if (target.isPending) return <Loading />;
  if (target.isError) {
    if (target.error instanceof ApiError && target.error.status === 404) return <NotFound message={t('noTarget')} />;
    return <ErrorState error={target.error} onRetry={() => void target.refetch()} />;
  }
  const t0 = target.data;
  const unitName = overview.data?.units.find((u) => u.code === t0.ownerUnit)?.name ?? t0.ownerUnit;
  const section = overview.data ? sectionPath(overview.data.sections, t0.sectionId) : '';
  return (
    <section className="dash target-detail" data-testid="target-detail">
      <div className="toolbar">
        <Link href={`/plans/${encodeURIComponent(t0.planId)}`}>← {t('back')}</Link>
        <LiveBadge state={live} />
      </div>
      <TargetFacts target={t0} unitName={unitName} section={section} />
      {t0.lifecycle === 'cancelled' ? <CancelledBanner reason={changes.data?.cancelReason ?? ''} /> : null}
      <section className="card" aria-labelledby="chart-h">
        <div className="card-head">
          <h3 id="chart-h">{t('series')}</h3>
          <label className="small">
            {t('tdBucket')}{' '}
            <select
              value={bucket}
              data-testid="bucket"
              onChange={(e) => setParams(e.target.value === 'day' ? {} : { bucket: e.target.value }, { replace: true })}
            >
              <option value="day">{t('tdDay')}</option>
              <option value="week">{t('tdWeek')}</option>
              <option value="month">{t('tdMonth')}</option>
            </select>
          </label>
        </div>
        {series.isPending ? (
          <Loading />
        ) : series.isError ? (
          <ErrorState error={series.error} onRetry={() => void series.refetch()} />
        ) : chart && !BurnupChart ? (
          <div className="chart-pending" data-testid="chart-pending" aria-busy="true" />
        ) : chart && BurnupChart ? (
          <BurnupChart
            data={chart}
            dueDate={t0.dueDate}
            targetValue={t0.targetValue}
            baseline={t0.baseline}
            measureKind={t0.measureKind}
            uom={t0.uom}
            asOf={asOf}
            adjustments={adjustedDays}
          />
        ) : null}
      </section>
      {changes.data && changes.data.changes.length > 0 ? <TargetHistory changes={changes.data.changes} uom={t0.uom} /> : null}
      <section className="card" aria-labelledby="events-h">
        <h3 id="events-h">{t('tdEvents')}</h3>
        {events.isPending ? (
          <Loading />
        ) : events.isError ? (
          <ErrorState error={events.error} onRetry={() => void events.refetch()} />
        ) : (
          <EventLog target={t0.code} entries={events.data} uom={t0.uom} measure={t0.measureKind} />
        )}
      </section>
      <TargetSupervision code={t0.code} ownerUnit={t0.ownerUnit} cancelled={t0.lifecycle === 'cancelled'} />
    </section>
  );
}
