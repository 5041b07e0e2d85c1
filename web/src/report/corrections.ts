import { sumExact, type Correctable, type EventLogEntry } from '@luoshi/shared';

/**
 * Which reports of a target can be corrected, each with the value it counts for now — the
 * same rules as the server's fold (shared/src/rollup/fold.ts): for increments the original
 * plus every correction in its chain (deltas); for readings the latest correction's value
 * (by time, then id), else the original. Corrections themselves are not offered: one
 * corrects the report, and the new correction joins its chain.
 */
export function correctables(log: readonly EventLogEntry[]): (Correctable & { entry: EventLogEntry })[] {
  const byId = new Map(log.map((e) => [e.id, e]));
  const rootOf = (e: EventLogEntry): EventLogEntry | null => {
    let cur: EventLogEntry | undefined = e;
    for (let hops = 0; cur && hops < 100; hops++) {
      if (cur.kind !== 'correction') return cur;
      cur = cur.corrects ? byId.get(cur.corrects) : undefined;
    }
    return null;
  };
  const chains = new Map<string, EventLogEntry[]>();
  for (const e of log) {
    if (e.kind !== 'correction') continue;
    const root = rootOf(e);
    if (root) chains.set(root.id, [...(chains.get(root.id) ?? []), e]);
  }
  const out: (Correctable & { entry: EventLogEntry })[] = [];
  for (const e of log) {
    if (e.kind !== 'increment' && e.kind !== 'reading') continue;
    const fixes = chains.get(e.id) ?? [];
    let effectiveValue = e.value;
    if (e.kind === 'increment') effectiveValue = sumExact([e.value, ...fixes.map((c) => c.value)]);
    else if (fixes.length > 0) {
      const latest = [...fixes]
        .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .at(-1)!;
      effectiveValue = latest.value;
    }
    out.push({ id: e.id, kind: e.kind, effectiveValue, occurredAt: e.occurredAt, entry: e });
  }
  return out;
}
