import type { ActivityItem, EventCheck, Receipt, RejectCode } from '@luoshi/shared';

/** One message as the worker hands it over: enough to decide, store and acknowledge. */
export interface IncomingMessage {
  subject: string;
  data: Uint8Array;
  /**
   * JetStream stream sequence: the key of a rejection, so a redelivered poison message is
   * recorded once. Null for events written in-process without the stream (demo back-fill).
   */
  seq: number | null;
  /**
   * The payload already decoded (shared `decodeEvent`), when the worker did it as the message
   * arrived: decoding then overlaps the write in flight instead of lengthening the next one.
   * Judged exactly as if decoded in the batch (the clock is the arrival's).
   */
  decoded?: EventCheck;
}

export type Outcome = 'stored' | 'duplicate' | 'rejected';

/** A target whose rollup this batch moved (ratio targets whose parts moved included). */
export interface Touched {
  target: string;
  planId: string;
}

/**
 * Where a batch's time goes, in ms (the `luoshi_ingest_write_step_seconds` metric and the
 * ingest benchmark's breakdown): before the transaction (`prepare`: the target definitions
 * read and every message judged on what needs no lock — wire, subject, owner, what the
 * target accepts), then the write: waiting for a connection and BEGIN, locking the totals
 * and judging against them (rejections recorded), the events' insert, the rollups, then
 * COMMIT (the batch's answers are built after it).
 */
export type WriteSteps = Record<'prepare' | 'begin' | 'judge' | 'insert' | 'rollups' | 'commit', number>;

export interface BatchResult {
  /**
   * Time per step; a batch judged twice (see writeBatch) adds both passes' times. The write
   * is everything but `prepare`.
   */
  steps: WriteSteps;
  /** 1, or 2 when the optimistic pass was rolled back and the batch judged with the stored ids. */
  passes: 1 | 2;
  /**
   * performance.now() when COMMIT returned: a batch's write time ends there (the answers
   * below are built after it, with no lock held).
   */
  committedAt: number;
  outcomes: Outcome[];
  rejects: { code: RejectCode; message: string }[];
  /**
   * What the batch changed. No status: the writer computes none inside its transaction;
   * the worker asks the read model (targets/state.ts) once, after commit.
   */
  touched: Touched[];
  /** The events this batch actually added, for the activity feed. */
  activity: ActivityItem[];
  /**
   * What became of each message, for its reporter (`receipts.<unit>`): one per message with
   * a readable event id and a `progress.<unit>.<target>` subject, in batch order.
   */
  receipts: Receipt[];
}
