import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody } from '@luoshi/shared';
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_S } from './unavailable';

/** An error that answers with a specific status and `{code, message}`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** More of the answer beside code and message (e.g. `problems` naming each bad field). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (message: string): HttpError => new HttpError(404, 'not_found', message);

/**
 * Every error leaves as `{code, message}`; an unreachable database is 503 `unavailable` with
 * Retry-After; only unexpected errors are 500 and logged.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) return reply.status(err.statusCode).send({ ...err.extra, code: err.code, message: err.message } satisfies ErrorBody);
    if ('validation' in err && err.validation) {
      return reply.status(400).send({ code: 'invalid_request', message: err.message } satisfies ErrorBody);
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err: err.message }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S))
        .send({ code: 'unavailable', message: '数据库暂时无法访问，请稍后重试 (the database cannot be reached; retry shortly)' } satisfies ErrorBody);
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.status(500).send({ code: 'internal', message: 'internal error; it has been logged' } satisfies ErrorBody);
    }
    return reply.status(status).send({ code: err.code ?? 'bad_request', message: err.message } satisfies ErrorBody);
  });
}
