import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useLocation, useSearch } from 'wouter';
import type { MyTargetsResponse, ReportHistoryItem, Unit } from '@luoshi/shared';
import { get } from '../../app/http';
import { useSession } from '../../auth/useSession';
import { formatInstant } from '../../ui/dates';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity } from '../../ui/format';
import { ErrorState, Loading } from '../../ui/States';
import { reportApi, reportKeys, type HistoryFilters } from '../api';
import { refusalText } from '../words';
import '../report.css';
import { PhotoThumbs } from '../photos/PhotoThumbs';

const FILTERS = ['target', 'outcome', 'reporter', 'from', 'to'] as const;

/** Filters live in the URL, so a filtered history can be bookmarked or sent to a colleague. */
function readFilters(search: string): { unit: string | null; f: HistoryFilters } {
  const p = new URLSearchParams(search);
  const f: HistoryFilters = {};
  for (const k of FILTERS) {
    const v = p.get(k);
    if (!v) continue;
    if (k === 'outcome') {
      if (v === 'counted' || v === 'rejected') f.outcome = v;
    } else f[k] = v;
  }
  return { unit: p.get('unit'), f };
}

/** A unit and every unit under it, in the order the server lists them. */
function subtree(units: readonly Unit[], root: string): Unit[] {
  const inside = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units)
      if (u.parentCode && inside.has(u.parentCode) && !inside.has(u.code)) {
        inside.add(u.code);
        grew = true;
      }
  }
  return units.filter((u) => inside.has(u.code));
}

/** 上报记录: the unit's reports — who, when, what, and whether it counted — newest first. */
export function HistoryPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const { unit: asked, f } = readFilters(search);
  const unit = asked ?? user?.unitCode ?? null;
  // Leaders read the history of every unit in their subtree (issue 18.8): they pick one of those.
  const leader = user?.role === 'leader';
  const units = useQuery({
    queryKey: ['units'],
    queryFn: () => get<Unit[]>('/api/units'),
    enabled: !user?.unitCode || leader,
  });
  const choices = leader && user?.unitCode ? subtree(units.data ?? [], user.unitCode) : (units.data ?? []);
  const mine = useQuery({
    queryKey: reportKeys.myTargets,
    queryFn: reportApi.myTargets,
    enabled: user?.role === 'staff' || user?.role === 'admin',
  });
  const targets = (mine.data as MyTargetsResponse | undefined)?.targets.filter((tg) => tg.ownerUnit === unit) ?? [];

  const q = useInfiniteQuery({
    queryKey: reportKeys.history(unit ?? '', f),
    queryFn: ({ pageParam }) => reportApi.history(unit!, f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!unit,
  });

  const set = (k: string, v: string) => {
    const p = new URLSearchParams(search);
    if (v) p.set(k, v);
    else p.delete(k);
    navigate(`/report/history?${p.toString()}`, { replace: true });
  };

  const rows: ReportHistoryItem[] = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="report" data-testid="history-page">
      <h2>{t('rpHistHeading')}</h2>
      <p className="rp-muted">{t('rpHistIntro')}</p>
      <form className="rp-filters" onSubmit={(e) => e.preventDefault()}>
        {!user?.unitCode || (leader && choices.length > 1) ? (
          <label>
            {t('fUnit')}
            <select value={unit ?? ''} onChange={(e) => set('unit', e.target.value)} data-testid="hist-unit">
              <option value="">—</option>
              {choices.map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          {t('rpHistTarget')}
          <select value={f.target ?? ''} onChange={(e) => set('target', e.target.value)} data-testid="hist-target">
            <option value="">{t('rpHistAllTargets')}</option>
            {targets.map((tg) => (
              <option key={tg.code} value={tg.code}>
                {tg.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('rpHistOutcome')}
          <select value={f.outcome ?? ''} onChange={(e) => set('outcome', e.target.value)} data-testid="hist-outcome">
            <option value="">{t('rpHistAll')}</option>
            <option value="counted">{t('rpHistCounted')}</option>
            <option value="rejected">{t('rpHistRejected')}</option>
          </select>
        </label>
        <label>
          {t('rpHistReporter')}
          <input
            defaultValue={f.reporter ?? ''}
            onBlur={(e) => set('reporter', e.target.value.trim())}
            onKeyDown={(e) => e.key === 'Enter' && set('reporter', e.currentTarget.value.trim())}
            data-testid="hist-reporter"
          />
        </label>
        <label>
          {t('rpHistFrom')}
          <input type="date" value={f.from ?? ''} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          {t('rpHistTo')}
          <input type="date" value={f.to ?? ''} onChange={(e) => set('to', e.target.value)} />
        </label>
      </form>
      {q.isPending && unit ? <Loading /> : null}
      {q.error ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : null}
      {q.data && rows.length === 0 ? <p className="state">{t('rpHistEmpty')}</p> : null}
      <ul className="rp-history" data-testid="history-list">
        {rows.map((r) => (
          <li
            key={`${r.outcome}:${r.eventId}:${r.at}`}
            className={`rp-hist is-${r.outcome}`}
            data-testid="history-item"
            data-event={r.eventId}
            data-outcome={r.outcome}
          >
            <div className="rp-recent-line">
              <span className="rp-title">{r.targetTitle ?? r.target}</span>
              {r.kind ? <span className="rp-kind">{t(`rpKind_${r.kind}`)}</span> : null}
              {r.value !== null ? <strong>{formatQuantity(r.value, r.uom ?? '', lang)}</strong> : null}
              <span className="rp-muted">{r.occurredAt ? formatInstant(r.occurredAt, lang) : ''}</span>
            </div>
            <div className="rp-hist-meta">
              <span>{r.reporter ?? '—'}</span>
              <span className="rp-muted">
                {t('rpHistWhen')} {formatInstant(r.at, lang)}
              </span>
              {r.outcome === 'counted' ? (
                <span className="rp-ok">✓ {t('rpHistCounted')}</span>
              ) : (
                <span className="rp-bad" title={r.message ?? ''}>
                  ✕ {t('rpHistRejected')}
                  {t('colon')}
                  {refusalText(t, r.code)}
                </span>
              )}
              {r.corrects ? (
                <span className="rp-muted" title={r.corrects}>
                  {t('rpHistCorrects')}
                  {r.reason ? `${t('colon')}${r.reason}` : ''}
                </span>
              ) : null}
              {r.correctedBy.length > 0 ? (
                <span className="rp-muted">
                  {t('rpHistCorrectedBy')} ×{r.correctedBy.length}
                </span>
              ) : null}
              {r.note ? <span className="rp-muted">{r.note}</span> : null}
            </div>
            <PhotoThumbs target={r.target} eventId={r.eventId} slots={r.photos} deletable={r.photosDeletable} onDeleted={() => void q.refetch()} />
          </li>
        ))}
      </ul>
      {q.hasNextPage ? (
        <button type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {t('rpHistMore')}
        </button>
      ) : null}
    </section>
  );
}
