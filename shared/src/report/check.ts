import { chinaDate, isYmd } from '../calendar/ymd';
import type { MeasureKind } from '../domain/types';
import type { ProgressEvent } from '../events/schema';
import { boundsProblem, outcomeOf } from '../rules/bounds';
import { exact } from '../rules/decimal';
import { reportKind } from '../rules/measures';

/**
 * What a person types into the report form or a bulk-upload row, checked against the
 * target before anything is sent (issue 7). Pure and shared: the web form and the bulk
 * validator show these problems in plain Chinese; the HTTP door
 * and ingest judge the same events with the same rules (shared/src/rules), so a script
 * cannot skip what the form refuses.
 */

/** The fields of a target a report is checked against. */
export interface ReportTarget {
  code: string;
  ownerUnit: string;
  measureKind: MeasureKind;
  uom: string;
  baseline: number;
  targetValue: number;
  /** The plan period (China dates); reports must fall inside it. */
  periodStart: string;
  periodEnd: string;
  /** The value in force now, when known (a total is judged on where a report takes it). */
  value?: number;
}

export type ReportField = 'target' | 'value' | 'date' | 'note' | 'evidence' | 'reason' | 'uom';

export const REPORT_PROBLEMS = [
  'target_unknown',
  'target_not_yours',
  /** Ratio targets are computed from their parts; nobody reports them. */
  'target_not_reportable',
  'value_empty',
  'value_not_number',
  'value_negative',
  /** More than `ABSURD_FACTOR` times the whole commitment in one report: a typo (an extra zero), not progress. */
  'value_too_large',
  'percent_over_100',
  /** A correction would take a total below its baseline (take back more than was reported). */
  'total_below_baseline',
  'date_empty',
  'date_invalid',
  'date_future',
  'date_out_of_period',
  'uom_mismatch',
  'note_too_long',
  'evidence_not_link',
  'reason_empty',
  /** A correction to the value already in force changes nothing. */
  'correction_no_change',
] as const;
export type ReportProblemCode = (typeof REPORT_PROBLEMS)[number];

export interface ReportProblem {
  field: ReportField;
  code: ReportProblemCode;
  /** Numbers and names the message needs (limit, period, uom…). */
  params?: Record<string, string | number>;
}

/** One report's worth of typing. `value` is the text as typed (form or CSV cell). */
export interface ReportDraft {
  value: string;
  /** YYYY-MM-DD (China date). */
  date: string;
  note?: string;
  evidence?: string;
  /** When given (bulk files may carry a 单位 column), it must be the target's. */
  uom?: string;
}

export const MAX_NOTE_LENGTH = 2000;
export const MAX_REASON_LENGTH = 500;

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D]/g;
/** Plain decimals; thousands separators allowed (1,234.5). No exponents, no words. */
const DECIMAL = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/**
 * Parses a typed number: full-width digits (Chinese IMEs type １２．５) and thousands
 * commas are accepted; anything else is not a number. Empty → null.
 */
export function parseTypedNumber(text: string): number | null | 'invalid' {
  const s = text
    .trim()
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '');
  if (s === '') return null;
  if (!DECIMAL.test(s)) return 'invalid';
  const n = Number(s.replaceAll(',', ''));
  return Number.isFinite(n) ? n : 'invalid';
}

/** The value in force to judge a report on: the target's, else its baseline. */
const totalOf = (t: Pick<ReportTarget, 'baseline' | 'value'>): number => t.value ?? t.baseline;

/** `date` is trimmed by the caller (a CSV cell often carries spaces). */
function dateProblems(date: string, target: ReportTarget, today: string): ReportProblem[] {
  if (date === '') return [{ field: 'date', code: 'date_empty' }];
  if (!isYmd(date)) return [{ field: 'date', code: 'date_invalid', params: { date } }];
  if (date > today) return [{ field: 'date', code: 'date_future', params: { date, today } }];
  if (date < target.periodStart || date > target.periodEnd) {
    return [{ field: 'date', code: 'date_out_of_period', params: { date, start: target.periodStart, end: target.periodEnd } }];
  }
  return [];
}

function textProblems(draft: { note?: string; evidence?: string }): ReportProblem[] {
  const out: ReportProblem[] = [];
  if ((draft.note ?? '').length > MAX_NOTE_LENGTH) out.push({ field: 'note', code: 'note_too_long', params: { max: MAX_NOTE_LENGTH } });
  const ev = (draft.evidence ?? '').trim();
  if (ev !== '' && !/^https?:\/\/\S+$/i.test(ev)) out.push({ field: 'evidence', code: 'evidence_not_link' });
  return out;
}

export type ReportCheck =
  | { ok: true; kind: 'increment' | 'reading'; value: number; date: string; note?: string; evidence?: string }
  | { ok: false; problems: ReportProblem[] };

/** Checks a new report (increment or reading) against its target, as of China date `today`. */
export function checkReport(draft: ReportDraft, target: ReportTarget, today: string): ReportCheck {
  const kind = reportKind(target.measureKind);
  if (!kind) return { ok: false, problems: [{ field: 'target', code: 'target_not_reportable' }] };
  const problems: ReportProblem[] = [];
  const parsed = parseTypedNumber(draft.value);
  if (parsed === null) problems.push({ field: 'value', code: 'value_empty' });
  else if (parsed === 'invalid') problems.push({ field: 'value', code: 'value_not_number', params: { text: draft.value.trim().slice(0, 40) } });
  else {
    const p = boundsProblem(target, outcomeOf(target, parsed, totalOf(target), false));
    if (p) problems.push(p);
  }
  if (draft.uom !== undefined && draft.uom.trim() !== '' && draft.uom.trim() !== target.uom) {
    problems.push({ field: 'uom', code: 'uom_mismatch', params: { given: draft.uom.trim(), uom: target.uom } });
  }
  const date = draft.date.trim();
  problems.push(...dateProblems(date, target, today), ...textProblems(draft));
  if (problems.length > 0 || typeof parsed !== 'number') return { ok: false, problems };
  const note = draft.note?.trim();
  const evidence = draft.evidence?.trim();
  return { ok: true, kind, value: parsed + 0, date, ...(note ? { note } : {}), ...(evidence ? { evidence } : {}) };
}

/** The report being corrected: its kind and the value currently in force for it. */
export interface Correctable {
  id: string;
  kind: 'increment' | 'reading';
  /** What the report counts for now: its value with every correction so far applied. */
  effectiveValue: number;
  occurredAt: string;
}

export type CorrectionCheck = { ok: true; delta: number; value: number; reason: string } | { ok: false; problems: ReportProblem[] };

/**
 * A correction states the right value; what is sent follows the fold's semantics
 * (rollup/fold.ts): for sums a signed delta (right − in force), for readings the right
 * reading itself.
 */
export function checkCorrection(
  rightValue: string,
  reason: string,
  original: Correctable,
  target: Pick<ReportTarget, 'measureKind' | 'uom' | 'baseline' | 'targetValue' | 'value'>,
): CorrectionCheck {
  const problems: ReportProblem[] = [];
  const parsed = parseTypedNumber(rightValue);
  if (parsed === null) problems.push({ field: 'value', code: 'value_empty' });
  else if (parsed === 'invalid') problems.push({ field: 'value', code: 'value_not_number', params: { text: rightValue.trim().slice(0, 40) } });
  else {
    // Judged like door and ingest will: a sum by the total the delta leads to, a reading
    // by the replacement reading.
    const delta = exact(parsed).minus(original.effectiveValue).toNumber();
    const sent = original.kind === 'increment' ? delta : parsed;
    const total = target.value ?? exact(target.baseline).plus(original.kind === 'increment' ? original.effectiveValue : 0).toNumber();
    const p = parsed < 0 ? ({ field: 'value', code: 'value_negative' } as const) : boundsProblem(target, outcomeOf(target, sent, total, true));
    if (p) problems.push(p);
    else if (delta === 0) problems.push({ field: 'value', code: 'correction_no_change', params: { value: parsed } });
  }
  const why = reason.trim();
  if (why === '') problems.push({ field: 'reason', code: 'reason_empty' });
  else if (why.length > MAX_REASON_LENGTH) problems.push({ field: 'reason', code: 'note_too_long', params: { max: MAX_REASON_LENGTH } });
  if (problems.length > 0 || typeof parsed !== 'number') return { ok: false, problems };
  // Exact decimals: 0.3 typed over 0.1 + 0.2 in force is no change, and never −0.
  const delta = original.kind === 'increment' ? exact(parsed).minus(original.effectiveValue).toNumber() + 0 : parsed;
  return { ok: true, delta, value: parsed, reason: why };
}

/**
 * The instant a report dated `date` is sent as: now when it is today (China), else noon
 * of that day in China time, so a back-dated report lands on the day the clerk chose.
 */
export function occurredAtFor(date: string, now: Date): string {
  if (chinaDate(now) === date) return now.toISOString();
  return `${date}T12:00:00+08:00`;
}

/** Builds the event for a checked report, with the producer-chosen id. */
export function reportEvent(id: string, target: string, ok: Extract<ReportCheck, { ok: true }>, now: Date): ProgressEvent {
  return {
    id,
    target,
    kind: ok.kind,
    value: ok.value,
    occurredAt: occurredAtFor(ok.date, now),
    ...(ok.note ? { note: ok.note } : {}),
    ...(ok.evidence ? { evidence: ok.evidence } : {}),
  };
}

/** Builds a correction event: it takes effect where the original did (see fold). */
export function correctionEvent(id: string, target: string, original: Correctable, ok: Extract<CorrectionCheck, { ok: true }>, now: Date): ProgressEvent {
  return { id, target, kind: 'correction', value: ok.delta, occurredAt: now.toISOString(), corrects: original.id, reason: ok.reason };
}
