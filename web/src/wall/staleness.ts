/**
 * The honesty rule of a wall screen: it says when what it shows may be out of date.
 * - `offline`: the socket is down (连接中断);
 * - `connecting`: it has never been current yet (正在连接);
 * - `stale`: connected, but nothing heard from the server (an update or the screen room's
 *   heartbeat, every 15 s) for longer than `staleAfterMs` (数据可能已过期);
 * - `live`: all well (实时).
 */
export type Freshness = 'live' | 'stale' | 'offline' | 'connecting';

/** The server's heartbeat on screen rooms (server/src/live/index.ts SCREEN_HEARTBEAT_MS). */
export const HEARTBEAT_MS = 15_000;

/** Silence allowed before the screen says so: four missed heartbeats, or two rotations when rotating slower. */
export function staleAfterMs(rotationMs: number): number {
  return Math.max(4 * HEARTBEAT_MS, 2 * rotationMs);
}

/**
 * `?stale=<seconds>`: the silence allowed, overriding the rule above (1 s – 1 h): to try a
 * screen's badge out, and for the browser test that proves it, which cannot wait a minute
 * per step. Anything else keeps the rule.
 */
export function staleOverrideMs(param: string | null): number | null {
  if (param === null || !/^\d+(\.\d+)?$/.test(param.trim())) return null;
  const s = Number(param);
  return s >= 1 && s <= 3_600 ? Math.round(s * 1000) : null;
}

export interface FreshnessInput {
  connected: boolean;
  /** Last time the server was heard (any live batch, heartbeat, hello, a fresh snapshot); null: never. */
  lastHeardMs: number | null;
  nowMs: number;
  rotationMs: number;
  /** `?stale=` when given (staleOverrideMs); else `staleAfterMs(rotationMs)`. */
  staleAfterOverrideMs?: number | null;
}

export function freshness({ connected, lastHeardMs, nowMs, rotationMs, staleAfterOverrideMs }: FreshnessInput): Freshness {
  if (lastHeardMs === null) return connected ? 'live' : 'connecting';
  if (!connected) return 'offline';
  return nowMs - lastHeardMs > (staleAfterOverrideMs ?? staleAfterMs(rotationMs)) ? 'stale' : 'live';
}
