import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { EVENT_KINDS, type EventKind, type ReportHistoryItem, type ReportHistoryResponse } from '@luoshi/shared';
import { deletableBy, photoSlots, slotKey } from '../photos/repository';
import { before as comesBefore, encodeCursor, type HistoryCursor } from './cursor';

export interface HistoryFilter {
  unit: string;
  target?: string | undefined;
  outcome?: 'counted' | 'rejected' | undefined;
  reporter?: string | undefined;
  /** Inclusive lower bound of `at`. */
  from?: Date | undefined;
  /** Exclusive upper bound of `at`. */
  until?: Date | undefined;
  limit: number;
  before?: HistoryCursor | undefined;
  /** Who reads: says which photos they may delete (`photosDeletable`). */
  viewer?: { id: string; role: string } | undefined;
}

/** `at` to the microsecond, as text that orders like the instant (see cursor.ts). */
const atText = (col: 'e.received_at' | 'r.rejected_at') => sql<string>`to_char(${sql.ref(col)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Stored events of the unit's targets, newest received first. One index walk per target
 * (events(target_code, received_at, id "C"), lateral, each stopping after `n` rows) and a
 * merge of those short lists: the cost is targets × page, whatever the table's size.
 */
function storedPage(db: Kysely<Database>, f: HistoryFilter, n: number) {
  const c = f.before;
  return db
    .selectFrom('targets as t')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('events as e')
          .select(['e.id', 'e.target_code', 'e.kind', 'e.value', 'e.occurred_at', 'e.received_at', 'e.reporter', 'e.source', 'e.note', 'e.evidence', 'e.corrects', 'e.reason', atText('e.received_at').as('at_text')])
          .whereRef('e.target_code', '=', 't.code')
          .$if(f.reporter !== undefined, (q) => q.where('e.reporter', '=', f.reporter!))
          .$if(f.from !== undefined, (q) => q.where('e.received_at', '>=', f.from!))
          .$if(f.until !== undefined, (q) => q.where('e.received_at', '<', f.until!))
          .$if(c?.rank === 1, (q) => q.where(sql<boolean>`(e.received_at, e.id collate "C") < (${c!.at}::timestamptz, ${c!.key}::text collate "C")`))
          .$if(c?.rank === 0, (q) => q.where(sql<boolean>`e.received_at < ${c!.at}::timestamptz`))
          .orderBy('e.received_at', 'desc')
          .orderBy(sql`e.id collate "C"`, 'desc')
          .limit(n)
          .as('e'),
      (join) => join.onTrue(),
    )
    .select(['e.id', 'e.target_code', 't.title', 't.uom', 'e.kind', 'e.value', 'e.occurred_at', 'e.received_at', 'e.reporter', 'e.source', 'e.note', 'e.evidence', 'e.corrects', 'e.reason', 'e.at_text'])
    .where('t.owner_unit', '=', f.unit)
    .$if(f.target !== undefined, (q) => q.where('t.code', '=', f.target!))
    .orderBy('e.received_at', 'desc')
    .orderBy(sql`e.id collate "C"`, 'desc')
    .limit(n)
    .execute();
}

/** Rejections published for the unit, newest first (index rejected_events(unit_code, rejected_at, id)). */
function rejectedPage(db: Kysely<Database>, f: HistoryFilter, n: number) {
  const c = f.before;
  return db
    .selectFrom('rejected_events as r')
    .leftJoin('targets as t', 't.code', 'r.target_code')
    .select(['r.id', 'r.event_id', 'r.target_code', 't.title', 't.uom', 'r.rejected_at', 'r.reporter', 'r.code', 'r.message', 'r.payload', atText('r.rejected_at').as('at_text')])
    .where('r.unit_code', '=', f.unit)
    .$if(f.target !== undefined, (q) => q.where('r.target_code', '=', f.target!))
    .$if(f.reporter !== undefined, (q) => q.where('r.reporter', '=', f.reporter!))
    .$if(f.from !== undefined, (q) => q.where('r.rejected_at', '>=', f.from!))
    .$if(f.until !== undefined, (q) => q.where('r.rejected_at', '<', f.until!))
    .$if(c?.rank === 1, (q) => q.where(sql<boolean>`r.rejected_at <= ${c!.at}::timestamptz`))
    .$if(c?.rank === 0, (q) => q.where(sql<boolean>`(r.rejected_at, r.id) < (${c!.at}::timestamptz, ${c!.key}::bigint)`))
    .orderBy('r.rejected_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(n)
    .execute();
}

const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);
const kinds = new Set<string>(EVENT_KINDS);

/** A rejected payload may be anything: what reads as the field is shown, the rest is null. */
function fromPayload(payload: string): Pick<ReportHistoryItem, 'kind' | 'value' | 'occurredAt' | 'source' | 'note' | 'evidence' | 'corrects' | 'reason'> {
  let p: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(payload);
    if (v && typeof v === 'object' && !Array.isArray(v)) p = v as Record<string, unknown>;
  } catch {
    // not JSON (that may be why it was rejected)
  }
  return {
    kind: typeof p.kind === 'string' && kinds.has(p.kind) ? (p.kind as EventKind) : null,
    value: typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : null,
    occurredAt: str(p.occurredAt),
    source: str(p.source),
    note: str(p.note),
    evidence: str(p.evidence),
    corrects: str(p.corrects),
    reason: str(p.reason),
  };
}

interface Line {
  key: HistoryCursor;
  item: ReportHistoryItem;
}

/**
 * A unit's report history: its targets' stored events unioned with the rejections
 * published for it, newest first. Each side reads one row more than the page, so the
 * answer knows whether an older page exists (no cursor to an empty page).
 */
export async function reportHistory(db: Kysely<Database>, f: HistoryFilter): Promise<ReportHistoryResponse> {
  const n = f.limit + 1;
  const [stored, rejected] = await Promise.all([f.outcome === 'rejected' ? [] : storedPage(db, f, n), f.outcome === 'counted' ? [] : rejectedPage(db, f, n)]);
  const lines: Line[] = [
    ...stored.map(
      (e): Line => ({
        key: { at: e.at_text, rank: 1, key: e.id },
        item: {
          eventId: e.id,
          target: e.target_code,
          targetTitle: e.title,
          uom: e.uom,
          kind: e.kind as EventKind,
          value: e.value,
          occurredAt: new Date(e.occurred_at).toISOString(),
          // Parsed like everywhere else (receipts, event log): the same instant reads the same.
          at: new Date(e.received_at).toISOString(),
          reporter: e.reporter,
          source: e.source,
          note: e.note,
          evidence: e.evidence,
          corrects: e.corrects,
          reason: e.reason,
          outcome: 'counted',
          code: null,
          message: null,
          correctedBy: [],
          photos: [],
          photosDeletable: [],
        },
      }),
    ),
    ...rejected.map(
      (r): Line => ({
        key: { at: r.at_text, rank: 0, key: String(r.id) },
        item: {
          // '' when the payload had no readable id (a producer's garbage, never the web form).
          eventId: r.event_id ?? '',
          target: r.target_code ?? '',
          targetTitle: r.title,
          uom: r.uom,
          ...fromPayload(r.payload),
          at: new Date(r.rejected_at).toISOString(),
          reporter: r.reporter,
          outcome: 'rejected',
          code: r.code,
          message: r.message,
          correctedBy: [],
          photos: [],
          photosDeletable: [],
        },
      }),
    ),
  ].sort((a, b) => (comesBefore(a.key, b.key) ? -1 : comesBefore(b.key, a.key) ? 1 : 0));

  const page = lines.slice(0, f.limit);
  const ids = page.filter((l) => l.item.outcome === 'counted').map((l) => l.item.eventId);
  if (ids.length > 0) {
    // Only the unit's own corrections: ids are unique per owner unit (issue 15).
    const fixes = await db.selectFrom('events').select(['id', 'corrects']).where('owner_unit', '=', f.unit).where('corrects', 'in', ids).orderBy('occurred_at').orderBy(sql`id collate "C"`).execute();
    const by = new Map<string, string[]>();
    for (const x of fixes) by.set(x.corrects!, [...(by.get(x.corrects!) ?? []), x.id]);
    for (const l of page) if (l.item.outcome === 'counted') l.item.correctedBy = by.get(l.item.eventId) ?? [];
  }
  const slots = await photoSlots(db, page.map((l) => ({ target: l.item.target, eventId: l.item.eventId })));
  for (const l of page) {
    const info = slots.get(slotKey(l.item.target, l.item.eventId)) ?? [];
    l.item.photos = info.map((x) => x.n);
    l.item.photosDeletable = deletableBy(info, f.viewer);
  }
  return { unit: f.unit, items: page.map((l) => l.item), nextCursor: lines.length > f.limit ? encodeCursor(page.at(-1)!.key) : null };
}
