import { useMemo } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { ApiError, keys } from '../../app/api';
import { useI18n } from '../../i18n/i18n';
import { LiveBadge } from '../../live/LiveBadge';
import { useActivity } from '../../live/useActivity';
import { Empty, ErrorState, Loading, NotFound } from '../../ui/States';
import { useSession } from '../../auth/useSession';
import { ActivityFeed } from '../components/ActivityFeed';
import { AttentionList } from '../components/AttentionList';
import { ExportButtons } from '../components/ExportButtons';
import { FiltersBar } from '../components/FiltersBar';
import { HalfwayCard } from '../components/HalfwayCard';
import { OverallCard } from '../components/OverallCard';
import { PlanPicker } from '../components/PlanPicker';
import { ScopedPlanView, seesWholePlan } from '../components/ScopedPlanView';
import { SectionCards } from '../components/SectionCards';
import { StatusCounts } from '../components/StatusCounts';
import { TargetTable } from '../components/TargetTable';
import { UnitLeague } from '../components/UnitLeague';
import { asOfYmd } from '../../ui/dates';
import { filterTargets, readFilter } from '../filters';
import { useLiveRefresh } from '../hooks/useLiveRefresh';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { useOverview } from '../hooks/useOverview';
import { usePlanId } from '../hooks/usePlanId';
import { leagueTable, sectionCards, unitNames } from '../shape';
import { attentionList } from '../../ui/status';
import { ChangesPanel } from '../../supervision/ChangesPanel';
import { OwedByUnitPanel } from '../../supervision/OwedByUnitPanel';
import '../dashboard.css';
import '../../plan-admin/plan-admin.css';

/** The leadership overview (/ and /plans/:id): where every commitment stands, what is behind, what changed today. */
export function OverviewPage({ id }: { id?: string }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const { plans, planId } = usePlanId(id);
  const { user } = useSession();
  // Staff of a department read their own targets only: the whole-plan views would be refused.
  const whole = seesWholePlan(user, plans.data?.find((p) => p.id === planId));
  const overview = useOverview(whole ? planId : undefined);
  // Joins the plan room (useLive) and keeps the feed; the overview is patched and refetched beside it.
  const feed = useActivity(whole ? planId : null);
  useLiveRefresh(planId ? [keys.overview(planId)] : [], (u) => u.planId === planId);

  useDocumentTitle(overview.data?.plan.title);
  const filter = readFilter(params);
  const o = overview.data;
  const derived = useMemo(() => {
    if (!o) return null;
    const names = unitNames(o.units);
    return {
      unitName: (code: string) => names.get(code) ?? code,
      cards: sectionCards(o),
      league: leagueTable(o.units),
      attention: attentionList(o.targets, o.attention),
    };
  }, [o]);

  if (plans.isPending) return <Loading />;
  if (plans.isError) return <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />;
  if (plans.data.length === 0 || !planId) return <Empty />;
  if (!whole || (overview.error instanceof ApiError && overview.error.status === 403))
    return <ScopedPlanView plans={plans.data} planId={planId} />;

  const shown = o ? filterTargets(o.targets, o.sections, filter) : [];
  return (
    <section className="dash" data-testid="overview">
      <div className="toolbar">
        <PlanPicker plans={plans.data} value={planId} onChange={(p) => navigate(`/plans/${encodeURIComponent(p)}`)} />
        <LiveBadge state={feed.live} />
        {o ? <ExportButtons overview={o} filter={filter} /> : null}
      </div>
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        overview.error instanceof ApiError && overview.error.status === 404 ? (
          <NotFound message={t('ovNoPlan')} />
        ) : (
          <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
        )
      ) : !o || !derived ? null : (
        <>
          <h2 className="plan-title">
            {o.plan.title}
            {/* Issue 16: a leader sees its unit's draft read-only, never mistaken for the plan in force. */}
            {o.plan.status !== 'published' ? (
              <span className={`pa-status pa-status-${o.plan.status}`} data-testid="plan-draft-label">
                {' '}
                {t(o.plan.status === 'draft' ? 'paStatus_draft' : 'paStatus_closed')}
              </span>
            ) : null}
          </h2>
          {o.plan.status === 'draft' ? <p className="pa-banner">{t('paReadOnlyDraft')}</p> : null}
          <div className="dash-top">
            <OverallCard overview={o} />
            <StatusCounts counts={o.aggregate.statusCounts} />
            <HalfwayCard overview={o} />
          </div>
          {derived.cards.length > 0 ? <SectionCards cards={derived.cards} elapsedPct={o.periodElapsed * 100} /> : null}
          <div className="dash-split">
            <AttentionList targets={derived.attention} unitName={derived.unitName} />
            <ActivityFeed
              items={feed.items.length > 0 || feed.isPending ? feed.items : o.recent}
              unitName={derived.unitName}
              today={asOfYmd(o.asOf)}
            />
          </div>
          {derived.league.length > 0 ? <UnitLeague units={derived.league} planId={o.plan.id} /> : null}
          <ChangesPanel planId={o.plan.id} today={asOfYmd(o.asOf)} />
          <OwedByUnitPanel planId={o.plan.id} />
          <section className="card" id="targets" aria-labelledby="targets-h">
            <h3 id="targets-h">
              {t('ovAllTargets')}{' '}
              <span className="muted small">
                {t('ovShown').replace('{a}', String(shown.length)).replace('{n}', String(o.targets.length))}
              </span>
            </h3>
            <FiltersBar filter={filter} sections={o.sections} units={derived.league} />
            {shown.length === 0 ? <Empty /> : <TargetTable targets={shown} unitName={derived.unitName} />}
          </section>
        </>
      )}
    </section>
  );
}
