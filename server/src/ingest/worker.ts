import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '@luoshi/db';
import { PROGRESS_STREAM, liveSubject, type LiveNotice } from '@luoshi/shared';
import { INGEST_CONSUMER } from '../infra/nats';
import { writeBatch, type IncomingMessage } from './batch';

export interface IngestOptions {
  /** Messages written per transaction at most. */
  maxBatch: number;
  /** How long the first message of a batch waits for company before the batch is written. */
  lingerMs: number;
}

const DEFAULTS: IngestOptions = { maxBatch: 500, lingerMs: 10 };

/** Nak delay for a batch that failed on infrastructure: 1 s, 2 s, 4 s … capped at 30 s. */
export function retryDelayMs(deliveryCount: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * Pulls progress messages from the shared durable consumer and writes them in batches.
 * A batch is acknowledged only after its transaction committed; if the database fails,
 * the whole batch is nak'ed with a growing delay and comes back later. Every instance
 * of this worker pulls from the same consumer, so they share the load.
 */
export class IngestWorker {
  private readonly opts: IngestOptions;
  private messages: ConsumerMessages | null = null;
  private buffer: JsMsg[] = [];
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private loop: Promise<void> | null = null;
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
    const consumer = await jetstream(this.nc).consumers.get(PROGRESS_STREAM, INGEST_CONSUMER);
    // Pull ahead up to two batches so the next batch is buffered while one is written.
    this.messages = await consumer.consume({ max_messages: this.opts.maxBatch * 2 });
    this.loop = this.run(this.messages);
  }

  /** Stops pulling, finishes the batch being written, and hands back what was only buffered. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.messages?.close();
    await this.loop;
    await this.chain;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      if (this.stopping) {
        m.nak();
        continue;
      }
      this.buffer.push(m);
      if (this.buffer.length >= this.opts.maxBatch) await this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.opts.lingerMs);
    }
    await this.flush();
  }

  private flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) this.chain = this.chain.then(() => this.process(batch));
    return this.chain;
  }

  private async process(batch: JsMsg[]): Promise<void> {
    const incoming: IncomingMessage[] = batch.map((m) => ({ subject: m.subject, data: m.data, seq: m.seq }));
    const started = performance.now();
    try {
      const result = await writeBatch(this.db, incoming);
      batch.forEach((m, i) => {
        // A rejected message is recorded with its reason: end it for good. (No reason text:
        // nats-server before 2.10 does not understand "+TERM <reason>" and would keep it pending.)
        if (result.outcomes[i] === 'rejected') m.term();
        else m.ack();
      });
      for (const update of result.updates) {
        const notice: LiveNotice = { update, activity: result.activity.filter((a) => a.target === update.target) };
        this.nc.publish(liveSubject(update.planId, update.target), JSON.stringify(notice));
      }
      const rejected = result.outcomes.filter((o) => o === 'rejected').length;
      this.log.debug(
        { batch: batch.length, rejected, ms: Math.round(performance.now() - started) },
        'ingest batch committed',
      );
      if (rejected > 0) this.log.warn({ rejects: result.rejects.slice(0, 5) }, `${rejected} progress message(s) rejected`);
    } catch (err) {
      this.log.error({ err, batch: batch.length }, 'ingest batch failed; messages will be redelivered');
      for (const m of batch) m.nak(retryDelayMs(m.info.deliveryCount));
    }
  }
}
