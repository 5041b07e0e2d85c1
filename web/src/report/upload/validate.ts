import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { sha256 } from '@noble/hashes/sha2';
import { addExact, checkReport, reportEvent, sumsEvents, type MyTarget, type ProgressEvent, type ReportProblem } from '@luoshi/shared';
import type { RawRow } from './parse';

export type RowProblem = ReportProblem | { field: 'row'; code: 'duplicate_row'; params: { row: number } };

export type CheckedRow =
  | { row: RawRow; ok: true; event: ProgressEvent; target: MyTarget }
  | { row: RawRow; ok: false; problems: RowProblem[] };

/**
 * A row's event id comes from what the row says (target, date, value, note), so uploading
 * the same file again — or a corrected file that repeats the good rows — sends the same
 * ids, and the server stores each once. SHA-256 (noble) rather than crypto.subtle, which
 * browsers offer only over HTTPS.
 */
export function rowEventId(r: Pick<RawRow, 'target' | 'date' | 'value' | 'note'>, value: number): string {
  const key = [r.target, r.date, String(value), r.note].join('\u001f');
  return `up-${bytesToHex(sha256(utf8ToBytes(key))).slice(0, 40)}`;
}

/**
 * Checks every row before anything is sent, with the same rules as the form. `foreign`
 * tells codes of other units' targets from codes that do not exist (the server was asked).
 * Two identical rows are refused: the second would be the same report, counted once.
 */
export function validateRows(
  rows: readonly RawRow[],
  mine: ReadonlyMap<string, MyTarget>,
  foreign: ReadonlySet<string>,
  today: string,
  now: Date,
): CheckedRow[] {
  const seen = new Map<string, number>();
  /** Each target's total as the rows before this one leave it: the bounds judge where a row takes it. */
  const running = new Map<string, number>();
  return rows.map((row): CheckedRow => {
    const target = mine.get(row.target);
    if (!target) {
      const code = foreign.has(row.target) ? 'target_not_yours' : 'target_unknown';
      return { row, ok: false, problems: [{ field: 'target', code, params: { target: row.target || '（空）' } }] };
    }
    const total = running.get(target.code) ?? target.value ?? target.baseline;
    const checked = checkReport({ value: row.value, date: row.date, note: row.note, uom: row.uom }, { ...target, value: total }, today);
    if (!checked.ok) return { row, ok: false, problems: checked.problems };
    const id = rowEventId(row, checked.value);
    const first = seen.get(id);
    if (first !== undefined)
      return { row, ok: false, problems: [{ field: 'row', code: 'duplicate_row', params: { row: first } }] };
    seen.set(id, row.line);
    if (sumsEvents(target.measureKind)) running.set(target.code, addExact(total, checked.value));
    return { row, ok: true, event: reportEvent(id, target.code, checked, now), target };
  });
}
