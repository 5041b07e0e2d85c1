import { jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '@luoshi/db';
import { PROGRESS_STREAM, decodeEvent, notFuture, type ActivityItem, liveSubject, receiptSubject, type EventCheck, type LiveNotice, type Receipt, type TargetUpdate } from '@luoshi/shared';
import { targetUpdates } from '../targets/state';
import { DEAD_LETTER_CONSUMER, DEAD_LETTER_STREAM, INGEST_CONSUMER } from '../infra/nats';
import { ingestMetrics } from '../metrics/metrics';
import { writeBatch, type BatchResult, type IncomingMessage, type WriteSteps } from './batch';
import { handleDeadLetterAdvisory, storeDeadLetter } from './dead-letters';
import { systemClock, type Clock } from '../infra/clock';
import type { NatsTarget } from '../infra/nats-target';
import type { IntakeMsg } from './intake/protocol';
import { ThreadIntake } from './intake/threaded';

/** What one committed batch reports to an observer (the benchmark uses it for exact latency quantiles). */
export interface CommitReport {
  size: number;
  /** Per message: commit time minus the stream timestamp of the message, in ms. */
  publishToCommitMs: number[];
  writeMs: number;
  /** Where the write time went (BatchResult.steps), and whether the batch was judged twice. */
  steps: WriteSteps;
  passes: 1 | 2;
}

export interface IngestOptions {
  /** Messages written per transaction at most. */
  maxBatch: number;
  /** How long the first message of a batch waits for company before the batch is written. */
  lingerMs: number;
  /** How many batches a worker pulls ahead, so the next one is buffered while one is written. */
  pullAhead: number;
  /** Transactions one worker runs at once (group commit with this many slots). */
  maxInFlight: number;
  /** Nak delay after a transient failure, by the delivery count of the message. */
  retryDelayMs: (deliveryCount: number) => number;
  /** Also turn MAX_DELIVERIES advisories into dead_letters rows (every worker does by default). */
  deadLetters: boolean;
  onCommit?: (report: CommitReport) => void;
  /** The app clock (infra/clock.ts): the future-event check and the statuses in live deltas. */
  now: Clock;
  /**
   * Where the intake thread connects (intake/thread.ts): messages are then received, decoded
   * and acknowledged on a thread of their own, and the loop that writes only writes. Without
   * it the worker takes them in on its own loop through the connection it was given.
   */
  intakeTarget?: string | NatsTarget;
}

const DEFAULTS: IngestOptions = { maxBatch: 2000, lingerMs: 10, pullAhead: 2, maxInFlight: 1, retryDelayMs, deadLetters: true, now: systemClock };

/** Nak delay for a batch that failed on infrastructure: 1 s, 2 s, 4 s … capped at 30 s. */
export function retryDelayMs(deliveryCount: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * How a failed transaction is treated, from the PostgreSQL error code:
 * - `conflict` (deadlock, serialization failure): retried at once, a few times;
 * - `data` (classes 22 data exception, 23 integrity violation, P0 raised by a trigger): the
 *   same messages would fail again, so the batch is split until the culprit is alone, and
 *   that one message is dead-lettered with the database's words;
 * - `transient` (everything else: connection refused or lost, shutdown, timeouts): the
 *   batch is nak'ed and redelivered later.
 */
export function classifyWriteError(err: unknown): 'conflict' | 'data' | 'transient' {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return 'transient';
  if (code === '40P01' || code === '40001') return 'conflict';
  if (code.startsWith('22') || code.startsWith('23') || code.startsWith('P0')) return 'data';
  return 'transient';
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Pulls progress messages from the shared durable consumer and writes them in batches.
 * A batch is acknowledged only after its transaction committed; if the database fails,
 * the whole batch is nak'ed with a growing delay and comes back later. Every instance
 * of this worker pulls from the same consumer, so they share the load.
 *
 * A message JetStream gave up on (max_deliver reached) is announced by an advisory kept
 * in the PROGRESS_DEAD stream; every worker also drains that stream into `dead_letters`.
 */
export class IngestWorker {
  private readonly opts: IngestOptions;
  private messages: ConsumerMessages | null = null;
  private intake: ThreadIntake | null = null;
  private deadMessages: ConsumerMessages | null = null;
  private buffer: IntakeMsg[] = [];
  /**
   * Payloads decoded ahead of their batch, in small slices between other work (setImmediate),
   * so decoding fills the time the write in flight waits on PostgreSQL instead of arriving
   * as one burst when the next write begins. A message not decoded yet is decoded by judging.
   */
  private decoded = new WeakMap<IntakeMsg, EventCheck>();
  private toDecode: IntakeMsg[] = [];
  private decoding = false;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private paused: Promise<void> | null = null;
  /** Messages taken in while paused: kept in progress (working) until the database is back. */
  private held: IntakeMsg[] = [];
  private loops: Promise<void>[] = [];
  /** Live deltas being read after a commit: stop() waits for them before the connection closes. */
  private readonly liveInFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly nc: NatsConnection,
    private readonly log: Logger,
    opts: Partial<IngestOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  async start(): Promise<void> {
    const js = jetstream(this.nc);
    const consumer = await js.consumers.get(PROGRESS_STREAM, INGEST_CONSUMER);
    const target = this.opts.intakeTarget;
    if (target !== undefined) {
      // start() resolves once the first thread consumes (as it resolves once the consumer is
      // there without a thread) and rejects if it cannot; a thread that ends later is started
      // again, like a consume() that ends.
      let next: ThreadIntake | null = this.openIntake(target);
      await next.ready;
      this.loops.push(
        this.keepConsuming('ingest intake thread', async () => {
          const intake = next ?? this.openIntake(target);
          next = null;
          await this.runThread(intake);
        }),
      );
    } else {
      this.loops.push(
        this.keepConsuming('ingest', async () => {
          // Pull requests live 5 s (default 30 s): after a close the server keeps sending to the
          // closed pull until its request expires, and what it sent comes back only after the
          // ack wait. Short requests keep that window small.
          this.messages = await consumer.consume({ max_messages: this.opts.maxBatch * this.opts.pullAhead, expires: 5_000 });
          await this.run(this.messages);
        }),
      );
    }
    if (this.opts.deadLetters) {
      const jsm = await jetstreamManager(this.nc);
      const dead = await js.consumers.get(DEAD_LETTER_STREAM, DEAD_LETTER_CONSUMER);
      this.loops.push(
        this.keepConsuming('dead letters', async () => {
          this.deadMessages = await dead.consume({ max_messages: 20 });
          for await (const m of this.deadMessages) {
            if (this.stopping) m.nak();
            else await handleDeadLetterAdvisory(this.db, jsm, m, this.opts.retryDelayMs, this.log);
          }
        }),
      );
    }
  }

  /**
   * Graceful stop: stop pulling, finish the write in flight and write what is already in
   * hand (nothing half-written: a transaction commits or rolls back whole), nak whatever
   * still arrives. Unacknowledged messages go to the other workers.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // Paused for a database outage: nothing can be written, hand everything back.
    if (this.paused) for (const m of this.takeHeld()) m.nak();
    await Promise.all([this.messages?.close(), this.intake?.close(), this.deadMessages?.close()]);
    await Promise.all(this.loops);
    await Promise.all(this.inFlight);
    await Promise.all(this.liveInFlight);
  }

  /** A consume() that ends or fails while we are not stopping is opened again, after a pause. */
  private async keepConsuming(what: string, consume: () => Promise<void>): Promise<void> {
    while (!this.stopping) {
      try {
        await consume();
      } catch (err) {
        if (!this.stopping) this.log.warn({ err }, `${what}: consuming failed; retrying`);
      }
      if (!this.stopping) await sleep(1_000);
    }
  }

  /**
   * Group commit: one write in flight per worker. While it runs, messages gather in the
   * buffer, and the next batch (up to maxBatch) starts the moment it ends, so batches grow
   * with the load instead of queueing up as many small ones. When idle, the first message
   * waits at most lingerMs for company. Reading stops while a full batch is already waiting.
   */
  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      this.take(m);
      this.kick(false);
      while (this.inFlight.size >= this.opts.maxInFlight && this.buffer.length >= this.opts.maxBatch) await this.writing;
    }
    await this.writeWhatIsInHand();
  }

  /**
   * The same with the intake thread: chunks arrive decoded, between writes (held while one
   * runs, handed over after). No back-pressure here: the thread holds at most maxBatch ×
   * pullAhead messages until they are settled.
   */
  private openIntake(target: string | NatsTarget): ThreadIntake {
    const setup = {
      target,
      name: `luoshi-intake-${process.pid}`,
      maxMessages: this.opts.maxBatch * this.opts.pullAhead,
      minFetch: Math.min(this.opts.maxBatch, 100),
      niceness: 10,
    };
    this.intake = new ThreadIntake(setup, this.log, (msgs, waited) => {
      // Taken in by the thread before its close (it nak's what comes after): written even
      // while stopping, like the buffer without a thread.
      for (const m of msgs) this.take(m, true);
      this.kick(waited);
    });
    return this.intake;
  }

  private async runThread(intake: ThreadIntake): Promise<void> {
    try {
      await intake.ready;
      if (this.stopping) void intake.close();
      await intake.closed;
    } finally {
      await this.writeWhatIsInHand();
      this.intake = null;
      await intake.dispose();
    }
  }

  /** One message taken in: refused while stopping, held while the database is down. */
  private take(m: IntakeMsg, evenWhileStopping = false): void {
    if (this.stopping && !evenWhileStopping) {
      m.nak();
      return;
    }
    if (m.info.deliveryCount > 1) ingestMetrics.redeliveries.inc();
    if (this.paused) {
      this.held.push(m);
      return;
    }
    if (!m.decoded) this.decodeLater(m);
    this.buffer.push(m);
  }

  /** Closed: write what was already taken in, then let go (or hand it back while paused). */
  private async writeWhatIsInHand(): Promise<void> {
    while (this.inFlight.size > 0 || this.buffer.length > 0) {
      if (this.paused) for (const m of this.takeHeld()) m.nak();
      this.kick(true);
      await Promise.all(this.inFlight);
    }
  }

  private decodeLater(m: IntakeMsg): void {
    this.toDecode.push(m);
    if (this.decoding) return;
    this.decoding = true;
    setImmediate(() => this.decodeSlice());
  }

  /** Decoded already, or now (and remembered, so a slice still queued skips it). */
  private decodedNow(m: IntakeMsg): EventCheck {
    // Decoded by the intake thread without a clock: the clock's check is this worker's.
    if (m.decoded) return notFuture(m.decoded, this.opts.now());
    let d = this.decoded.get(m);
    if (!d) this.decoded.set(m, (d = decodeEvent(m.data, this.opts.now())));
    return d;
  }

  private decodeSlice(): void {
    const slice = this.toDecode.splice(0, 100);
    const now = this.opts.now();
    for (const m of slice) if (!this.decoded.has(m)) this.decoded.set(m, decodeEvent(m.data, now));
    if (this.toDecode.length > 0) setImmediate(() => this.decodeSlice());
    else this.decoding = false;
  }

  private kick(now: boolean): void {
    if (this.paused || this.inFlight.size >= this.opts.maxInFlight || this.buffer.length === 0) return;
    if (!now && this.buffer.length < this.opts.maxBatch) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.kick(true);
      }, this.opts.lingerMs);
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Sorted by subject, so concurrent transactions (other slots, other workers) take the
    // rollup rows' locks in one order.
    const batch = this.buffer.splice(0, this.opts.maxBatch).sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.seq - b.seq));
    const write: Promise<void> = this.process(batch).finally(() => {
      this.inFlight.delete(write);
      this.writing = this.inFlight.size > 0 ? Promise.race(this.inFlight) : null;
      // What arrived meanwhile has waited a whole write already: no linger.
      this.kick(true);
      // No write left: the intake thread hands over what it held.
      if (this.inFlight.size === 0) this.intake?.flow();
    });
    this.inFlight.add(write);
    this.writing = Promise.race(this.inFlight);
    this.intake?.hold();
  }

  /** Never rejects: the next write must start whatever happened to this one. */
  private async process(batch: IntakeMsg[]): Promise<void> {
    try {
      await this.write(batch);
    } catch (err) {
      this.log.error({ err, batch: batch.length }, 'ingest batch failed unexpectedly; messages will be redelivered');
      for (const m of batch) m.nak(this.opts.retryDelayMs(m.info.deliveryCount));
    }
  }

  private async write(batch: IntakeMsg[]): Promise<void> {
    const incoming: IncomingMessage[] = batch.map((m) => ({ subject: m.subject, data: m.data, seq: m.seq, decoded: this.decodedNow(m) }));
    const started = performance.now();
    let result: BatchResult | undefined;
    let failure: unknown;
    for (let attempt = 1; attempt <= 4 && !result; attempt++) {
      try {
        result = await writeBatch(this.db, incoming, this.opts.now());
      } catch (err) {
        failure = err;
        if (classifyWriteError(err) !== 'conflict') break;
        await sleep(5 + Math.random() * 20 * attempt);
      }
    }
    if (!result) return this.failed(batch, failure);

    const committedAt = Date.now();
    // Until COMMIT returned (retries included); the answers built after it are not the write,
    // nor is what writeBatch judged before its transaction (its `prepare` step).
    const writeMs = result.committedAt - started - result.steps.prepare;
    batch.forEach((m, i) => {
      // A rejected message is recorded with its reason: end it for good. (No reason text:
      // nats-server before 2.10 does not understand "+TERM <reason>" and would keep it pending.)
      if (result.outcomes[i] === 'rejected') m.term();
      else m.ack();
    });
    const latencies = batch.map((m) => committedAt - m.info.timestampNanos / 1e6);
    ingestMetrics.batchSize.observe(batch.length);
    ingestMetrics.batchSeconds.observe(writeMs / 1000);
    for (const [step, ms] of Object.entries(result.steps)) ingestMetrics.writeStepSeconds.observe({ step }, ms / 1000);
    if (result.passes === 2) ingestMetrics.secondPasses.inc();
    for (const ms of latencies) ingestMetrics.publishToCommitSeconds.observe(ms / 1000);
    // Counted first, then one inc per label (a labelled inc per event costs ms per batch).
    for (const [outcome, n] of tally(result.outcomes)) ingestMetrics.events.inc({ outcome }, n);
    for (const [reason, n] of tally(result.rejects.map((r) => r.code))) ingestMetrics.rejected.inc({ reason }, n);
    this.opts.onCommit?.({ size: batch.length, publishToCommitMs: latencies, writeMs, steps: result.steps, passes: result.passes });

    try {
      publishReceipts(this.nc, result.receipts);
    } catch (err) {
      // Committed and acknowledged already; receipts are a courtesy, also kept in the table.
      this.log.warn({ err, receipts: result.receipts.length }, 'receipts not published: the NATS connection closed after commit');
    }
    const live = this.publishLive(result).finally(() => this.liveInFlight.delete(live));
    this.liveInFlight.add(live);
    const rejected = result.rejects.length;
    this.log.debug({ batch: batch.length, rejected, ms: Math.round(writeMs) }, 'ingest batch committed');
    if (rejected > 0) this.log.warn({ rejects: result.rejects.slice(0, 5) }, `${rejected} progress message(s) rejected`);
  }

  /**
   * Live deltas for what the batch changed, status included: asked of the read model once,
   * after commit (two small queries per batch), so the write transaction computes none.
   * If the database fails just now, the deltas are skipped (logged): clients resync on
   * the next change or reconnect; the events are committed and acknowledged already.
   */
  private async publishLive(result: BatchResult): Promise<void> {
    if (result.touched.length === 0) return;
    let updates: TargetUpdate[];
    try {
      updates = await targetUpdates(this.db, { codes: result.touched.map((t) => t.target) }, this.opts.now());
    } catch (err) {
      this.log.warn({ err, targets: result.touched.length }, 'live deltas skipped: target state could not be read after commit');
      return;
    }
    // The connection may have closed while the state was read (shutdown, NATS lost): the
    // deltas are then dropped, as above; a throw here would be an unhandled rejection that
    // ends the process.
    // The feed lines by target, once (a filter per update would walk the whole batch per target).
    const activityOf = new Map<string, ActivityItem[]>();
    for (const a of result.activity) {
      const list = activityOf.get(a.target);
      if (list) list.push(a);
      else activityOf.set(a.target, [a]);
    }
    try {
      for (const update of updates) {
        const notice: LiveNotice = { update, activity: activityOf.get(update.target) ?? [] };
        this.nc.publish(liveSubject(update.planId, update.target), JSON.stringify(notice));
      }
    } catch (err) {
      this.log.warn({ err, targets: updates.length }, 'live deltas skipped: the NATS connection closed after commit');
    }
  }

  private async failed(batch: IntakeMsg[], err: unknown): Promise<void> {
    const kind = classifyWriteError(err);
    ingestMetrics.failedBatches.inc({ kind });
    if (kind === 'data' && batch.length > 1) {
      // One message the database refuses must not hold back the others: halve until it is alone.
      this.log.warn({ err, batch: batch.length }, 'ingest batch refused by the database; splitting it to find the message');
      const half = Math.ceil(batch.length / 2);
      await this.write(batch.slice(0, half));
      await this.write(batch.slice(half));
      return;
    }
    if (kind === 'data') {
      const m = batch[0]!;
      try {
        await storeDeadLetter(this.db, { seq: m.seq, subject: m.subject, data: m.data, deliveries: m.info.deliveryCount, reason: 'write_failed', error: errorText(err), publishedMs: m.info.timestampNanos / 1e6 });
        m.term();
        this.log.error({ err, seq: m.seq, subject: m.subject }, 'progress message refused by the database; moved to dead_letters');
        return;
      } catch (deadErr) {
        this.log.error({ err: deadErr }, 'could not store a dead letter; the message will be redelivered');
      }
    }
    this.log.error({ err, batch: batch.length }, 'ingest batch failed; messages will be redelivered');
    for (const m of batch) m.nak(this.opts.retryDelayMs(m.info.deliveryCount));
    if (kind === 'transient') this.pauseWhileDatabaseDown();
  }

  /**
   * Circuit breaker. A transient failure with the database not answering a plain query
   * means an outage, not a bad batch: write nothing, and keep what arrives in hand, marked
   * in progress (`working`, every 10 s) so the server neither redelivers it nor counts
   * more deliveries; the server stops sending at max_ack_pending, the rest of the backlog
   * waits in the stream untouched. Probe with a growing pause (250 ms … 5 s) until the
   * database answers, then write what is held. An outage of any length costs each message
   * at most the one failed delivery, and dead-letters nothing. If the database does answer
   * the probe, the batch itself was the problem: the nak's delay and max_deliver take over.
   */
  private pauseWhileDatabaseDown(): void {
    if (this.paused || this.stopping) return;
    let resolvePaused!: () => void;
    this.paused = new Promise<void>((r) => (resolvePaused = r));
    void (async () => {
      let down = false;
      let keepAlive: NodeJS.Timeout | null = null;
      try {
        if (await this.databaseAnswers()) return;
        down = true;
        this.log.warn('database unreachable: ingest paused until it answers');
        ingestMetrics.pauses.inc();
        keepAlive = setInterval(() => {
          for (const m of [...this.held, ...this.buffer]) m.working();
        }, 10_000);
        let wait = 250;
        while (!this.stopping && !(await this.databaseAnswers())) {
          await sleep(wait);
          wait = Math.min(5_000, wait * 2);
        }
      } finally {
        if (keepAlive) clearInterval(keepAlive);
        this.paused = null;
        resolvePaused();
        if (!this.stopping) {
          if (down) this.log.info({ held: this.held.length + this.buffer.length }, 'database answers again: ingest resumed');
          this.buffer.push(...this.held);
          this.held = [];
          this.kick(true);
        }
      }
    })();
  }

  private takeHeld(): IntakeMsg[] {
    const all = [...this.held, ...this.buffer];
    this.held = [];
    this.buffer = [];
    return all;
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Tells reporters what became of their events, after commit: one core NATS message per unit
 * per batch (`receipts.<unit>`, a Receipt[]), not one per event — a 2,000-event batch from
 * one producer is one message. At most once, like live notices: a missed receipt is read
 * again through GET /api/events/receipts.
 */
export function publishReceipts(nc: NatsConnection, receipts: readonly Receipt[]): void {
  const byUnit = new Map<string, Receipt[]>();
  for (const r of receipts) {
    const list = byUnit.get(r.ownerUnit);
    if (list) list.push(r);
    else byUnit.set(r.ownerUnit, [r]);
  }
  for (const [unit, list] of byUnit) nc.publish(receiptSubject(unit), JSON.stringify(list));
}

function tally<T>(xs: readonly T[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const x of xs) out.set(x, (out.get(x) ?? 0) + 1);
  return out;
}

function errorText(err: unknown): string {
  const e = err as { code?: string; message?: string; detail?: string };
  return [e.code, e.message, e.detail].filter(Boolean).join(': ').slice(0, 2_000);
}
