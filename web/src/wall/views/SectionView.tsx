import type { PlanOverview, TargetState } from '@luoshi/shared';
import { severity } from '../../ui/status';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity } from '../../ui/format';
import { barPct, completionText } from '../../ui/progress';
import '../../ui/ui.css';
import { Bar, Live, pctText, StatusTag } from '../common';
import { columnsOf, listAreaVh, listColumns, listRowVh, rowsThatFit } from '../layout';

/** Every id in the section's subtree (a 一、 holds its （一）（二）…). */
export function sectionSubtree(sections: readonly { id: string; parentId: string | null }[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of sections) {
      if (s.parentId && out.has(s.parentId) && !out.has(s.id)) {
        out.add(s.id);
        grew = true;
      }
    }
  }
  return out;
}

/** A titled list of targets, worst first, with the group's completion: a section's or a unit's. */
export function TargetListView({ title, pct, targets, aspect, testId }: { title: string; pct: number | null; targets: readonly TargetState[]; aspect: number; testId?: string }) {
  const { t, lang } = useI18n();
  const sorted = [...targets].sort((a, b) => severity(a.status) - severity(b.status) || a.code.localeCompare(b.code));
  const rows = rowsThatFit(listAreaVh(aspect, 64), listRowVh(aspect, 8));
  const cols = Math.max(1, Math.min(listColumns(aspect), Math.ceil(sorted.length / rows)));
  const perCol = Math.min(rows, Math.max(1, Math.ceil(sorted.length / cols)));
  const { columns, hidden } = columnsOf(sorted, cols, perCol);
  return (
    <div className="wl-list-view" data-testid={testId}>
      <h2 className="wl-view-title">
        <span>{title}</span>
        <span className="wl-view-title-num">
          <Live value={pct}>{pctText(pct)}%</Live>
        </span>
      </h2>
      <div className="wl-columns" style={{ gridTemplateColumns: `repeat(${Math.max(columns.length, 1)}, minmax(0, 1fr))` }}>
        {columns.map((col, c) => (
          <ol key={c} className="wl-rows" style={{ gridTemplateRows: `repeat(${Math.max(perCol, 6)}, minmax(0, 1fr))` }}>
            {col.map((x) => (
              <li key={x.code} className="wl-target-row">
                <span className="wl-row-title">{x.title}</span>
                <span className="wl-row-value">
                  <Live value={x.value}>{formatQuantity(x.value, x.uom, lang)}</Live>
                  <small> / {formatQuantity(x.targetValue, x.uom, lang)}</small>
                </span>
                <Bar pct={barPct(x)} />
                <span className="wl-row-num">
                  {x.measureKind === 'ceiling' ? (
                    <span className={x.value > x.targetValue ? 'wl-bad' : undefined}>{completionText(x, t)}</span>
                  ) : (
                    <Live value={x.pct}>{pctText(x.pct)}%</Live>
                  )}
                </span>
                <StatusTag status={x.status} />
              </li>
            ))}
          </ol>
        ))}
      </div>
      {hidden ? <div className="wl-more">{t('wlMore').replace('{n}', String(hidden))}</div> : null}
    </div>
  );
}

/** One section (with its sub-sections): its completion and its targets, worst first. */
export function SectionView({ overview, sectionId, aspect }: { overview: PlanOverview; sectionId: string; aspect: number }) {
  const { t } = useI18n();
  const section = overview.sections.find((s) => s.id === sectionId);
  if (!section) return <div className="wl-center">{t('empty')}</div>;
  const ids = sectionSubtree(overview.sections, sectionId);
  const targets = overview.targets.filter((x) => x.sectionId && ids.has(x.sectionId));
  return <TargetListView title={`${section.label}${section.title}`} pct={section.aggregate.pct} targets={targets} aspect={aspect} testId={`wall-section-${sectionId}`} />;
}

/** One department's targets in the plan (issue 18.11: the same view for different units). */
export function UnitView({ overview, unit, aspect }: { overview: PlanOverview; unit: string; aspect: number }) {
  const { t } = useI18n();
  const u = overview.units.find((x) => x.code === unit);
  if (!u) return <div className="wl-center">{t('empty')}</div>;
  const targets = overview.targets.filter((x) => x.ownerUnit === unit);
  return <TargetListView title={u.name} pct={u.aggregate.pct} targets={targets} aspect={aspect} testId={`wall-unit-${unit}`} />;
}
