import type { PlanOverview } from '@luoshi/shared';
import { severity } from '../../ui/status';
import { useI18n } from '../../i18n/i18n';
import { formatQuantity } from '../../ui/format';
import { Live, pctText, StatusTag } from '../common';
import { isPortrait, listAreaVh, tileGrid } from '../layout';

const MAX_TILES = 40;

/** One tile per target, worst first, in a grid shaped to the screen. */
export function TilesView({ overview, aspect }: { overview: PlanOverview; aspect: number }) {
  const { t, lang } = useI18n();
  const order = new Map(overview.attention.map((c, i) => [c, i]));
  const sorted = [...overview.targets].sort(
    (a, b) => severity(a.status) - severity(b.status) || (order.get(a.code) ?? 999) - (order.get(b.code) ?? 999) || a.code.localeCompare(b.code),
  );
  const hidden = sorted.length > MAX_TILES ? sorted.length - (MAX_TILES - 1) : 0;
  const shown = hidden ? sorted.slice(0, MAX_TILES - 1) : sorted;
  const n = shown.length + (hidden ? 1 : 0);
  // The tile area is the main area: the full width by ~80 vh-units; on a portrait screen,
  // zoomed to be 100 units wide, by its taller area. A tile row needs about 16 units.
  const areaVh = listAreaVh(aspect, 80);
  const grid = tileGrid(n, isPortrait(aspect) ? 100 / areaVh : aspect / 0.8, { maxRows: Math.floor(areaVh / 16) });
  return (
    <div className="wl-tiles" style={{ gridTemplateColumns: `repeat(${grid.cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${grid.rows}, minmax(0, 1fr))` }}>
      {shown.map((x) => (
        <article key={x.code} className={`wl-tile wl-tile-${x.status}`} data-testid={`tile-${x.code}`}>
          <h3>{x.title}</h3>
          <div className="wl-tile-num">
            <Live value={x.pct} testId={`tile-pct-${x.code}`}>
              {pctText(x.pct)}
            </Live>
            <small>%</small>
          </div>
          <div className="wl-tile-foot">
            <Live value={x.value}>{formatQuantity(x.value, x.uom, lang)}</Live>
            <StatusTag status={x.status} />
          </div>
        </article>
      ))}
      {hidden ? <article className="wl-tile wl-tile-more">{t('wlMore').replace('{n}', String(hidden))}</article> : null}
    </div>
  );
}
