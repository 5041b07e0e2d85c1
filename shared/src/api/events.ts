import { Type, type Static } from '@sinclair/typebox';
import { ErrorBodySchema } from '../error-body';
import { NullableString } from './schema';

/** Answers of `POST /api/events` (the HTTP producer). */

export const AcceptedEventSchema = Type.Object({
  id: Type.String(),
  /** The stream sequence JetStream gave it. */
  seq: Type.Integer({ description: 'JetStream stream sequence' }),
  /** The stream already had this id (a resend): it counts once. */
  duplicate: Type.Boolean({ description: 'The stream already had this id; it counts once' }),
});
export type AcceptedEventBody = Static<typeof AcceptedEventSchema>;

/** 202: every event acknowledged by the stream. */
export const PublishResponseSchema = Type.Object({ accepted: Type.Array(AcceptedEventSchema) });
export type PublishResponse = Static<typeof PublishResponseSchema>;

/** One refused event of a request, by its index in the array (0 for a single event). */
export const EventErrorSchema = Type.Object({
  index: Type.Integer(),
  id: NullableString(),
  code: Type.String(),
  message: Type.String(),
});

/**
 * A refusal of `POST /api/events`: the shared `{code, message}` naming the first bad event,
 * plus `errors` (every bad event, 400/403) or `accepted` (what the stream took before it
 * became unreachable, 503).
 */
export const EventRefusalSchema = Type.Composite([
  Type.Omit(ErrorBodySchema, ['$id']),
  Type.Object({ errors: Type.Optional(Type.Array(EventErrorSchema)), accepted: Type.Optional(Type.Array(AcceptedEventSchema)) }),
]);
export type EventRefusal = Static<typeof EventRefusalSchema>;
