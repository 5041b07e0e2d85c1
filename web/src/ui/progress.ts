import type { TargetState } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';
import { formatPct, formatQuantity } from './format';

type Of = Pick<TargetState, 'measureKind' | 'baseline' | 'targetValue' | 'value' | 'pct' | 'uom'>;

/**
 * From this completion on a target is marked 超额完成: 134% of a goal is news (the goal was
 * set too low, or the figure is wrong), not just "done".
 */
export const OVER_ACHIEVED_PCT = 120;

/**
 * What the completion column says beside the number:
 *  - a ceiling ("全年不超过 60 件") is a limit, not a distance: it is `within` while at or
 *    under the limit and `breached` (超限) over it — never "100% done" mid-period;
 *  - anything else reaching OVER_ACHIEVED_PCT is `over`.
 */
export type ProgressMark = 'within' | 'breached' | 'over' | null;

export function progressMark(x: Of): ProgressMark {
  if (x.measureKind === 'ceiling') return x.value > x.targetValue ? 'breached' : 'within';
  return Number.isFinite(x.pct) && x.pct >= OVER_ACHIEVED_PCT ? 'over' : null;
}

const MARK_WORDS: Record<Exclude<ProgressMark, null>, MessageKey> = {
  within: 'ceWithin',
  breached: 'ceBreached',
  over: 'overAchieved',
};

export function markWords(mark: ProgressMark, t: (k: MessageKey) => string): string | null {
  return mark ? t(MARK_WORDS[mark]) : null;
}

/** The completion as read: "76.0%", or for a ceiling its verdict ("未超限" / "超限") instead of a 100% that means nothing. */
export function completionText(x: Of, t: (k: MessageKey) => string): string {
  return x.measureKind === 'ceiling' ? t(MARK_WORDS[progressMark(x) as 'within' | 'breached']) : formatPct(x.pct);
}

/** The bar's fill: for a ceiling how much of the allowance is used (51 of 60 → 85%), else the completion. */
export function barPct(x: Of): number | null {
  if (x.measureKind !== 'ceiling') return x.pct;
  return x.targetValue > 0 ? (100 * x.value) / x.targetValue : x.value > 0 ? 100 : 0;
}

/**
 * "基线 90% → 目标 95%" where the completion is measured from a baseline (a reading from 90 to
 * 95 at 93.8 is 76% done, not 98.7%), so a reader can see where 76% comes from. Null when
 * the baseline is 0 (then completion is value ÷ target, as everyone assumes) and for ceilings.
 */
export function baselineNote(x: Of, t: (k: MessageKey) => string, lang: 'zh-CN' | 'en'): string | null {
  if (x.measureKind === 'ceiling' || x.baseline === 0) return null;
  return t('baselineTo')
    .replace('{b}', formatQuantity(x.baseline, x.uom, lang))
    .replace('{t}', formatQuantity(x.targetValue, x.uom, lang));
}

/**
 * The value axis of a target's chart. A reading from 90 to 95 drawn on 0–100 is a flat line
 * at the top; its axis fits baseline–target (and the values shown), with a little room.
 * Cumulative targets and ceilings count up from 0 and keep 0 at the bottom.
 */
export function valueAxis(x: Of, values: readonly number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  const hi = Math.max(x.targetValue, x.baseline, ...finite);
  if (x.measureKind !== 'reading' || x.baseline === 0) return [0, niceCeil(hi * 1.05)];
  const lo = Math.min(x.targetValue, x.baseline, ...finite);
  const pad = Math.max((hi - lo) * 0.1, Math.abs(hi) * 1e-3, 1e-6);
  let bottom = lo - pad;
  let top = hi + pad;
  if (lo >= 0) bottom = Math.max(0, bottom);
  if (x.uom === '%' && hi <= 100) top = Math.min(100, top);
  const step = niceStep((top - bottom) / 5);
  return [Math.floor(bottom / step) * step, Math.ceil(top / step) * step];
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function niceCeil(v: number): number {
  return v > 0 ? Math.ceil(v) : 1;
}
