import { planIdBase, type DraftError, type PlanSummary, type Unit } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { metaFieldId } from '../hooks/usePlanImport';
import { planOwners, type MetaField, type PlanMeta } from '../review';
import { Field } from './Field';

export function PlanMetaForm({
  meta,
  onChange,
  units,
  errors,
  drafts,
  appendTo,
  onAppendTo,
}: {
  meta: PlanMeta;
  onChange: (patch: Partial<PlanMeta>) => void;
  units: readonly Unit[];
  errors: Partial<Record<MetaField, DraftError>>;
  /** Draft plans the candidates can be added to instead (issue 20). */
  drafts: readonly PlanSummary[];
  appendTo: string | null;
  onAppendTo: (planId: string | null) => void;
}) {
  const { t } = useI18n();
  // Adding to a draft keeps that plan's fields: they frame the review but are not edited here.
  const locked = appendTo !== null;
  return (
    <fieldset className="imp-card imp-meta">
      <legend>{t('impPlan')}</legend>
      {drafts.length > 0 ? (
        <Field id="imp-plan-target" label={t('impAddTo')} className="imp-wide" hint={locked ? t('impAddToHint') : undefined}>
          {(p) => (
            <select {...p} value={appendTo ?? ''} onChange={(e) => onAppendTo(e.target.value === '' ? null : e.target.value)}>
              <option value="">{t('impAddToNew')}</option>
              {drafts.map((d) => (
                <option key={d.id} value={d.id}>
                  {t('impAddToDraft').replace('{title}', d.title).replace('{id}', d.id)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field id={metaFieldId('title')} label={t('impPlanTitle')} error={errors.title} className="imp-wide">
        {(p) => (
          <input
            {...p}
            value={meta.title}
            maxLength={200}
            disabled={locked}
            onChange={(e) => onChange({ title: e.target.value })}
          />
        )}
      </Field>
      <Field id={metaFieldId('ownerUnit')} label={t('impOwner')} error={errors.ownerUnit}>
        {(p) => (
          <select {...p} value={meta.ownerUnit} disabled={locked} onChange={(e) => onChange({ ownerUnit: e.target.value })}>
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
            disabled={locked}
            onChange={(e) => onChange({ periodStart: e.target.value })}
          />
        )}
      </Field>
      <Field id={metaFieldId('periodEnd')} label={t('impPeriodEnd')} error={errors.periodEnd}>
        {(p) => (
          <input
            {...p}
            type="date"
            value={meta.periodEnd}
            disabled={locked}
            onChange={(e) => onChange({ periodEnd: e.target.value })}
          />
        )}
      </Field>
      <Field id={metaFieldId('id')} label={t('impPlanId')} error={errors.id} hint={t('impPlanIdHint')}>
        {(p) => (
          <input
            {...p}
            value={meta.id}
            maxLength={59}
            disabled={locked}
            autoCapitalize="characters"
            spellCheck={false}
            placeholder={meta.ownerUnit && /^\d{4}/.test(meta.periodStart) ? planIdBase(meta.ownerUnit, meta.periodStart) : 'YP-WJC-2026'}
            onChange={(e) => onChange({ id: e.target.value })}
          />
        )}
      </Field>
    </fieldset>
  );
}
