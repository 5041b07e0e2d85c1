import { Type, type SchemaOptions, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';

/**
 * Building blocks for the API's TypeBox schemas (issue 14: schema-first HTTP). The server
 * declares these on its routes (validation, response serialisation, the OpenAPI document);
 * both sides import the `Static<>` types. Two choices keep the served document plain and
 * the serialiser fast: a closed set of strings is `{type: string, enum}` (not an anyOf of
 * consts), and a nullable primitive is `{type: [T, 'null']}` (OpenAPI 3.1 / JSON Schema).
 */

/** One of a fixed list of strings, typed as their union. */
export const StringEnum = <const V extends readonly string[]>(values: V, opts: SchemaOptions = {}): TUnsafe<V[number]> =>
  Type.Unsafe<V[number]>({ ...opts, type: 'string', enum: [...values] });

export const NullableString = (opts: SchemaOptions = {}): TUnsafe<string | null> => Type.Unsafe<string | null>({ ...opts, type: ['string', 'null'] });
export const NullableNumber = (opts: SchemaOptions = {}): TUnsafe<number | null> => Type.Unsafe<number | null>({ ...opts, type: ['number', 'null'] });
export const NullableEnum = <const V extends readonly string[]>(values: V, opts: SchemaOptions = {}): TUnsafe<V[number] | null> =>
  Type.Unsafe<V[number] | null>({ ...opts, type: ['string', 'null'], enum: [...values, null] });
/** An object or null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * Compile-time proof that a schema describes a type owned elsewhere (a module that is not
 * an API shape, e.g. the extractor's Commitment): `const _: Same<Static<typeof S>, T> = true`
 * fails to compile when either side changes without the other.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type { Static };
