import { useId, useState } from 'react';
import { PHOTOS_PER_EVENT } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { fill } from '../words';
import { downscalePhoto, PhotoPrepError } from './downscale';
import './photos.css';

/** A photo picked for the report being written: already downscaled and stripped, shown from an object URL. */
export interface PickedPhoto {
  id: number;
  blob: Blob;
  /** Its thumbnail (lists show it); null when none fitted the budget. */
  thumb: Blob | null;
  url: string;
  width: number;
  height: number;
}

let nextId = 0;

/** Drawn, not an emoji: office PCs and some phones have no colour emoji font (a box would show). */
function CameraIcon() {
  return (
    <svg aria-hidden width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round">
      <path d="M4 7h3l2-3h6l2 3h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z" />
      <circle cx="12" cy="13" r="4" />
    </svg>
  );
}

/** Frees the previews' object URLs (after sending, on remove, when the form closes). */
export function releasePhotos(list: readonly PickedPhoto[]): void {
  for (const p of list) URL.revokeObjectURL(p.url);
}

/**
 * 拍照/添加照片: the phone's camera (capture=environment) or its gallery, several at once,
 * up to PHOTOS_PER_EVENT. Each photo is downscaled as it is picked, so the preview shows
 * what will be sent and a file that cannot be used is named at once, not after sending.
 */
export function PhotoPicker({ photos, onChange }: { photos: readonly PickedPhoto[]; onChange: (next: PickedPhoto[]) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const full = photos.length >= PHOTOS_PER_EVENT;

  const pick = async (files: File[]) => {
    if (files.length === 0) return;
    const take = files.slice(0, Math.max(0, PHOTOS_PER_EVENT - photos.length));
    const errs: string[] = [];
    if (files.length > take.length) errs.push(fill(t('phTooMany'), { max: PHOTOS_PER_EVENT, n: files.length - take.length }));
    setBusy(true);
    const added: PickedPhoto[] = [];
    for (const f of take) {
      try {
        const p = await downscalePhoto(f);
        added.push({ id: ++nextId, blob: p.blob, thumb: p.thumb, url: URL.createObjectURL(p.blob), width: p.width, height: p.height });
      } catch (e) {
        errs.push(fill(t(e instanceof PhotoPrepError && e.reason === 'too_large' ? 'phTooLargeFile' : 'phNotImage'), { name: f.name }));
      }
    }
    setBusy(false);
    setErrors(errs);
    onChange([...photos, ...added]);
  };

  const remove = (p: PickedPhoto) => {
    releasePhotos([p]);
    setErrors([]);
    onChange(photos.filter((x) => x.id !== p.id));
  };

  return (
    <div className="ph-picker" data-testid="photo-picker" data-count={photos.length}>
      <label htmlFor={id} className={`ph-add ${full || busy ? 'is-disabled' : ''}`}>
        <CameraIcon /> {busy ? t('phPreparing') : t('phAdd')}
      </label>
      <input
        id={id}
        className="ph-input"
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        disabled={full || busy}
        data-testid="photo-input"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = ''; // the same file may be picked again after a remove
          void pick(files);
        }}
      />
      <small className="rp-hint">{fill(t('phHint'), { max: PHOTOS_PER_EVENT })}</small>
      {photos.length > 0 ? (
        <ul className="ph-previews">
          {photos.map((p, k) => (
            <li key={p.id} data-testid="photo-preview" data-width={p.width} data-height={p.height} data-size={p.blob.size}>
              <img src={p.url} alt={fill(t('phPreviewAlt'), { n: k + 1 })} width={72} height={72} />
              <button type="button" className="ph-remove" onClick={() => remove(p)} aria-label={fill(t('phRemove'), { n: k + 1 })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {errors.map((e) => (
        <p key={e} className="rp-problem" role="alert" data-testid="photo-problem">
          {e}
        </p>
      ))}
    </div>
  );
}
