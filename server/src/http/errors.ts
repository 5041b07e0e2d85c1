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
 * Fastify's own refusals of a body (before any route runs) in the house shape: its codes
 * (`FST_ERR_CTP_INVALID_JSON_BODY`…) and sentences are its internals, not our API. Its JSON
 * parser drops the parse error's detail, so the sentence names what is wrong in general terms.
 */
const FASTIFY_BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'invalid_json',
    message: 'the body is not valid JSON (Content-Type says application/json): check quotes, commas and brackets',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'invalid_json',
    message: 'the body is empty although Content-Type says application/json: send a JSON document or no Content-Type',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'the body is larger than this route accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'this route does not accept a body of that Content-Type (JSON routes take application/json)',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', message: 'the Content-Length does not match the body sent' },
};

/**
 * Every error leaves as `{code, message}`; an unreachable database is 503 `unavailable` with
 * Retry-After; only unexpected errors are 500 and logged.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) return reply.status(err.statusCode).send({ ...err.extra, code: err.code, message: err.message } satisfies ErrorBody);
    const fromFastify = err.code ? FASTIFY_BODY_ERRORS[err.code] : undefined;
    if (fromFastify) return reply.status(fromFastify.status).send({ code: fromFastify.code, message: fromFastify.message } satisfies ErrorBody);
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
