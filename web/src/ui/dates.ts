import { chinaDate, isYmd } from '@luoshi/shared';

/** The overview's asOf (an instant, or a date) as a China date. */
export function asOfYmd(asOf: string): string {
  return isYmd(asOf) ? asOf : (chinaDate(asOf) ?? asOf.slice(0, 10));
}

/**
 * Made once (a formatter per call costs ~0.2 ms on a slow phone, and lists format hundreds), and
 * only when English is shown: the browser's first DateTimeFormat loads its locale and zone data,
 * ~50-90 ms of a cold zh page's first render on the slow-link bench (issue 18.9).
 */
let enMonths: Intl.DateTimeFormat | undefined;
const EN_MONTHS = { format: (d: Date): string => (enMonths ??= new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' })).format(d) };

/** 2026-11-21 → 2026年11月21日 (zh) or 21 Nov 2026 (en). */
export function formatYmd(ymd: string, lang: 'zh-CN' | 'en' = 'zh-CN', withYear = true): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  if (lang === 'zh-CN') return withYear ? `${y}年${m}月${d}日` : `${m}月${d}日`;
  const mon = EN_MONTHS.format(new Date(Date.UTC(y, m - 1, d)));
  return withYear ? `${d} ${mon} ${y}` : `${d} ${mon}`;
}

/** An instant as China wall-clock time: "11月21日 09:30" / "21 Nov 09:30". */
export function formatInstant(iso: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms + 8 * 3_600_000);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  const ymd = d.toISOString().slice(0, 10);
  return `${formatYmd(ymd, lang, false)} ${hm}`;
}

/**
 * Every time the app shows is China time (Asia/Shanghai), whatever zone the browser is set to:
 * the badge, the lists and the wall clock then agree (issue 18.14). China keeps one offset all
 * year, so this is the same +8 h formatInstant uses.
 */
export const CHINA_TZ = 'Asia/Shanghai';

/** "11:12:45" (24-hour, both languages) in China time. */
export function clockTime(at: Date | number, lang: 'zh-CN' | 'en', seconds = true): string {
  return new Date(at).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hour12: false,
    timeZone: CHINA_TZ,
  });
}

/** Dates and times as pages write them: 2026-12-31 (with a time), 2026年12月31日, 12月31日, 15:30. */
const DATE_IN_TEXT = /\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{1,2}:\d{2}/g;

/** Text cut into runs, the dates marked, so a page can keep each date on one line (ui/KeepDates). */
export function splitDates(text: string): { text: string; date: boolean }[] {
  const out: { text: string; date: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(DATE_IN_TEXT)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index), date: false });
    out.push({ text: m[0], date: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), date: false });
  return out;
}
