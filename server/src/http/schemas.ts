import { Type } from '@sinclair/typebox';
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
