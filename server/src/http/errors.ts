import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody } from '@luoshi/shared';

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

/** Every error leaves as `{code, message}`; only unexpected ones are 500 and logged. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) return reply.status(err.statusCode).send({ ...err.extra, code: err.code, message: err.message } satisfies ErrorBody);
    if ('validation' in err && err.validation) {
      return reply.status(400).send({ code: 'invalid_request', message: err.message } satisfies ErrorBody);
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.status(500).send({ code: 'internal', message: 'internal error; it has been logged' } satisfies ErrorBody);
    }
    return reply.status(status).send({ code: err.code ?? 'bad_request', message: err.message } satisfies ErrorBody);
  });
}
