import type { DraftError } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { errorText as apiErrorText } from '../../ui/errors';
import { useErrorText } from './Field';

export function PublishBar({
  accepted,
  total,
  onPublish,
  pending,
  invalid,
  general,
  failure,
  appending = false,
}: {
  /** The candidates go to an existing draft: the button says so. */
  appending?: boolean;
  accepted: number;
  total: number;
  onPublish: () => void;
  pending: boolean;
  /** Errors are showing: say so beside the button. */
  invalid: boolean;
  /** Errors that belong to no input (no targets, a taken code …). */
  general: readonly DraftError[];
  /** A failure that is not the draft's fault (network, 500). */
  failure: Error | null;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const message = failure
    ? `${t('impPublishFailed')}: ${apiErrorText(failure, t)}`
    : general[0]
      ? errorText(general[0])
      : invalid
        ? t('impFixErrors')
        : null;
  return (
    <div className="imp-publish">
      <span className="imp-count" aria-live="polite">
        {t('impCount').replace('{a}', String(accepted)).replace('{n}', String(total))}
      </span>
      <span id="imp-publish-error" className="imp-field-error" role="alert" tabIndex={-1}>
        {message}
      </span>
      <button type="button" className="imp-primary" onClick={onPublish} disabled={pending || accepted === 0}>
        {pending ? t('impPublishing') : appending ? t('impAppend') : t('impPublish')}
      </button>
    </div>
  );
}
