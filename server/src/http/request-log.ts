import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A request slower than this is worth a line at info, whatever its outcome. */
export const SLOW_REQUEST_MS = 1_000;

/**
 * Whether a finished request deserves a line at info: it failed (status ≥ 400, the server's
 * fault or the caller's) or it was slow. Everything else goes to debug, so a newcomer's
 * console shows the admin password and what went wrong, not 2,000 lines of GET /api/… 200
 * (issue 18.13).
 */
export function requestLogLevel(statusCode: number, ms: number): 'info' | 'warn' | 'debug' {
  if (statusCode >= 500) return 'warn';
  if (statusCode >= 400 || ms >= SLOW_REQUEST_MS) return 'info';
  return 'debug';
}

/**
 * One line per request, when it ends, at the level above. Fastify's own two lines per
 * request ("incoming request", "request completed") are turned off where the app is built
 * (disableRequestLogging).
 */
export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done) => {
    const ms = reply.elapsedTime;
    const level = requestLogLevel(reply.statusCode, ms);
    req.log[level](
      { method: req.method, url: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(ms) },
      'request',
    );
    done();
  });
}
