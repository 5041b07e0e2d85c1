import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import type { PlanSummary } from '@luoshi/shared';
import { api, keys } from '../../app/api';
import { useSession } from '../../auth/useSession';
import { useI18n } from '../../i18n/i18n';
import { useUnits } from '../../plan-import/hooks/useUnits';
import { LiveBadge } from '../../live/LiveBadge';
import { useLive } from '../../live/useLive';
import { formatPct } from '../../ui/format';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { filterTargets, readFilter } from '../filters';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { aggregateOf } from '../shape';
import { PlanPicker } from './PlanPicker';
import { ProgressBar } from '../../ui/ProgressBar';
import { StatusCounts } from './StatusCounts';
import { TargetTable } from './TargetTable';

/** May this user see the plan's whole dashboard? Staff read their own unit only (shared `canReadUnit`). */
export function seesWholePlan(user: { role: string; unitCode: string | null } | null, plan: PlanSummary | undefined): boolean {
  if (!user || !plan) return true;
  return user.role !== 'staff' || user.unitCode === plan.ownerUnit;
}

/**
 * A plan as someone sees it who may not read all of it (a department's staff): only the
 * targets the server lets them read (`GET /api/targets?plan=`), their status counts and
 * completion, live over the unit's room. No league table, sections or plan-wide activity:
 * those would describe other departments' work.
 */
export function ScopedPlanView({ plans, planId, unit }: { plans: PlanSummary[]; planId: string; unit?: string }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const { user } = useSession();
  // The unit whose room carries this user's updates; the server already filtered the list
  // (a leader: its subtree; staff: its unit), the page narrows to one unit when it shows one.
  const scopeUnit = unit ?? user?.unitCode ?? null;
  const onlyUnit = unit ?? (user?.role === 'staff' ? user.unitCode : null);
  const targets = useQuery({ queryKey: keys.targets(planId), queryFn: () => api.targets(planId) });
  const live = useLive(scopeUnit ? { kind: 'unit', id: scopeUnit } : null);
  const plan = plans.find((p) => p.id === planId);
  const units = useUnits();
  const nameOf = (code: string | null): string => (code ? (units.data?.find((u) => u.code === code)?.name ?? code) : '');
  const unitName = nameOf(scopeUnit);
  useDocumentTitle(plan?.title);

  const mine = useMemo(
    () => (targets.data ?? []).filter((x) => !onlyUnit || x.ownerUnit === onlyUnit),
    [targets.data, onlyUnit],
  );
  const aggregate = useMemo(() => aggregateOf(mine), [mine]);
  const filter = readFilter(params);
  const shown = filterTargets(mine, [], { ...filter, section: null, unit: null });

  return (
    <section className="dash" data-testid="scoped-plan">
      <div className="toolbar">
        <PlanPicker plans={plans} value={planId} onChange={(p) => navigate(`/plans/${encodeURIComponent(p)}`)} />
        <LiveBadge state={live} />
      </div>
      <h2 className="plan-title">{plan?.title ?? planId}</h2>
      <p className="muted" data-testid="scope-note">
        {t('scopeNote').replace('{unit}', unitName)}
      </p>
      {targets.isPending ? (
        <Loading />
      ) : targets.isError ? (
        <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />
      ) : mine.length === 0 ? (
        <p className="state">{t('unNone')}</p>
      ) : (
        <>
          <div className="dash-top">
            <section className="card overall">
              <h3>{t('unCompletion')}</h3>
              <p className="big-number" data-testid="scoped-pct">
                {formatPct(aggregate.pct)}
              </p>
              <ProgressBar pct={aggregate.pct} />
              <p className="muted">{t('ovTargetsCount').replace('{n}', String(mine.length))}</p>
            </section>
            <StatusCounts counts={aggregate.statusCounts} />
          </div>
          <section className="card" id="targets" aria-labelledby="scoped-targets-h">
            <h3 id="scoped-targets-h">
              {t('unTargets')}{' '}
              <span className="muted small">
                {t('ovShown').replace('{a}', String(shown.length)).replace('{n}', String(mine.length))}
              </span>
            </h3>
            {shown.length === 0 ? <Empty /> : <TargetTable targets={shown} unitName={nameOf} showUnit={!onlyUnit} />}
          </section>
        </>
      )}
    </section>
  );
}
