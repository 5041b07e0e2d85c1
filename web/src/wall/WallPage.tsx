import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ActivityItem, PlanOverview, ScreenView } from '@luoshi/shared';
import { ApiError, keys } from '../app/api';
import { useLiveRefresh } from '../dashboard/hooks/useLiveRefresh';
import { unitNames } from '../dashboard/shape';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { mergeActivity } from '../live/patch';
import { live } from '../live/socket';
import { useLive } from '../live/useLive';
import { useAspect } from './common';
import { setWallToken, useHeartbeatListener, useScreen, useWallOverview, useWallStatusStyle } from './data';
import { dwellsMs, pinnedView, rotationAt } from './rotation';
import { StatusBar } from './StatusBar';
import { useWallSchedule } from './schedule';
import { wallLang } from './lang';
import { staleOverrideMs } from './staleness';
import { takeToken, withoutToken } from './token';
import { OverviewView } from './views/OverviewView';
import { RankingView } from './views/RankingView';
import { OwedView } from './views/OwedView';
import { SectionView, UnitView } from './views/SectionView';
import { TargetView } from './views/TargetView';
import { LatestLine, TickerView } from './views/TickerView';
import { TilesView } from './views/TilesView';
import { WallErrorBoundary } from './WallErrorBoundary';
import './wall.css';

const VIEW_LABEL: Record<ScreenView['kind'], MessageKey> = {
  overview: 'vkOverview',
  section: 'vkSection',
  unit: 'vkUnit',
  ranking: 'vkRanking',
  target: 'vkTarget',
  ticker: 'vkTicker',
  tiles: 'vkTiles',
  owed: 'vkOwed',
};

/** The playlist position from the clock, each view for its own dwell: re-renders once per slot, never per frame. */
function useRotation(dwells: readonly number[]): { index: number; slot: number } {
  const [start] = useState(() => Date.now());
  const [pos, setPos] = useState({ index: 0, slot: 0 });
  // A new array each render; the effect restarts only when the dwells themselves change.
  const key = dwells.join(',');
  useEffect(() => {
    const ds = key.split(',').map(Number);
    let timer: ReturnType<typeof setTimeout>;
    const step = (): void => {
      const r = rotationAt(start, Date.now(), ds);
      setPos((p) => (p.index === r.index && p.slot === r.slot ? p : { index: r.index, slot: r.slot }));
      if (Number.isFinite(r.msLeft)) timer = setTimeout(step, Math.max(20, r.msLeft + 5));
    };
    step();
    return () => clearTimeout(timer);
  }, [start, key]);
  return pos;
}

const ACTIVITY_KEEP = 20;

/** A section or unit with no targets (counted) would show "—%": such entries are skipped (issue 18.11). */
function hasTargets(o: PlanOverview, v: ScreenView): boolean {
  if (v.kind === 'section') return (o.sections.find((x) => x.id === v.sectionId)?.aggregate.count ?? 0) > 0;
  if (v.kind === 'unit') return (o.units.find((x) => x.code === v.unit)?.aggregate.count ?? 0) > 0;
  return true;
}

/** The plan's newest reports: the overview's `recent`, plus live lines as they arrive (bounded). */
function useWallActivity(planId: string | undefined, recent: readonly ActivityItem[] | undefined): ActivityItem[] {
  const [lines, setLines] = useState<ActivityItem[]>([]);
  useEffect(() => {
    setLines([]);
    if (!planId) return;
    return live.onActivity((items) => {
      const mine = items.filter((a) => a.planId === planId);
      if (mine.length > 0) setLines((prev) => mergeActivity(ACTIVITY_KEEP, mine, prev));
    });
  }, [planId]);
  return useMemo(() => mergeActivity(ACTIVITY_KEEP, lines, recent ?? []), [lines, recent]);
}

function View({ view, overview, aspect, activity, units }: { view: ScreenView; overview: PlanOverview; aspect: number; activity: ActivityItem[]; units: ReadonlyMap<string, string> }) {
  switch (view.kind) {
    case 'overview':
      return <OverviewView overview={overview} />;
    case 'tiles':
      return <TilesView overview={overview} aspect={aspect} />;
    case 'ranking':
      return <RankingView overview={overview} aspect={aspect} />;
    case 'section':
      return <SectionView overview={overview} sectionId={view.sectionId} aspect={aspect} />;
    case 'unit':
      return <UnitView overview={overview} unit={view.unit} aspect={aspect} />;
    case 'target':
      return <TargetView overview={overview} code={view.target} />;
    case 'ticker':
      return <TickerView items={activity} units={units} aspect={aspect} />;
    case 'owed':
      return <OwedView planId={overview.plan.id} aspect={aspect} />;
  }
}

/**
 * `/wall/:screen` — kiosk presentation of a configured screen: no controls, no cursor, no
 * scrolling, dark and large; rotates through the screen's views; live values glow when they
 * change; says honestly when its data may be out of date. Runs for days: reconnects and
 * resyncs by itself (web/src/live), retries every read forever, recovers from render errors.
 */
export function WallPage({ id }: { id: string }) {
  const { t, lang, setLang } = useI18n();
  const queryClient = useQueryClient();
  // The device token: once from ?token=, then from localStorage; never left in the address bar.
  const [params] = useState(() => {
    const search = window.location.search;
    const token = takeToken(search, window.localStorage);
    if (new URLSearchParams(search).has('token')) window.history.replaceState(null, '', window.location.pathname + withoutToken(search));
    setWallToken(token);
    const q = new URLSearchParams(search);
    return { rotate: q.get('rotate'), view: q.get('view'), stale: staleOverrideMs(q.get('stale')), lang: wallLang(q.get('lang')) };
  });
  // `?lang=en` (or zh-CN) sets the screen's language once; the device keeps it (issue 18.11).
  useEffect(() => {
    if (params.lang && params.lang !== lang) setLang(params.lang);
  }, [params.lang, lang, setLang]);

  useEffect(() => {
    document.documentElement.classList.add('wall-mode');
    return () => document.documentElement.classList.remove('wall-mode');
  }, []);

  useWallSchedule();
  useWallStatusStyle();
  const screen = useScreen(id);
  const planId = screen.data?.planId;
  useHeartbeatListener();
  useLive({ kind: 'screen', id });
  const state = useLive(planId ? { kind: 'plan', id: planId } : null);
  const overviewKeys = useMemo(() => [keys.overview(planId ?? '')], [planId]);
  useLiveRefresh(
    overviewKeys,
    (u) => u.planId === planId,
    (a) => a.planId === planId,
  );
  const overview = useWallOverview(planId);
  const activity = useWallActivity(planId, overview.data?.recent);
  const units = useMemo(() => unitNames(overview.data?.units ?? []), [overview.data?.units]);
  const aspect = useAspect();

  const configured = screen.data?.views ?? [];
  // A section or unit with no targets would show "—%": the playlist skips it (issue 18.11).
  const views = useMemo(() => configured.filter((v) => !overview.data || hasTargets(overview.data, v)), [configured, overview.data]);
  // Each view for its own dwell time, else the screen's interval (issue 18.11).
  const dwells = dwellsMs(views, screen.data?.rotationSeconds ?? 20, params.rotate);
  const rotation = useRotation(dwells);
  // `?view=<n>` holds one configured view (0-based) still: to preview it, and for the layout tests.
  const pin = pinnedView(params.view, configured.length);
  const index = pin ?? rotation.index;
  const slot = rotation.slot;
  const view = pin !== null ? configured[pin] : views[index % Math.max(1, views.length)];
  const dwellMs = dwells[index] ?? dwellsMs([{}], screen.data?.rotationSeconds ?? 20, params.rotate)[0]!;

  let body;
  const failed = screen.data ? null : (screen.error ?? screen.failureReason);
  // Still retried with backoff: a screen set up again (or created) comes up by itself.
  if (failed instanceof ApiError && failed.status === 404) body = <div className="wl-center">{t('wlNoScreen')}: {id}</div>;
  else if (failed instanceof ApiError && failed.status === 401) body = <div className="wl-center wl-warn" data-testid="wall-auth-error">{t('wlBadToken')}</div>;
  else if (failed instanceof ApiError && failed.status === 403) body = <div className="wl-center wl-warn" data-testid="wall-auth-error">{t('wlForbidden')}</div>;
  else if (!screen.data || !overview.data || !view) body = <div className="wl-center wl-dim">{t('wlConnecting')}…</div>;
  else body = <View view={view} overview={overview.data} aspect={aspect} activity={activity} units={units} />;

  return (
    <div
      className="wall"
      data-testid="wall"
      data-view={view?.kind}
      data-index={index}
      data-slot={slot}
      data-portrait={aspect < 1 ? '' : undefined}
      // Sizes are in vh, the dimension a landscape wall has least of. On a portrait lobby screen
      // width is the scarce one: scaled by width ÷ height, every vh-size becomes what it would be
      // on a landscape screen as wide as this one, and the extra height gives lists more rows
      // (issue 18.10).
      style={aspect < 1 ? { zoom: aspect } : undefined}
    >
      <header className="wl-head">
        <div className="wl-titles">
          <h1>{screen.data?.title ?? id}</h1>
          <span className="wl-plan">{overview.data?.plan.title ?? ''}</span>
        </div>
        <div className="wl-nav" aria-label="playlist">
          <span className="wl-view-name">{view ? t(VIEW_LABEL[view.kind]) : ''}</span>
          <span className="wl-dots">
            {views.map((v, i) => (
              <span key={i} className={i === index ? 'on' : ''} />
            ))}
          </span>
        </div>
        {/* Silence allowed before 数据可能已过期: judged against the longest view (a screen may hold one for minutes). */}
        <StatusBar state={state} rotationMs={Math.max(dwellMs, ...dwells)} staleAfterMs={params.stale} />
      </header>
      <main className="wl-main" key={`${index}`}>
        {/* refetchType 'all': the failed view is unmounted, so its queries are inactive and a plain invalidate would not refetch them. */}
        <WallErrorBoundary fallback={<div className="wl-center wl-dim">{t('wlRecovering')}</div>} onRetry={() => queryClient.invalidateQueries({ refetchType: 'all' })}>
          {body}
        </WallErrorBoundary>
      </main>
      <footer className="wl-foot">
        <LatestLine item={activity[0]} units={units} />
      </footer>
      <div className="wl-progress" aria-hidden>
        {views.length > 1 && pin === null ? <span key={slot} style={{ animationDuration: `${dwellMs}ms` }} /> : null}
      </div>
    </div>
  );
}
