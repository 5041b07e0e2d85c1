import { useState } from 'react';
import { MEASURE_KINDS, TARGET_FIELDS, type EditableTarget, type PlanSection, type TargetField, type Unit } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/i18n';
import { Field } from './Field';

type Draft = Record<TargetField, string>;

const NUMERIC: readonly TargetField[] = ['baseline', 'targetValue', 'weight', 'reportingIntervalDays'];

function toDraft(t: Partial<EditableTarget>): Draft {
  const d = {} as Draft;
  for (const f of TARGET_FIELDS) {
    const v = t[f];
    d[f] = f === 'milestones' ? (t.milestones ?? []).map((m) => `${m.date} ${m.value}`).join('\n') : v === null || v === undefined ? '' : String(v);
  }
  return d;
}

/** The form's text back to API values; a number that does not parse goes as text, so the server names the field. */
function fromDraft(d: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of TARGET_FIELDS) {
    const v = d[f].trim();
    if (f === 'milestones') {
      out[f] = v === '' ? [] : v.split('\n').map((line) => {
        const [date, value] = line.trim().split(/[\s,，]+/);
        return { date: date ?? '', value: value === undefined || value === '' || Number.isNaN(Number(value)) ? value : Number(value) };
      });
    } else if (NUMERIC.includes(f)) out[f] = v === '' ? undefined : Number.isNaN(Number(v)) ? v : Number(v);
    else if (f === 'sectionId' || f === 'ratioNumerator' || f === 'ratioDenominator') out[f] = v === '' ? null : v;
    else out[f] = v === '' ? undefined : v;
  }
  return out;
}

/**
 * Every field of a target (issue 16). For a new target all fields are sent; for an edit
 * only the changed ones (with the version read). In a published plan a reason is asked.
 */
export function TargetForm({
  initial,
  sections,
  units,
  targets,
  published,
  errors,
  pending,
  onSubmit,
  onCancel,
}: {
  initial: Partial<EditableTarget>;
  sections: PlanSection[];
  units: Unit[];
  targets: EditableTarget[];
  published: boolean;
  errors: Record<string, string>;
  pending: boolean;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const start = toDraft(initial);
  const [d, setD] = useState<Draft>(start);
  const [reason, setReason] = useState('');
  const set = (f: TargetField) => (e: { target: { value: string } }) => setD((x) => ({ ...x, [f]: e.target.value }));
  const label = (f: TargetField) => t(`paF_${f}` as MessageKey);
  const submit = () => {
    const all = fromDraft(d);
    const before = fromDraft(start);
    const body: Record<string, unknown> = {};
    for (const f of TARGET_FIELDS) {
      if (all[f] === undefined) continue;
      if (initial.code && JSON.stringify(all[f]) === JSON.stringify(before[f])) continue;
      body[f] = all[f];
    }
    if (initial.code) body.version = initial.version;
    if (published) body.reason = reason;
    onSubmit(body);
  };
  const input = (f: TargetField, type = 'text') => (
    <Field label={label(f)} error={errors[f]}>
      <input name={f} type={type} value={d[f]} onChange={set(f)} inputMode={NUMERIC.includes(f) ? 'decimal' : undefined} />
    </Field>
  );
  const others = targets.filter((x) => x.code !== initial.code && x.measureKind !== 'ratio');
  return (
    <form
      className="pa-form pa-target-form"
      data-testid="target-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {input('title')}
      <div className="pa-grid">
        <Field label={label('sectionId')} error={errors.sectionId}>
          <select name="sectionId" value={d.sectionId} onChange={set('sectionId')}>
            <option value="">{t('paNoSection')}</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
                {s.title}
              </option>
            ))}
          </select>
        </Field>
        <Field label={label('ownerUnit')} error={errors.ownerUnit}>
          <select name="ownerUnit" value={d.ownerUnit} onChange={set('ownerUnit')}>
            <option value="">—</option>
            {units
              .filter((u) => u.active !== false || u.code === d.ownerUnit)
              .map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}
                </option>
              ))}
          </select>
        </Field>
        <Field label={label('measureKind')} error={errors.measureKind}>
          <select name="measureKind" value={d.measureKind || 'cumulative'} onChange={set('measureKind')}>
            {MEASURE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`paKind_${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        {input('uom')}
        {input('baseline')}
        {input('targetValue')}
        <Field label={label('direction')} error={errors.direction}>
          <select name="direction" value={d.direction || 'up'} onChange={set('direction')}>
            <option value="up">{t('paDir_up')}</option>
            <option value="down">{t('paDir_down')}</option>
          </select>
        </Field>
        {input('startDate', 'date')}
        {input('dueDate', 'date')}
        {input('weight')}
        {input('reportingIntervalDays')}
      </div>
      {(d.measureKind || 'cumulative') === 'ratio' ? (
        <div className="pa-grid">
          {(['ratioNumerator', 'ratioDenominator'] as const).map((f) => (
            <Field key={f} label={label(f)} error={errors[f]}>
              <select name={f} value={d[f]} onChange={set(f)}>
                <option value="">—</option>
                {others.map((x) => (
                  <option key={x.code} value={x.code}>
                    {x.title}
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </div>
      ) : null}
      <Field label={label('milestones')} error={errors.milestones} hint={t('paF_milestonesHint')}>
        <textarea name="milestones" rows={2} value={d.milestones} onChange={set('milestones')} />
      </Field>
      {published ? (
        <Field label={t('paReason')} error={errors.reason} hint={t('paReasonHint')}>
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reason" />
        </Field>
      ) : null}
      <div className="pa-actions">
        <button type="submit" disabled={pending} data-testid="save-target">
          {pending ? t('paSaving') : t('paSave')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('paCancel')}
        </button>
      </div>
    </form>
  );
}
