import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { EventCheck } from '@luoshi/shared';
import type { FromThread, IntakeMsg, ThreadSetup, ToThread } from './protocol';

type Settle = Extract<ToThread, { type: 'settle' }>;

/**
 * The worker's side of the intake thread (thread.ts): starts it, turns the chunks it hands
 * over into `IntakeMsg`s, and sends their settling (ack, term, nak, working) back in one
 * message per loop turn. `hold()` while a write runs and `flow()` after keep the chunks
 * (and the cost of taking them in, ~2.5 µs a message) out of the write.
 */
export class ThreadIntake {
  private readonly worker: Worker;
  private settle: Settle | null = null;
  private readonly ended: Promise<void>;
  private exited = false;
  /** Resolves once the thread's consumer is open (rejects if the thread ends first). */
  readonly ready: Promise<void>;

  /**
   * @param onMessages called with each chunk; `waited` says its messages were held back
   *   while a write ran (they have waited a write already: no linger).
   */
  constructor(
    setup: ThreadSetup,
    private readonly log: Logger,
    onMessages: (msgs: IntakeMsg[], waited: boolean) => void,
  ) {
    this.worker = new Worker(new URL('./boot.mjs', import.meta.url), { workerData: setup, name: 'luoshi-intake' });
    let ready!: () => void;
    let failed!: (err: Error) => void;
    this.ready = new Promise<void>((res, rej) => ((ready = res), (failed = rej)));
    this.ended = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (m: FromThread) => {
        switch (m.type) {
          case 'ready':
            ready();
            return;
          case 'messages':
            onMessages(this.messagesOf(m), m.waited);
            return;
          case 'log':
            this.log[m.level]({ err: m.err ?? undefined }, m.msg);
            return;
          case 'closed':
            resolve();
            return;
        }
      });
      this.worker.on('error', (err) => {
        failed(err);
        reject(err);
      });
      this.worker.on('exit', (code) => {
        this.exited = true;
        const err = new Error(`the intake thread ended (exit code ${code})`);
        failed(err);
        reject(err);
      });
    });
    // Awaited by whoever runs the intake; a failure must not also surface as unhandled.
    this.ready.catch(() => undefined);
    this.ended.catch(() => undefined);
  }

  /** Resolves when the consumer closed after close(); rejects if the thread died. */
  get closed(): Promise<void> {
    return this.ended;
  }

  hold(): void {
    this.post({ type: 'hold' });
  }

  flow(): void {
    this.post({ type: 'flow' });
  }

  /** Stop consuming: what the thread took in is handed over before `closed` resolves. */
  close(): Promise<void> {
    this.post({ type: 'close' });
    return this.ended.catch(() => undefined);
  }

  /** After the last write: send the last settling, let the thread flush it and end. */
  async dispose(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.worker.once('exit', () => r()));
    this.flushSettle();
    this.post({ type: 'exit' });
    const timer = setTimeout(() => void this.worker.terminate(), 10_000);
    await gone;
    clearTimeout(timer);
  }

  private post(m: ToThread): void {
    if (!this.exited) this.worker.postMessage(m);
  }

  private settling(): Settle {
    if (!this.settle) {
      this.settle = { type: 'settle', ack: [], term: [], nak: [], working: [] };
      setImmediate(() => this.flushSettle());
    }
    return this.settle;
  }

  private flushSettle(): void {
    const s = this.settle;
    this.settle = null;
    if (s) this.post(s);
  }

  private messagesOf(m: Extract<FromThread, { type: 'messages' }>): IntakeMsg[] {
    const all = new Uint8Array(m.payloads);
    return m.msgs.map((w, i) => new HandedMsg(this, w.token, w.subject, w.seq, all.subarray(i === 0 ? 0 : m.ends[i - 1], m.ends[i]), w.deliveryCount, w.timestampNanos, w.decoded));
  }

  /** Queued for the thread (HandedMsg's settling). */
  queue(kind: 'ack' | 'term' | 'working', token: number): void {
    this.settling()[kind].push(token);
  }

  queueNak(token: number, delayMs: number | undefined): void {
    this.settling().nak.push([token, delayMs]);
  }
}

/** A message the thread holds: settling it is a note to the thread (a class: 2,000 a batch). */
class HandedMsg implements IntakeMsg {
  readonly info: { deliveryCount: number; timestampNanos: number };
  constructor(
    private readonly intake: ThreadIntake,
    private readonly token: number,
    readonly subject: string,
    readonly seq: number,
    readonly data: Uint8Array,
    deliveryCount: number,
    timestampNanos: number,
    readonly decoded: EventCheck,
  ) {
    this.info = { deliveryCount, timestampNanos };
  }
  ack(): void {
    this.intake.queue('ack', this.token);
  }
  term(): void {
    this.intake.queue('term', this.token);
  }
  nak(delayMs?: number): void {
    this.intake.queueNak(this.token, delayMs);
  }
  working(): void {
    this.intake.queue('working', this.token);
  }
}
