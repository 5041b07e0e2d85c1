import type { FieldProblem } from '@luoshi/shared';
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
