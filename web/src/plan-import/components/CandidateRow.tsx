import { memo } from 'react';
import {
  COMMITMENT_THRESHOLD,
  IMPORT_MEASURE_KINDS,
  type DraftError,
  type ImportCandidate,
  type ImportMeasureKind,
  type Unit,
} from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { rowFieldId } from '../hooks/usePlanImport';
import type { RowField, RowState } from '../review';
import { Field } from './Field';

const MEASURE_TEXT: Record<ImportMeasureKind, MessageKey> = {
  cumulative: 'impMeasureCumulative',
  reading: 'impMeasureReading',
  ceiling: 'impMeasureCeiling',
};

export const rowId = (index: number) => `imp-row-${index}`;

/** One candidate: accept or reject it, and when accepted, edit what becomes the target. */
export const CandidateRow = memo(function CandidateRow({
  candidate: c,
  row,
  owner,
  due,
  units,
  errors,
  active,
  onChange,
  onLocate,
  onActivate,
}: {
  candidate: ImportCandidate;
  row: RowState;
  /** The owner and due date in effect (the row's own, or the defaults). */
  owner: string;
  due: string;
  units: readonly Unit[];
  errors: Partial<Record<RowField, DraftError>> | undefined;
  active: boolean;
  onChange: (index: number, patch: Partial<RowState>) => void;
  onLocate: (index: number) => void;
  onActivate: (index: number) => void;
}) {
  const { t } = useI18n();
  const i = c.index;
  const low = c.confidence < COMMITMENT_THRESHOLD;
  const set = (patch: Partial<RowState>) => onChange(i, patch);
  const cls = [
    'imp-row',
    row.accepted ? 'is-accepted' : 'is-rejected',
    active ? 'is-active' : '',
    errors ? 'has-error' : '',
  ].join(' ');
  return (
    <li id={rowId(i)} className={cls} data-testid={`candidate-${i}`} onFocus={() => onActivate(i)} tabIndex={-1}>
      <div className="imp-row-head">
        <label className="imp-accept">
          <input
            type="checkbox"
            checked={row.accepted}
            onChange={(e) => set({ accepted: e.target.checked })}
            aria-describedby={`${rowId(i)}-q`}
          />
          {t('impAccept')}
        </label>
        <button
          type="button"
          className="imp-chip"
          id={`${rowId(i)}-q`}
          onClick={() => onLocate(i)}
          aria-label={`${c.quantityText} · ${t('impLocate')}`}
          title={t('impLocate')}
        >
          {c.quantityText}
        </button>
        <span className={`imp-conf${low ? ' is-low' : ''}`} title={c.signals.join(', ')}>
          {low ? `${t('impLowConfidence')} ` : `${t('impConfidence')} `}
          {Math.round(c.confidence * 100)}%
        </span>
        {c.deadline ? <span className="imp-deadline">{c.deadline}</span> : null}
      </div>
      {c.sectionPath.length > 0 ? <p className="imp-path">{c.sectionPath.slice(-2).join(' › ')}</p> : null}
      {row.accepted ? (
        <div className="imp-row-fields">
          <Field id={rowFieldId(i, 'title')} label={t('impTargetTitle')} error={errors?.title} className="imp-wide">
            {(p) => <input {...p} value={row.title} maxLength={300} onChange={(e) => set({ title: e.target.value })} />}
          </Field>
          <Field id={rowFieldId(i, 'value')} label={t('impValue')} error={errors?.value}>
            {(p) => (
              <input {...p} inputMode="decimal" value={row.value} onChange={(e) => set({ value: e.target.value })} />
            )}
          </Field>
          <Field id={rowFieldId(i, 'uom')} label={t('impUom')} error={errors?.uom}>
            {(p) => <input {...p} value={row.uom} maxLength={16} onChange={(e) => set({ uom: e.target.value })} />}
          </Field>
          <Field
            id={rowFieldId(i, 'ownerUnit')}
            label={t('impOwnerDept')}
            error={errors?.ownerUnit}
            hint={c.suggestedOwner ? t('impOwnerNamed').replace('{name}', c.suggestedOwner) : undefined}
          >
            {(p) => (
              <select {...p} value={owner} onChange={(e) => set({ ownerUnit: e.target.value })}>
                {units.some((u) => u.code === owner) ? null : <option value={owner}>{owner || '—'}</option>}
                {units.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={rowFieldId(i, 'dueDate')} label={t('impDueDate')} error={errors?.dueDate}>
            {(p) => <input {...p} type="date" value={due} onChange={(e) => set({ dueDate: e.target.value })} />}
          </Field>
          <Field id={rowFieldId(i, 'measureKind')} label={t('impMeasure')} error={errors?.measureKind}>
            {(p) => (
              <select
                {...p}
                value={row.measureKind}
                onChange={(e) => set({ measureKind: e.target.value as ImportMeasureKind })}
              >
                {IMPORT_MEASURE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(MEASURE_TEXT[k])}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      ) : (
        <p className="imp-row-muted">{row.title}</p>
      )}
    </li>
  );
});
