import { useMemo } from 'react';
import { Link, useSearchParams } from 'wouter';
import { ApiError, keys } from '../../app/api';
import { useSession } from '../../auth/useSession';
import { useI18n } from '../../i18n/i18n';
import { LiveBadge } from '../../live/LiveBadge';
import { useLive } from '../../live/useLive';
import { formatPct } from '../../ui/format';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { usePlans } from '../hooks/usePlans';
import { ActivityFeed } from '../components/ActivityFeed';
import { ScopedPlanView, seesWholePlan } from '../components/ScopedPlanView';
import { FiltersBar } from '../components/FiltersBar';
import { ProgressBar } from '../../ui/ProgressBar';
import { StatusCounts } from '../components/StatusCounts';
import { TargetTable } from '../components/TargetTable';
import { asOfYmd, formatYmd } from '../../ui/dates';
import { filterTargets, readFilter } from '../filters';
import { useLiveRefresh } from '../hooks/useLiveRefresh';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { useOverview } from '../hooks/useOverview';
import { aggregateOf, planForUnit } from '../shape';
import '../dashboard.css';

/** A department: the targets it owns in the plan, its completion and how punctually it reports. */
export function UnitPage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const [params] = useSearchParams();
  const plans = usePlans();
  const planId = plans.data ? planForUnit(plans.data, code, params.get('plan')) : undefined;
  const { user } = useSession();
  // Staff see their unit through the targets they may read, not the plan's whole overview.
  const whole = seesWholePlan(
    user,
    plans.data?.find((p) => p.id === planId),
  );
  const overview = useOverview(whole ? planId : undefined);
  const live = useLive(whole ? { kind: 'unit', id: code } : null);
  useLiveRefresh(planId ? [keys.overview(planId)] : [], (u) => u.ownerUnit === code);

  useDocumentTitle(overview.data?.units.find((u) => u.code === code)?.name);
  const o = overview.data;
  const filter = { ...readFilter(params), unit: code };
  const view = useMemo(() => {
    if (!o) return null;
    const unit = o.units.find((u) => u.code === code);
    const mine = o.targets.filter((x) => x.ownerUnit === code);
    return { unit, mine, aggregate: unit?.aggregate ?? aggregateOf(mine) };
  }, [o, code]);

  if (plans.isError) return <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />;
  if (plans.data && planId && (!whole || (overview.error instanceof ApiError && overview.error.status === 403)))
    return <ScopedPlanView plans={plans.data} planId={planId} unit={code} />;
  if (plans.isPending || (planId && overview.isPending)) return <Loading />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  if (!o || !view) return <Empty />;
  const name = view.unit?.name ?? code;
  const shown = filterTargets(o.targets, o.sections, filter);
  return (
    <section className="dash unit-page" data-testid="unit-page">
      <div className="toolbar">
        <Link href={`/plans/${encodeURIComponent(o.plan.id)}`}>← {o.plan.title}</Link>
        <LiveBadge state={live} />
      </div>
      <h2>{name}</h2>
      {view.mine.length === 0 ? (
        <p className="state">{t('unNone')}</p>
      ) : (
        <>
          <div className="dash-top">
            <section className="card overall">
              <h3>{t('unCompletion')}</h3>
              <p className="big-number" data-testid="unit-pct">
                {formatPct(view.aggregate.pct)}
              </p>
              <ProgressBar pct={view.aggregate.pct} mark={o.periodElapsed * 100} />
              <p className="muted">{t('ovTargetsCount').replace('{n}', String(view.mine.length))}</p>
            </section>
            <section className="card overall">
              <h3>{t('ovTimeliness')}</h3>
              <p className="big-number" data-testid="unit-timeliness">
                {view.unit ? formatPct(view.unit.timeliness * 100) : '—'}
              </p>
              <p className="muted">
                {t('unLastReport')}
                {t('uiColon')}
                {view.unit?.lastReportedAt ? formatYmd(asOfYmd(view.unit.lastReportedAt), lang) : t('never')}
              </p>
            </section>
            <StatusCounts counts={view.aggregate.statusCounts} />
          </div>
          <section className="card" id="targets" aria-labelledby="unit-targets-h">
            <h3 id="unit-targets-h">
              {t('unTargets')}{' '}
              <span className="muted small">
                {t('ovShown').replace('{a}', String(shown.length)).replace('{n}', String(view.mine.length))}
              </span>
            </h3>
            <FiltersBar filter={filter} sections={o.sections} units={o.units} hideUnit />
            {shown.length === 0 ? <Empty /> : <TargetTable targets={shown} unitName={() => name} showUnit={false} />}
          </section>
          <ActivityFeed items={o.recent.filter((a) => a.ownerUnit === code)} unitName={() => name} />
        </>
      )}
    </section>
  );
}
