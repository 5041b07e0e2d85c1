import type { EventCheck } from '@luoshi/shared';
import type { NatsTarget } from '../../infra/nats-target';

/**
 * The messages the ingest worker takes in and settles: what it reads of a JetStream message.
 * A `JsMsg` is one (the in-process intake); so is the stand-in the intake thread hands over,
 * whose settling is sent back to the thread that holds the real message.
 */
export interface IntakeMsg {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly seq: number;
  readonly info: { readonly deliveryCount: number; readonly timestampNanos: number };
  /**
   * Decoded (shared `decodeEvent`) on arrival by the intake thread, without the clock check
   * (the worker applies `notFuture` with its clock); absent from a JsMsg.
   */
  readonly decoded?: EventCheck;
  ack(): void;
  nak(millis?: number): void;
  term(): void;
  working(): void;
}

/** What the intake thread is started with (worker_threads workerData: plain data only). */
export interface ThreadSetup {
  target: string | NatsTarget;
  name: string;
  /** Messages the thread holds at most, handed over or not, until they are settled. */
  maxMessages: number;
  /** A pull is sent once at least this much room is free (a batch: fewer, larger pulls). */
  minFetch: number;
  /** Added to the thread's nice value (Linux): it yields the cores to the write. */
  niceness: number;
}

/**
 * One message as it crosses: the payloads of a chunk travel in one transferred buffer
 * (`payloads`, cut at `ends`), the rest as plain fields.
 */
export interface WireMsg {
  token: number;
  subject: string;
  seq: number;
  deliveryCount: number;
  timestampNanos: number;
  decoded: EventCheck;
}

export type FromThread =
  | { type: 'ready' }
  /** `waited`: these were held back while a write ran, so they have waited a write already. */
  | { type: 'messages'; msgs: WireMsg[]; payloads: ArrayBuffer; ends: Uint32Array; waited: boolean }
  | { type: 'log'; level: 'warn' | 'error'; msg: string; err: string | null }
  /** The consumer is closed; everything taken in before was handed over, the rest nak'ed. */
  | { type: 'closed' };

export type ToThread =
  /** Hold arriving messages (a write runs: the write's event loop should only write). */
  | { type: 'hold' }
  /** Hand over what is held, then each message as it arrives. */
  | { type: 'flow' }
  | { type: 'settle'; ack: number[]; term: number[]; nak: [token: number, delayMs: number | undefined][]; working: number[] }
  | { type: 'close' }
  /** Every settle has been sent: close the connection (flushing them) and end. */
  | { type: 'exit' };
