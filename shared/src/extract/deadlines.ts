/**
 * Deadlines as plans state them. Only phrases that bound a period count (年底前, 二季度, 6月底,
 * 年内, 到2025年): a bare date such as 3月31日 is when something happened, not a due date.
 */

const CN = '一二两三四五六七八九十';

const PATTERNS: readonly RegExp[] = [
  new RegExp(`(?:到|至)?(?:\\d{4}|今|明|当)?年(?:底|末)(?:前|之前)?`, 'g'),
  new RegExp(`(?:\\d+|[${CN}]+)年内`, 'g'),
  /(?:\d{4}年|今年|明年)?年内/g,
  /(?:\d{4}年|今年|明年)?[上下]半年(?:前|之前|内)?/g,
  new RegExp(`(?:\\d{4}年)?第?[${CN.slice(0, 5)}1-4]季度(?:末|底)?(?:前|之前)?`, 'g'),
  /(?:\d{4}年)?\d{1,2}月(?:底|末|中旬|上旬|下旬)(?:前|之前)?/g,
  /(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:前|之前)/g,
  /(?:到|至)\d{4}年/g,
];

export interface DeadlineMatch {
  text: string;
  start: number;
  end: number;
}

/** Every deadline phrase in `text`, longest wins where two overlap, ordered by position. */
export function findDeadlines(text: string): DeadlineMatch[] {
  const all: DeadlineMatch[] = [];
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      all.push({ text: m[0], start, end: start + m[0].length });
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: DeadlineMatch[] = [];
  for (const d of all) {
    const last = kept[kept.length - 1];
    if (last && d.start < last.end) continue;
    kept.push(d);
  }
  return kept;
}
