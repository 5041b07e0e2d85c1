import type { DraftError, Unit } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { metaFieldId } from '../hooks/usePlanImport';
import { planOwners, type MetaField, type PlanMeta } from '../review';
import { Field } from './Field';

export function PlanMetaForm({
  meta,
  onChange,
  units,
  errors,
}: {
  meta: PlanMeta;
  onChange: (patch: Partial<PlanMeta>) => void;
  units: readonly Unit[];
  errors: Partial<Record<MetaField, DraftError>>;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="imp-card imp-meta">
      <legend>{t('impPlan')}</legend>
      <Field id={metaFieldId('title')} label={t('impPlanTitle')} error={errors.title} className="imp-wide">
        {(p) => (
          <input {...p} value={meta.title} maxLength={200} onChange={(e) => onChange({ title: e.target.value })} />
        )}
      </Field>
      <Field id={metaFieldId('ownerUnit')} label={t('impOwner')} error={errors.ownerUnit}>
        {(p) => (
          <select {...p} value={meta.ownerUnit} onChange={(e) => onChange({ ownerUnit: e.target.value })}>
            {meta.ownerUnit === '' ? <option value="">—</option> : null}
            {planOwners(units).map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={metaFieldId('periodStart')} label={t('impPeriodStart')} error={errors.periodStart}>
        {(p) => (
          <input
            {...p}
            type="date"
            value={meta.periodStart}
            onChange={(e) => onChange({ periodStart: e.target.value })}
          />
        )}
      </Field>
      <Field id={metaFieldId('periodEnd')} label={t('impPeriodEnd')} error={errors.periodEnd}>
        {(p) => (
          <input {...p} type="date" value={meta.periodEnd} onChange={(e) => onChange({ periodEnd: e.target.value })} />
        )}
      </Field>
      <Field id={metaFieldId('id')} label={t('impPlanId')} error={errors.id} hint={t('impPlanIdHint')}>
        {(p) => (
          <input
            {...p}
            value={meta.id}
            maxLength={59}
            autoCapitalize="characters"
            spellCheck={false}
            placeholder="YP-WJC-2026"
            onChange={(e) => onChange({ id: e.target.value })}
          />
        )}
      </Field>
    </fieldset>
  );
}
