import type { ReactNode } from 'react';
import type { DraftError, PlanImportErrorCode } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const ERROR_TEXT: Record<PlanImportErrorCode, MessageKey> = {
  invalid_request: 'impErrInvalidRequest',
  empty_title: 'impErrEmptyTitle',
  invalid_target_value: 'impErrTargetValue',
  invalid_date: 'impErrDate',
  invalid_period: 'impErrPeriod',
  due_outside_period: 'impErrDueOutside',
  start_outside_period: 'impErrStartOutside',
  no_targets: 'impErrNoTargets',
  unknown_section: 'impErrSection',
  unknown_unit: 'impErrUnit',
  duplicate_plan: 'impErrDuplicatePlan',
  duplicate_code: 'impErrDuplicateCode',
  plan_not_found: 'impErrPlanNotFound',
  plan_not_draft: 'impErrPlanNotDraft',
  too_many_targets: 'impErrTooManyTargets',
};

/** The reader's sentence for an error; the server's own message when the code is not ours. */
export function useErrorText(): (e: DraftError) => string {
  const { t } = useI18n();
  return (e) => {
    const key = ERROR_TEXT[e.code] as MessageKey | undefined;
    return key ? t(key) : e.message;
  };
}

/**
 * A labelled input with its error under it. The child receives the ids to wire up, so the
 * input says aria-invalid / aria-describedby itself.
 */
export function Field({
  id,
  label,
  error,
  hint,
  className,
  children,
}: {
  id: string;
  label: string;
  error?: DraftError | undefined;
  hint?: string;
  className?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
}) {
  const errorText = useErrorText();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`imp-field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': describedBy })}
      {hint && !error ? (
        <span className="imp-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="imp-field-error" id={`${id}-error`}>
          {errorText(error)}
        </span>
      ) : null}
    </div>
  );
}
