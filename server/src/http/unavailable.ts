/**
 * Is this error "the database cannot be reached" (stopped, restarting, unreachable, out
 * of connections) rather than a fault of the request or the code? Such errors answer
 * 503 `unavailable` with Retry-After on every route (issue 15 item 6) — including the
 * principal lookup that runs before any route — instead of 500 `internal`.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']); // admin/crash shutdown, cannot connect now, too many connections
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_MESSAGES = [
  'Connection terminated', // pg: the server went away mid-query or while connecting
  'timeout exceeded when trying to connect', // pg-pool: connectionTimeoutMillis
  'Client has encountered a connection error and is not queryable',
  'Connection terminated due to connection timeout',
];

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (SQLSTATES.has(e.code) || e.code.startsWith('08') || SOCKET_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && PG_MESSAGES.some((m) => (e.message as string).startsWith(m))) return true;
  // Node reports a refused dual-stack connect as an AggregateError of the attempts.
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return e.cause !== undefined && isDatabaseUnavailable(e.cause, depth + 1);
}

/** Seconds a client should wait before retrying: about one PostgreSQL restart. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;
