import type { photoZh } from './messages';

/** English: loaded only when English is chosen (i18n/i18n.tsx); every key of photoZh (the type enforces it). */
export const photoEn: Record<keyof typeof photoZh, string> = {
  phAdd: 'Take/add photos',
  phHint: 'Up to {max}; shrunk to under 1 MB, with the location and other camera data removed',
  phPreparing: 'Preparing photos…',
  phRemove: 'Remove photo {n}',
  phPreviewAlt: 'Photo {n} to upload',
  phThumbAlt: 'Photo {n} from the site',
  phOpen: 'Open photo {n} (full size)',
  phCount: '{n} photo(s)',
  phWaiting: '{n} photo(s) waiting to upload',
  phUploaded: '{n} photo(s) uploaded',
  phRefusedOne: 'Photo {n} not accepted: {why}',
  phDropped: 'Report not accepted; its photos were not uploaded',
  phNotImage: '"{name}" is not a picture we can read; choose a photo (JPG, PNG, WebP)',
  phTooLargeFile: '"{name}" is still over 1 MB after shrinking; choose another or crop it',
  phTooMany: 'At most {max} photos per report; {n} more were not added',
  phStoreFailed: 'The photos cannot be stored on this device (storage may be full); try with fewer photos',
  phR_photo_type_unsupported: 'unsupported format (JPG, PNG or WebP only)',
  phR_photo_too_large: 'over 1 MB or too many pixels',
  phR_too_many_photos: 'at most 4 photos per report',
  phR_photo_slot_taken: 'another photo is already in that place',
  phR_event_mismatch: 'this report belongs to another target; the photo was not attached',
  phR_forbidden: 'you may not attach photos to this target',
  phR_photo_missing: 'the photo is no longer on this device (browser data cleared?)',
  phR_other: 'the server did not accept this photo',
};
