import { useState } from 'react';
import { photoPath, thumbPath } from '@luoshi/shared';
import { ApiError, request } from '../../app/http';
import { useI18n } from '../../i18n/i18n';
import { fill } from '../words';
import { photoRefusalKey } from './messages';
import './photos.css';

/**
 * An event's photos as small thumbnails (event log, report history). Each loads the
 * thumbnail the phone made (…/photos/:n/thumb, a few tens of KB; the photo itself only
 * when none was uploaded), lazily when scrolled near; a tap opens the full photo (its own
 * URL: the browser's image view, zoomable on a phone). Slots in `deletable` (the reader's
 * own uploads, or all for an admin: the server says which) get a delete control that asks
 * first; `onDeleted` lets the list reload.
 */
export function PhotoThumbs({
  target,
  eventId,
  slots,
  deletable = [],
  onDeleted,
}: {
  target: string;
  eventId: string;
  slots: readonly number[];
  deletable?: readonly number[];
  onDeleted?: () => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<number | null>(null);
  const [gone, setGone] = useState<readonly number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const shown = slots.filter((n) => !gone.includes(n));
  if (shown.length === 0) return null;

  const remove = async (n: number) => {
    if (!window.confirm(fill(t('phDeleteConfirm'), { n }))) return;
    setBusy(n);
    setError(null);
    try {
      await request('DELETE', photoPath(target, eventId, n));
      setGone((g) => [...g, n]);
      onDeleted?.();
    } catch (err) {
      const code = err instanceof ApiError ? err.code : undefined;
      // Already gone (another tab, an admin): what the clerk wanted.
      if (code === 'not_found') {
        setGone((g) => [...g, n]);
        onDeleted?.();
      } else setError(fill(t('phDeleteFailed'), { n, why: t(code === 'forbidden' ? 'phDeleteForbidden' : photoRefusalKey(code)) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <ul className="ph-thumbs" data-testid="photo-thumbs" data-count={shown.length}>
        {shown.map((n) => (
          <li key={n}>
            <a href={photoPath(target, eventId, n)} target="_blank" rel="noopener" title={fill(t('phOpen'), { n })}>
              <img
                src={thumbPath(target, eventId, n)}
                alt={fill(t('phThumbAlt'), { n })}
                loading="lazy"
                decoding="async"
                width={56}
                height={56}
                data-testid="photo-thumb"
              />
            </a>
            {deletable.includes(n) ? (
              <button
                type="button"
                className="ph-delete"
                aria-label={fill(t('phDelete'), { n })}
                title={fill(t('phDelete'), { n })}
                disabled={busy !== null}
                onClick={() => void remove(n)}
                data-testid="photo-delete"
              >
                <svg aria-hidden width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round">
                  <path d="M6 6l12 12M18 6L6 18" />
                </svg>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {error ? (
        <p className="rp-bad" role="alert" data-testid="photo-delete-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
