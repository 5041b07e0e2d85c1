import { useI18n } from '../../i18n/i18n';
import type { OutboxItem } from '../outbox/logic';
import { fill } from '../words';
import { photoRefusalKey } from './messages';

/** Where a report's photos are: 照片待上传 n 张 / 照片已上传 n 张, and each refused one with its reason. */
export function OutboxPhotos({ item }: { item: OutboxItem }) {
  const { t } = useI18n();
  const photos = item.photos ?? [];
  if (photos.length === 0) return null;
  const waiting = photos.filter((p) => p.state === 'waiting').length;
  const uploaded = photos.filter((p) => p.state === 'uploaded').length;
  const dropped = photos.some((p) => p.state === 'dropped');
  return (
    <div data-testid="outbox-photos" data-waiting={waiting} data-uploaded={uploaded}>
      {waiting > 0 ? <p className="ph-state">{fill(t('phWaiting'), { n: waiting })}</p> : null}
      {uploaded > 0 ? <p className="ph-state">{fill(t('phUploaded'), { n: uploaded })}</p> : null}
      {dropped ? <p className="ph-state">{t('phDropped')}</p> : null}
      {photos
        .filter((p) => p.state === 'refused')
        .map((p) => (
          <p key={p.n} className="ph-state is-bad" role="alert" title={p.message ?? ''} data-testid="photo-refused" data-code={p.code}>
            {fill(t('phRefusedOne'), { n: p.n, why: t(photoRefusalKey(p.code)) })}
          </p>
        ))}
    </div>
  );
}
