import { photoPath } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { fill } from '../words';
import './photos.css';

/**
 * An event's photos as small thumbnails (event log, report history). Loaded lazily, only
 * when scrolled near; a tap opens the full photo (its own URL: the browser's image view,
 * zoomable on a phone).
 */
export function PhotoThumbs({ target, eventId, slots }: { target: string; eventId: string; slots: readonly number[] }) {
  const { t } = useI18n();
  if (slots.length === 0) return null;
  return (
    <ul className="ph-thumbs" data-testid="photo-thumbs" data-count={slots.length}>
      {slots.map((n) => (
        <li key={n}>
          <a href={photoPath(target, eventId, n)} target="_blank" rel="noopener" title={fill(t('phOpen'), { n })}>
            <img
              src={photoPath(target, eventId, n)}
              alt={fill(t('phThumbAlt'), { n })}
              loading="lazy"
              decoding="async"
              width={56}
              height={56}
              data-testid="photo-thumb"
            />
          </a>
        </li>
      ))}
    </ul>
  );
}
