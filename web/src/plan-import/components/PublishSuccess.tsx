import { useEffect, useRef } from 'react';
import { Link } from 'wouter';
import type { PublishPlanResponse } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';

export function PublishSuccess({ result, onAnother }: { result: PublishPlanResponse; onAnother: () => void }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="imp-card imp-success" role="status" data-testid="import-success">
      <h3 ref={heading} tabIndex={-1}>
        {t('impSuccess')} <code data-testid="import-plan-id">{result.id}</code>
      </h3>
      <p>{t('impSuccessTargets').replace('{n}', String(result.targetCodes.length))}</p>
      <p className="imp-success-actions">
        <Link href={`/?plan=${encodeURIComponent(result.id)}`} className="imp-primary imp-link-button">
          {t('impViewPlan')} →
        </Link>
        <button type="button" onClick={onAnother}>
          {t('impAnother')}
        </button>
      </p>
    </section>
  );
}
