import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifySchemaCompiler } from 'fastify';

type Compiler = FastifySchemaCompiler<TSchema>;
import { CODE_PATTERN, ErrorBodySchema } from '@luoshi/shared';

/**
 * The error body `{code, message}` is declared once (shared ErrorBodySchema, added to the app
 * by its $id) and every route references it for its 4xx and 5xx answers: `...errorResponses`.
 * The OpenAPI document shows it once under components.schemas.ErrorBody.
 */
export const ErrorRef = Type.Ref(ErrorBodySchema);
export const errorResponses = { '4xx': ErrorRef, '5xx': ErrorRef } as const;

/** 204: no body. */
export const NoContent = Type.Null({ description: 'No content' });

export const CodeParams = Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) });
export const IdParams = Type.Object({ id: Type.String({ pattern: CODE_PATTERN }) });

/**
 * For routes whose body is judged by a shared checker that names every bad field
 * (`{code, message, problems}`): the body schema documents the request, but Ajv must neither
 * refuse it (the named errors would be lost) nor coerce it ("5" would pass as 5 where the
 * checker says invalid_number). Params and query are still checked and coerced by their schemas.
 */
export const bodyJudgedByChecker = <S>(ctx: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<Compiler> =>
  ctx.httpPart === 'body' ? () => true : TypeBoxValidatorCompiler(ctx as unknown as Parameters<Compiler>[0]);

/**
 * TypeBox's own checker for every part of a route: a body with a field its schema does not
 * declare (additionalProperties: false) is refused with 400 rather than stripped, and a body
 * is never coerced; params and query are still converted from their strings.
 */
export const strictSchemas = <S>(ctx: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<Compiler> =>
  TypeBoxValidatorCompiler(ctx as unknown as Parameters<Compiler>[0]);
