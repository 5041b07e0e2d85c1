import { PHOTO_TARGET_BYTES } from '@luoshi/shared';
import { encodeAttempts, thumbAttempts, THUMB_TARGET_BYTES, type Attempt } from './sizing';

/**
 * Turns a camera photo into what is sent: a JPEG of at most 1600 px on the long side and
 * under PHOTO_TARGET_BYTES. The picture is decoded (turned upright from its Exif
 * orientation first: `imageOrientation: 'from-image'`) and drawn onto a canvas, and the
 * canvas is encoded anew. A canvas holds pixels only, so the new file carries none of the
 * original's metadata: no Exif, so no GPS location, camera serial or time (the server cuts
 * any metadata a non-browser client sends as well, server/src/photos/image.ts).
 */
export interface PreparedPhoto {
  blob: Blob;
  width: number;
  height: number;
  /** The small copy lists show (long side 320 px); null if it would not fit its budget (lists then load the photo). */
  thumb: Blob | null;
}

export class PhotoPrepError extends Error {
  constructor(
    readonly reason: 'not_image' | 'too_large',
    readonly fileName: string,
  ) {
    super(`${fileName}: ${reason}`);
  }
}

function toBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

/**
 * Draws the picture at each size and quality in turn and keeps the first JPEG within
 * `limit` bytes (null if none fits). Both the photo and its thumbnail are drawn from the
 * decoded picture, not one from the other: one lossy step, not two.
 */
async function firstFitting(
  bitmap: ImageBitmap,
  canvas: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
  attempts: Iterable<Attempt>,
  limit: number,
): Promise<{ blob: Blob; width: number; height: number } | null> {
  for (const a of attempts) {
    canvas.width = a.width;
    canvas.height = a.height;
    // JPEG has no transparency: a PNG screenshot's clear areas become white, not black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, a.width, a.height);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, a.width, a.height);
    const blob = await toBlob(canvas, a.quality);
    if (blob && blob.size <= limit) return { blob, width: a.width, height: a.height };
  }
  return null;
}

export async function downscalePhoto(file: File): Promise<PreparedPhoto> {
  // Phones label camera files image/jpeg or image/heic; an empty type happens with some pickers. Anything else is not a photo.
  if (file.type !== '' && !file.type.startsWith('image/')) throw new PhotoPrepError('not_image', file.name);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new PhotoPrepError('not_image', file.name); // SVG, a PDF renamed .jpg, a broken file
  }
  try {
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new PhotoPrepError('not_image', file.name);
    const photo = await firstFitting(
      bitmap,
      canvas,
      ctx,
      encodeAttempts(bitmap.width, bitmap.height),
      PHOTO_TARGET_BYTES,
    );
    if (photo) {
      const thumb = await firstFitting(
        bitmap,
        canvas,
        ctx,
        thumbAttempts(bitmap.width, bitmap.height),
        THUMB_TARGET_BYTES,
      );
      return { ...photo, thumb: thumb?.blob ?? null };
    }
    throw new PhotoPrepError('too_large', file.name);
  } finally {
    bitmap.close();
  }
}
