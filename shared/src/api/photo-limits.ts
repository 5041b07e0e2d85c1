/**
 * Photo evidence (issue 18 item 7): up to PHOTOS_PER_EVENT pictures attached to one
 * progress event, keyed like the event itself by (owner unit, event id) plus a slot n.
 * The limits are one set of numbers for the form (which downscales to fit them), the
 * server (which refuses what does not) and the README.
 *
 * No TypeBox here: the browser imports these (the form, the error words) and should not
 * evaluate schema builders for them (issue 18.9); the schemas are in ./photos.ts.
 */
export const PHOTOS_PER_EVENT = 4;
/** Stored bytes per photo: 1 MiB. The browser aims below PHOTO_TARGET_BYTES to leave room. */
export const PHOTO_MAX_BYTES = 1_048_576;
/** What the browser's downscaler aims for (a JPEG at 1600 px is usually 200–500 KB). */
export const PHOTO_TARGET_BYTES = 1_000_000;
/** The long side of a photo after the browser's downscale. */
export const PHOTO_MAX_LONG_SIDE = 1600;
/** Either side above this many pixels is refused (a decompression bomb for phones showing thumbnails). */
export const PHOTO_MAX_SIDE_PX = 4096;
/**
 * Thumbnails (issue 18 follow-up): lists show a small copy, not the photo shrunk by CSS (20
 * photos on a clerk's history page were 20 MB on a phone). The browser makes it beside the
 * photo (long side THUMB_LONG_SIDE) and uploads it after the photo; the server judges it
 * like a photo with smaller limits. A photo without one is served whole as its thumbnail.
 */
export const THUMB_LONG_SIDE = 320;
/** Either side of a stored thumbnail at most this (room for a 2× screen, not a second photo). */
export const THUMB_MAX_SIDE_PX = 640;
/** Stored bytes per thumbnail: 64 KiB (a 320 px JPEG is usually 10–30 KB). */
export const THUMB_MAX_BYTES = 65_536;
/** Judged by the bytes' signature (magic numbers), never by the declared Content-Type. */
export const PHOTO_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoMime = (typeof PHOTO_MIME_TYPES)[number];

/**
 * Error codes of the photo routes (README "Photo evidence"): the web maps each to a zh-CN
 * sentence (report/messages.ts), the API answers `{code, message}`.
 */
export const PHOTO_ERROR_CODES = [
  /** 415: the bytes are not a JPEG, PNG or WebP (whatever Content-Type said). */
  'photo_type_unsupported',
  /** 413: more than PHOTO_MAX_BYTES (also when Content-Length says so before anything is read). */
  'photo_too_large',
  /** 400: slot n beyond PHOTOS_PER_EVENT. */
  'too_many_photos',
  /** 409: the slot already holds other bytes (the same bytes again are a harmless 200). */
  'photo_slot_taken',
  /** 409: the event id is stored in the unit for another target. */
  'event_mismatch',
  /** 413: a thumbnail over THUMB_MAX_BYTES or THUMB_MAX_SIDE_PX a side. */
  'thumb_too_large',
  /** 409: ingest refused the event (rejected_events): it gets no photos. */
  'event_rejected',
] as const;
export type PhotoErrorCode = (typeof PHOTO_ERROR_CODES)[number];

/** Slot numbers in URLs: 1–999 without leading zeros or signs; beyond PHOTOS_PER_EVENT is `too_many_photos`. */
export const PHOTO_SLOT_PATTERN = '^[1-9][0-9]{0,2}$';

/** Where a photo is read and written (the web builds its URLs here, the README names them). */
export function photoPath(target: string, eventId: string, n?: number): string {
  const base = `/api/targets/${encodeURIComponent(target)}/events/${encodeURIComponent(eventId)}/photos`;
  return n === undefined ? base : `${base}/${n}`;
}

/** The thumbnail of slot n (the photo itself while it has none). */
export const thumbPath = (target: string, eventId: string, n: number): string => `${photoPath(target, eventId, n)}/thumb`;
