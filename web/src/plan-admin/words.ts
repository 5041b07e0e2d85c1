import type { FieldProblem, TargetAdjustment } from '@luoshi/shared';
import { ApiError } from '../app/http';
import type { MessageKey } from '../i18n/messages';

type T = (key: MessageKey) => string;

/** A message for a key built from a server code; undefined when there are no words for it. */
export function lookup(t: T, key: string): string | undefined {
  return (t as (k: string) => string | undefined)(key) || undefined;
}

/** Field → problem text (Chinese first), from a refusal's `problems`; {} when it has none. */
export function fieldErrors(t: T, err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const problems = (err.body?.problems ?? []) as FieldProblem[];
  const out: Record<string, string> = {};
  for (const p of problems) {
    out[p.field] = lookup(t, `paP_${p.code}`) ?? p.message;
  }
  return out;
}

/** A refusal in plain words, with the server's sentence for the details. */
export function refusal(t: T, err: unknown): { words: string; detail: string } {
  if (!(err instanceof ApiError)) return { words: t('paE_other'), detail: err instanceof Error ? err.message : '' };
  return { words: lookup(t, `paE_${err.code}`) ?? t('paE_other'), detail: err.message };
}

/** How a changed value reads: milestones as "date value" pairs, everything else as is. */
function shown(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map((m: { date?: string; value?: number }) => `${m.date ?? ''} ${m.value ?? ''}`).join('；') || '—';
  if (typeof v === 'object') return '…';
  return String(v);
}

/**
 * What an adjustment (调整) changed, in words: "目标值：120 人 → 150 人", or just "撤销" /
 * "新增目标". One wording for a target's history and the 月度通报's adjustments.
 */
export function adjustmentWhat(t: T, lang: string, c: Pick<TargetAdjustment, 'field' | 'oldValue' | 'newValue'>, uom: string): string {
  const field = lookup(t, `paF_${c.field}`) ?? lookup(t, `paHistory_${c.field}`) ?? c.field;
  if (c.field === 'created' || c.field === 'status') return field;
  const unit = c.field === 'targetValue' || c.field === 'baseline' ? ` ${uom}` : '';
  const colon = lang === 'en' ? ': ' : '：';
  return `${field}${colon}${shown(c.oldValue)}${unit} → ${shown(c.newValue)}${unit}`;
}
