// Child process of `pnpm bench:live` (started under `nice -n 19`): the crowd. Connects
// `count` socket.io clients to the plan room and only decodes and counts what they receive,
// so the probe clients (which measure latency) are not delayed by 1,000 clients' work on
// one event loop, and the crowd's decoding yields the CPU to the system under test.
import { io } from 'socket.io-client';

/** @typedef {{ url: string, plan: string, count: number, token: string }} Crowd */
/** @typedef {{ type: 'count', on: boolean } | { type: 'complete', perTarget: Record<string, number> } | { type: 'close' }} Command */
/** @type {Crowd} */
const { url, plan, count, token } = JSON.parse(process.env.BENCH_CROWD ?? '{}');
const parentPort = {
  /** @param {(m: Command) => void} fn */
  on: (fn) => process.on('message', fn),
  /** @param {object} m */
  postMessage: (m) => process.send?.(m),
};

/** @type {import('socket.io-client').Socket[]} */
const sockets = [];
/** @type {Map<string, number>[]} */
const last = [];
let messages = 0;
/** Deltas received, and those without a status (issue 14: every delta carries one). */
let deltas = 0;
let withoutStatus = 0;
let counting = false;

async function connectOne() {
  const s = io(url, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: true, auth: { token } });
  /** @type {Map<string, number>} */
  const mine = new Map();
  last.push(mine);
  sockets.push(s);
  s.on('live', (/** @type {import('@luoshi/shared').LiveBatch} */ batch) => {
    if (counting) messages++;
    for (const u of batch.updates) {
      deltas++;
      if (!u.status) withoutStatus++;
      if (u.value > (mine.get(u.target) ?? 0)) mine.set(u.target, u.value);
    }
  });
  await new Promise((resolve, reject) => {
    s.once('connect', () => resolve(undefined));
    s.once('connect_error', reject);
  });
  const ack = await s.timeout(30_000).emitWithAck('subscribe', { kind: 'plan', id: plan });
  if (!ack.ok) throw new Error(`subscribe refused: ${ack.code}`);
}

parentPort.on((msg) => {
  if (msg.type === 'count') {
    counting = msg.on;
    if (!msg.on) parentPort.postMessage({ type: 'counted', messages, deltas, withoutStatus });
  }
  if (msg.type === 'complete') {
    const want = msg.perTarget; // { code: value }
    const n = last.filter((m) => Object.entries(want).every(([code, v]) => (m.get(code) ?? 0) >= v)).length;
    parentPort.postMessage({ type: 'complete', n });
  }
  if (msg.type === 'close') {
    sockets.forEach((s) => s.disconnect());
    parentPort.postMessage({ type: 'closed' });
    setTimeout(() => process.exit(0), 100);
  }
});

for (let i = 0; i < count; i += 25) await Promise.all(Array.from({ length: Math.min(25, count - i) }, connectOne));
parentPort.postMessage({ type: 'ready' });
