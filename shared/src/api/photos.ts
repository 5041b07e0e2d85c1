import { Type, type Static } from '@sinclair/typebox';
import { PHOTO_MIME_TYPES, PHOTOS_PER_EVENT } from './photo-limits';

export * from './photo-limits';

/** Photo evidence (issue 18 item 7): the routes' shapes; the limits and codes are in ./photo-limits.ts. */
export const PhotoMetaSchema = Type.Object({
  n: Type.Integer({ minimum: 1, maximum: PHOTOS_PER_EVENT, description: 'Slot 1–4 within the event' }),
  mime: Type.Union(PHOTO_MIME_TYPES.map((m) => Type.Literal(m))),
  size: Type.Integer({ description: 'Bytes' }),
  width: Type.Integer(),
  height: Type.Integer(),
  /** Hex SHA-256 of the stored bytes (also the ETag of GET …/photos/:n). */
  sha256: Type.String({ description: 'Hex SHA-256 of the stored bytes (also the ETag)' }),
  uploader: Type.String(),
  /** Whether a thumbnail was uploaded; without one GET …/photos/:n/thumb answers the photo itself. */
  thumb: Type.Boolean({ description: 'A thumbnail is stored (else …/thumb serves the photo itself)' }),
  createdAt: Type.String({ description: 'ISO 8601' }),
});
export type PhotoMeta = Static<typeof PhotoMetaSchema>;

export const PhotoListSchema = Type.Object({
  target: Type.String(),
  eventId: Type.String(),
  photos: Type.Array(PhotoMetaSchema),
});
export type PhotoList = Static<typeof PhotoListSchema>;

/** PUT answer: 201 stored, 200 the same bytes were already in the slot (nothing changed). */
export const PhotoPutResponseSchema = Type.Object({
  photo: PhotoMetaSchema,
  created: Type.Boolean({ description: 'false: the same bytes were already stored in this slot' }),
});
export type PhotoPutResponse = Static<typeof PhotoPutResponseSchema>;

/** PUT …/thumb answer: 201 stored, 200 the same bytes were already there. */
export const ThumbPutResponseSchema = Type.Object({
  n: Type.Integer({ minimum: 1, maximum: PHOTOS_PER_EVENT }),
  mime: Type.Union(PHOTO_MIME_TYPES.map((m) => Type.Literal(m))),
  size: Type.Integer({ description: 'Bytes' }),
  width: Type.Integer(),
  height: Type.Integer(),
  created: Type.Boolean({ description: 'false: the same bytes were already stored' }),
});
export type ThumbPutResponse = Static<typeof ThumbPutResponseSchema>;
