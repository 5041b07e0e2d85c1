/**
 * Numbers as Chinese readers expect them: 万 and 亿 for large values, units always shown.
 * Pure, so it is unit-tested beside this file.
 */
export function formatQuantity(value: number, uom: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const abs = Math.abs(value);
  let text: string;
  if (lang === 'zh-CN' && abs >= 1e8) text = `${trim(value / 1e8)}亿`;
  else if (lang === 'zh-CN' && abs >= 1e4) text = `${trim(value / 1e4)}万`;
  else text = numberFormat(lang).format(value);
  return uom === '%' ? `${text}%` : `${text} ${uom}`;
}

/**
 * One formatter per language, made once: `toLocaleString` builds a new Intl.NumberFormat on
 * every call, and a target page formats a few hundred numbers (event log, chart ticks, tooltip):
 * ~100 ms of its first render on a slow phone (issue 18.9, the slow-link bench's PROFILE=1).
 */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: string): Intl.NumberFormat {
  let f = formats.get(lang);
  if (!f) formats.set(lang, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 })));
  return f;
}

/**
 * Makes the formatters before a page needs them. The browser's first NumberFormat for a language
 * loads that language's data: ~40 ms of a cold target page's first render on the slow-link
 * bench (issue 18.9), paid here instead, in an idle moment while the entry waits for the page's
 * code and data. Both languages: the stored choice is not known to this module.
 */
export function warmNumberFormats(): void {
  for (const lang of ['zh-CN', 'en']) numberFormat(lang).format(0);
}

function trim(n: number): string {
  return Number(n.toFixed(2)).toString();
}

export function formatPct(pct: number | null): string {
  return pct === null ? '—' : `${pct.toFixed(1)}%`;
}

/**
 * A rate or a derived figure rounded for reading: "2,241 平方米" rather than "2,241.38", "3.2 人",
 * "0.07 处". Whole numbers from 100 up, one decimal from 10, two below, two significant digits under 1.
 */
export function readable(v: number): number {
  const a = Math.abs(v);
  if (!Number.isFinite(v) || a === 0) return v;
  if (a >= 100) return Math.round(v);
  if (a >= 10) return Number(v.toFixed(1));
  if (a >= 1) return Number(v.toFixed(2));
  return Number(v.toPrecision(2));
}
