// Worker thread of `pnpm bench:ingest`: the producer. Real producers (the HTTP door of
// another instance, department systems) are other processes, so the benchmark publishes
// from its own thread with its own event loop and NATS connection: the ingest worker under
// test (and the JetStream-alone consumer of the ceiling) then share their event loop with
// nothing but what ingest itself does, as in production.
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';

/** @typedef {{ id: string, subject: string, payload: string }} Msg */
/** @typedef {{ msgs: Msg[], from?: string, to?: string, ratePerS: number, inFlight: number }} Job */

/** @type {{ url: string }} */
const { url } = workerData;
const nc = await connect({ servers: url, name: 'bench-publisher' });
const js = jetstream(nc);
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Publishes with at most `inFlight` unacknowledged, optionally paced (`ratePerS` > 0);
 * answers when every publish is acknowledged by the stream.
 * @param {Job} job
 */
async function publishAll({ msgs, from, to, ratePerS, inFlight }) {
  /** @type {Set<Promise<unknown>>} */
  const pending = new Set();
  const t0 = performance.now();
  for (let i = 0; i < msgs.length; i++) {
    const m = /** @type {Msg} */ (msgs[i]);
    while (pending.size >= inFlight) await Promise.race(pending);
    if (ratePerS > 0) {
      const wait = t0 + (i / ratePerS) * 1000 - performance.now();
      if (wait > 1) await sleep(wait);
    }
    const subject = from && to && m.subject.startsWith(from) ? to + m.subject.slice(from.length) : m.subject;
    /** @type {Promise<unknown>} */
    const p = js.publish(subject, m.payload, { msgID: m.id }).finally(() => pending.delete(p));
    pending.add(p);
  }
  await Promise.all(pending);
}

parentPort?.on('message', (/** @type {Job | 'close'} */ job) => {
  if (job === 'close') {
    void nc.drain().then(() => parentPort?.postMessage({ closed: true }));
    return;
  }
  publishAll(job).then(
    () => parentPort?.postMessage({ done: true }),
    (/** @type {unknown} */ err) => parentPort?.postMessage({ error: String(err) }),
  );
});
parentPort?.postMessage({ ready: true });
