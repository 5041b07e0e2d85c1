import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

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
 * Fastify's request log lines, quieter: none when a request comes in, and one when it ends at
 * the level above (an error still logs at error). Passed to Fastify as `logController`.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {
    // the line at the end says everything, once
  }

  override routeNotFound(): void {
    // a 404 is said once, by requestCompleted
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      reply.log.error({ err: error, method: request.method, url: request.url.split('?')[0], status: reply.statusCode }, 'request errored');
      return;
    }
    const ms = reply.elapsedTime;
    reply.log[requestLogLevel(reply.statusCode, ms)](
      { method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(ms) },
      'request',
    );
  }
}
