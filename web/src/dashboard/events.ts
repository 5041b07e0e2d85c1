import type { EventLogEntry, MeasureKind } from '@luoshi/shared';

/** A report with the corrections that compensate it, listed under it. */
export interface LogItem {
  entry: EventLogEntry;
  corrections: EventLogEntry[];
  /** For a correction whose original is not in the log (it was a correction itself, or is missing). */
  orphan: boolean;
}

const byTimeDesc = (a: EventLogEntry, b: EventLogEntry): number =>
  a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : a.receivedAt < b.receivedAt ? 1 : -1;

/** Every correction placed under the report it corrects (following correction-of-correction chains); newest first. */
export function eventLog(entries: readonly EventLogEntry[]): LogItem[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const root = (e: EventLogEntry): EventLogEntry | undefined => {
    const seen = new Set<string>();
    let cur: EventLogEntry | undefined = e;
    while (cur && cur.kind === 'correction' && cur.corrects && !seen.has(cur.id)) {
      seen.add(cur.id);
      cur = byId.get(cur.corrects);
    }
    return cur && cur.kind !== 'correction' ? cur : undefined;
  };
  const items = new Map<string, LogItem>();
  for (const e of entries) if (e.kind !== 'correction') items.set(e.id, { entry: e, corrections: [], orphan: false });
  for (const e of entries) {
    if (e.kind !== 'correction') continue;
    const r = root(e);
    const home = r && items.get(r.id);
    if (home) home.corrections.push(e);
    else items.set(e.id, { entry: e, corrections: [], orphan: true });
  }
  for (const it of items.values()) it.corrections.sort((a, b) => -byTimeDesc(a, b));
  return [...items.values()].sort((a, b) => byTimeDesc(a.entry, b.entry));
}

/**
 * What a report amounted to after its corrections: cumulative corrections are signed deltas
 * added to the original, reading corrections replace it (the latest one wins).
 */
export function correctedValue(item: LogItem, kind: MeasureKind): number | null {
  if (item.corrections.length === 0 || item.entry.kind === 'note') return null;
  if (kind === 'reading' || item.entry.kind === 'reading') {
    return [...item.corrections].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1)).at(-1)!.value;
  }
  return item.corrections.reduce((v, c) => v + c.value, item.entry.value);
}
