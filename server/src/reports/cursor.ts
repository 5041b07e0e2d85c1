import { EventIdSchema } from '@luoshi/shared';
import { badQuery } from '../http/query';

/**
 * Where a history page ended. History is ordered newest first by `at`, then stored events
 * before rejections at the same instant, then by key descending (an event id in "C" order,
 * or a rejection's row id): a total order, so a page boundary inside a run of equal times
 * neither repeats nor skips a line.
 *
 * `at` keeps PostgreSQL's microseconds (a JS Date would round them to milliseconds and
 * break ties). Opaque to clients: base64url of a small JSON array.
 */
export interface HistoryCursor {
  /** `at` as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, microseconds): orders as text. */
  at: string;
  /** 1: a stored event; 0: a rejection. */
  rank: 0 | 1;
  /** Event id (rank 1) or rejected_events.id (rank 0, as decimal text). */
  key: string;
}

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const EVENT_ID = new RegExp(EventIdSchema.pattern!);

export function encodeCursor(c: HistoryCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.rank, c.key])).toString('base64url');
}

export function decodeCursor(raw: string): HistoryCursor {
  const bad = () => badQuery('query parameter "before" is not a cursor this server gave out; pass the nextCursor of the previous page', 'invalid_cursor');
  if (raw.length > 400 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw bad();
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(v) || v.length !== 3) throw bad();
  const [at, rank, key] = v as unknown[];
  if (typeof at !== 'string' || !AT.test(at) || Number.isNaN(Date.parse(at))) throw bad();
  if (rank === 1 && typeof key === 'string' && key.length <= 128 && EVENT_ID.test(key)) return { at, rank, key };
  if (rank === 0 && typeof key === 'string' && /^[1-9]\d{0,17}$/.test(key)) return { at, rank, key };
  throw bad();
}

/** Does `a` come before `b` in the history's order (newest first)? */
export function before(a: HistoryCursor, b: HistoryCursor): boolean {
  if (a.at !== b.at) return a.at > b.at;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (a.rank === 0) return BigInt(a.key) > BigInt(b.key);
  return a.key > b.key;
}
