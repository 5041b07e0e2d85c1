/**
 * Layout arithmetic for screens of any shape (16:9 at 1080p or 4K, 32:9 ultra-wide): how
 * many tiles, rows and columns fit, so nothing ever scrolls or spills. Sizes are in units
 * of the viewport height (vh), the dimension every wall has least of.
 */

export interface Grid {
  cols: number;
  rows: number;
}

/**
 * Columns × rows for `n` tiles in an area of the given aspect (width / height), choosing
 * the grid whose tiles are closest to `tileAspect` (wider than tall) and never smaller than
 * `minRowVh` / `maxRows`. Capacity may be below n: the caller shows the worst first.
 */
export function tileGrid(n: number, areaAspect: number, opts: { tileAspect?: number; maxRows?: number } = {}): Grid {
  const tileAspect = opts.tileAspect ?? 1.6;
  const maxRows = Math.max(1, opts.maxRows ?? 5);
  if (n <= 0) return { cols: 1, rows: 1 };
  let best: Grid = { cols: n, rows: 1 };
  let bestScore = Infinity;
  for (let r = 1; r <= Math.min(maxRows, n); r++) {
    const cols = Math.ceil(n / r);
    // Only the rows those columns need: 15 tiles in 3 columns take 5 rows, not 7 half empty.
    const rows = Math.ceil(n / cols);
    const aspect = (areaAspect * rows) / cols; // width/height of one tile
    const empty = cols * rows - n;
    const score = Math.abs(Math.log(aspect / tileAspect)) + empty * 0.05;
    if (score < bestScore) {
      bestScore = score;
      best = { cols, rows };
    }
  }
  return best;
}

/** Portrait screens (width < height) get their own layout (issue 18.10): `.wall[data-portrait]` in wall.css. */
export const isPortrait = (aspect: number): boolean => aspect < 1;

/**
 * How much taller the header and footer are on a portrait screen than on a landscape one, in
 * vh-units (wall.css: header 10 → 17, footer 7 → 12).
 */
const PORTRAIT_CHROME_VH = 7 + 5;

/**
 * The height of a view's list area in vh-units: `landscapeVh` on a landscape screen. A
 * portrait screen is zoomed by width ÷ height (WallPage), so it is 100 ÷ aspect units tall:
 * the extra height, less its taller header and footer, goes to the list.
 */
export function listAreaVh(aspect: number, landscapeVh: number): number {
  if (!isPortrait(aspect) || !(aspect > 0)) return landscapeVh;
  return landscapeVh + 100 / aspect - 100 - PORTRAIT_CHROME_VH;
}

/** A list row's height in vh-units: rows are two lines on portrait screens (the title above its figures). */
export const listRowVh = (aspect: number, landscapeRowVh: number): number => (isPortrait(aspect) ? Math.round(landscapeRowVh * 1.45 * 10) / 10 : landscapeRowVh);

/** Rows of a list (ranking, section) that fit a column: the list area is `areaVh` tall, a row `rowVh`. */
export function rowsThatFit(areaVh: number, rowVh: number): number {
  return Math.max(1, Math.floor(areaVh / rowVh));
}

/** Columns for a list: one on 16:9, two on 21:9 and wider, three on 32:9 and wider. */
export function listColumns(aspect: number): number {
  if (aspect >= 3.2) return 3;
  if (aspect >= 2.2) return 2;
  return 1;
}

/** Splits a list into `cols` columns of at most `rows` items; what does not fit is counted. */
export function columnsOf<T>(items: readonly T[], cols: number, rows: number): { columns: T[][]; hidden: number } {
  const shown = items.slice(0, cols * rows);
  const columns: T[][] = [];
  for (let c = 0; c < cols && c * rows < shown.length; c++) columns.push(shown.slice(c * rows, (c + 1) * rows));
  return { columns, hidden: items.length - shown.length };
}
