import { REJECT_CODES, type ReportProblem } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';

type T = (key: MessageKey) => string;

/** Fills {name} placeholders; a missing value leaves the placeholder visible rather than "undefined". */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A problem found before sending, in the reader's language. */
export function problemText(t: T, p: ReportProblem): string {
  return fill(t(`rpP_${p.code}` as MessageKey), p.params);
}

/** Every reason ingest or the door gives has words; `forbidden` is the door's (another unit's target). */
const REFUSALS = new Set<string>([...REJECT_CODES, 'forbidden', 'dead_letter']);

/** Why the server refused a report, said plainly; the server's own sentence is shown beside it. */
export function refusalText(t: T, code: string | undefined | null): string {
  return t(code && REFUSALS.has(code) ? (`rpR_${code}` as MessageKey) : 'rpR_other');
}
