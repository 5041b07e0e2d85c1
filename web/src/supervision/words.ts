import type { Timeliness } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';
import { formatPct } from '../ui/format';

type T = (k: MessageKey) => string;

/** 报送及时率 as shown: a percentage, or "无应报" when nothing was owed — never 0% for a unit that owed nothing. */
export function timelinessText(t: T, tl: Timeliness): string {
  return tl.rate === null ? t('svNothingOwed') : formatPct(tl.rate * 100);
}

/** ↑2, ↓1, – (no change), or — when unranked at either date. */
export function rankArrow(change: number | null): string {
  if (change === null) return '—';
  if (change > 0) return `↑${change}`;
  if (change < 0) return `↓${-change}`;
  return '–';
}
