/**
 * The intake thread: takes progress messages from JetStream and decodes them beside the
 * ingest worker's event loop, so the loop that writes a batch only writes. Receiving 2,000
 * messages (protocol parsing, one loop turn and one info parse each), decoding them and
 * acknowledging them costs 12–15 ms of one event loop; in the worker's loop that time landed
 * in whichever step of the write it overlapped (issue 14, docs/measurements.md). Here it
 * runs on its own loop; the worker gets decoded messages in chunks, between its writes.
 */
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { PROGRESS_STREAM, decodeEvent, type EventCheck } from '@luoshi/shared';
import { INGEST_CONSUMER, connectNats } from '../../infra/nats';
import type { FromThread, ThreadSetup, ToThread, WireMsg } from './protocol';

const setup = workerData as ThreadSetup;
const port = parentPort!;
const send = (m: FromThread, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);
const log = (level: 'warn' | 'error', msg: string, err?: unknown): void =>
  send({ type: 'log', level, msg, err: err === undefined ? null : String((err as Error)?.stack ?? err) });

/** Messages handed over and not settled yet, by token. */
const inHand = new Map<number, JsMsg>();
let nextToken = 1;
/** Received and decoded, not handed over yet (held during a write). */
let pending: { m: JsMsg; decoded: EventCheck }[] = [];
let flowing = true;
let waited = false;
let sendQueued = false;
let closing = false;
let messages: ConsumerMessages | null = null;

function handOver(): void {
  sendQueued = false;
  if (!flowing || pending.length === 0) return;
  const batch = pending;
  pending = [];
  const ends = new Uint32Array(batch.length);
  let size = 0;
  for (const [i, p] of batch.entries()) ends[i] = size += p.m.data.length;
  const payloads = new Uint8Array(size);
  const msgs: WireMsg[] = batch.map(({ m, decoded }, i) => {
    payloads.set(m.data, i === 0 ? 0 : ends[i - 1]);
    const token = nextToken++;
    inHand.set(token, m);
    return { token, subject: m.subject, seq: m.seq, deliveryCount: m.info.deliveryCount, timestampNanos: m.info.timestampNanos, decoded };
  });
  send({ type: 'messages', msgs, payloads: payloads.buffer, ends, waited }, [payloads.buffer]);
  waited = false;
}

function queueHandOver(): void {
  if (sendQueued || !flowing) return;
  sendQueued = true;
  // Coalesced: what arrives in one burst crosses as one chunk.
  setImmediate(handOver);
}

port.on('message', (cmd: ToThread) => {
  switch (cmd.type) {
    case 'hold':
      flowing = false;
      return;
    case 'flow':
      flowing = true;
      waited = pending.length > 0;
      handOver();
      return;
    case 'settle':
      for (const t of cmd.ack) take(t)?.ack();
      for (const t of cmd.term) take(t)?.term();
      for (const [t, delay] of cmd.nak) take(t)?.nak(delay);
      for (const t of cmd.working) inHand.get(t)?.working();
      roomFreed?.();
      roomFreed = null;
      return;
    case 'close':
      closing = true;
      void messages?.close();
      roomFreed?.();
      return;
    case 'exit':
      void exit();
      return;
  }
});

function take(token: number): JsMsg | undefined {
  const m = inHand.get(token);
  inHand.delete(token);
  return m;
}

let nc: NatsConnection;

async function exit(): Promise<void> {
  try {
    // drain() sends what is queued (the last acknowledgements) before closing.
    await nc.drain();
  } catch (err) {
    log('warn', 'intake thread: closing the NATS connection failed', err);
  }
  process.exit(0);
}

/** Resolved when settling frees room for more messages (see consume). */
let roomFreed: (() => void) | null = null;

/**
 * Bounded pull: the thread holds at most `maxMessages` (received, handed over or not) until
 * they are settled. consume() would keep pulling whatever the writer's pace, and on two cores
 * a thread receiving flat out takes the core PostgreSQL needs for the write in flight; with
 * fetches sized to the room left, at most the next batch arrives while one is written.
 */
async function consume(): Promise<void> {
  const consumer = await jetstream(nc).consumers.get(PROGRESS_STREAM, INGEST_CONSUMER);
  send({ type: 'ready' });
  while (!closing) {
    const room = setup.maxMessages - pending.length - inHand.size;
    if (room < setup.minFetch) {
      await new Promise<void>((r) => (roomFreed = r));
      continue;
    }
    // Requests live 5 s (see worker.ts): a closed pull's window stays small.
    messages = await consumer.fetch({ max_messages: room, expires: 5_000 });
    for await (const m of messages) {
      if (closing) {
        m.nak();
        continue;
      }
      // Without a clock: the worker judges "in the future" with its own (shared notFuture).
      pending.push({ m, decoded: decodeEvent(m.data, null) });
      queueHandOver();
    }
  }
}

/**
 * The thread yields to the write: on Linux a thread is its own task with its own nice value
 * (/proc/thread-self names it), so on a machine short of cores PostgreSQL and the writing
 * loop get them first and the next batch arrives in the time left. Elsewhere a no-op.
 */
function yieldToTheWrite(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, Math.min(19, os.getPriority(tid) + setup.niceness));
  } catch {
    // Not Linux, or not allowed: the thread runs at the process's priority.
  }
}

async function main(): Promise<void> {
  if (setup.niceness > 0) yieldToTheWrite();
  nc = await connectNats(setup.target, setup.name);
  // A consume() that ends or fails while not closing is opened again, after a pause.
  while (!closing) {
    try {
      await consume();
    } catch (err) {
      if (!closing) log('warn', 'intake: consuming failed; retrying', err);
    }
    if (!closing) await new Promise((r) => setTimeout(r, 1_000));
  }
  // Taken in before the close and held during a write: handed over now, so the worker writes
  // them before it stops (as it writes what it holds without a thread) instead of another
  // worker getting them back later. What arrives after the close was nak'ed above.
  flowing = true;
  handOver();
  send({ type: 'closed' });
}

main().catch((err: unknown) => {
  log('error', 'intake thread failed', err);
  process.exit(1);
});
