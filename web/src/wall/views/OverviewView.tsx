import { STATUS_ORDER } from '../../ui/status';
import type { PlanOverview } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { statusLabel } from '../../ui/status';
import { Bar, Live, pctText, STATUS_GLYPH } from '../common';

/** The plan at a glance: overall completion against time elapsed, targets per status, the top-level sections. */
export function OverviewView({ overview }: { overview: PlanOverview }) {
  const { t } = useI18n();
  const a = overview.aggregate;
  // A section without targets would read "—%": not shown (issue 18.11).
  const top = overview.sections.filter((s) => s.parentId === null && s.aggregate.count > 0).slice(0, 6);
  return (
    <div className="wl-overview">
      <section className="wl-hero">
        <div className="wl-label">{t('wlOverall')}</div>
        <div className="wl-hero-num">
          <Live value={a.pct} testId="wall-overall">
            {pctText(a.pct)}
          </Live>
          <small>%</small>
        </div>
        <Bar pct={a.pct} className="wl-bar-big" />
        <div className="wl-hero-sub">
          {t('wlTimeElapsed')} <b>{Math.round(overview.periodElapsed * 100)}%</b>
        </div>
        {overview.halfway.applicable && overview.halfway.flagged > 0 ? (
          <div className="wl-hero-sub wl-warn">
            {t('wlHalfway')} <b>{overview.halfway.flagged}</b>
          </div>
        ) : null}
      </section>
      <section className="wl-ov-right">
        <ul className="wl-counts">
          {STATUS_ORDER.map((s) => (
            <li key={s} className={`wl-count wl-st-${s}`}>
              <span className="wl-count-num">
                <Live value={a.statusCounts[s]}>{a.statusCounts[s]}</Live>
              </span>
              <span className="wl-count-label">
                <span aria-hidden>{STATUS_GLYPH[s]}</span> {t(statusLabel[s])}
              </span>
            </li>
          ))}
        </ul>
        <div className="wl-label">{t('wlSections')}</div>
        <ul className="wl-sections" style={{ gridTemplateRows: `repeat(${Math.max(top.length, 1)}, 1fr)` }}>
          {top.map((s) => (
            <li key={s.id}>
              <span className="wl-sec-title">
                {s.label}
                {s.title}
              </span>
              <Bar pct={s.aggregate.pct} />
              <span className="wl-sec-pct">
                <Live value={s.aggregate.pct}>{pctText(s.aggregate.pct)}%</Live>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
