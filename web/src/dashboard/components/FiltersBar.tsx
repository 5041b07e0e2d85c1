import { useSearchParams } from 'wouter';
import type { SectionState, UnitState } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { isFiltered, writeFilter, type TargetFilter } from '../filters';
import { STATUS_ORDER, statusLabel } from '../../ui/status';

/** Section, department and status pickers; every choice goes into the URL, so the view can be sent as a link. */
export function FiltersBar({
  filter,
  sections,
  units,
  hideUnit = false,
}: {
  filter: TargetFilter;
  sections: SectionState[];
  units: UnitState[];
  hideUnit?: boolean;
}) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const set = (f: Partial<TargetFilter>): void => setParams(writeFilter(params, f), { replace: true });
  const top = sections.filter((s) => s.parentId === null);
  const child = (id: string) => sections.filter((s) => s.parentId === id).sort((a, b) => a.ordinal - b.ordinal);
  return (
    <fieldset className="filters">
      <legend className="sr-only">{t('fLabel')}</legend>
      <label>
        {t('fSection')}
        <select
          value={filter.section ?? ''}
          onChange={(e) => set({ section: e.target.value || null })}
          data-testid="filter-section"
        >
          <option value="">{t('fAll')}</option>
          {top.map((s) => [
            <option key={s.id} value={s.id}>
              {s.label}
              {s.title}
            </option>,
            ...child(s.id).map((c) => (
              <option key={c.id} value={c.id}>
                {'\u3000'}
                {c.label}
                {c.title}
              </option>
            )),
          ])}
        </select>
      </label>
      {hideUnit ? null : (
        <label>
          {t('fUnit')}
          <select
            value={filter.unit ?? ''}
            onChange={(e) => set({ unit: e.target.value || null })}
            data-testid="filter-unit"
          >
            <option value="">{t('fAll')}</option>
            {units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('fStatus')}
        <select
          value={filter.status ?? ''}
          onChange={(e) => set({ status: (e.target.value || null) as TargetFilter['status'] })}
          data-testid="filter-status"
        >
          <option value="">{t('fAll')}</option>
          {STATUS_ORDER.map((s) => (
            <option key={s} value={s}>
              {t(statusLabel[s])}
            </option>
          ))}
        </select>
      </label>
      {isFiltered(hideUnit ? { ...filter, unit: null } : filter) ? (
        <button type="button" onClick={() => set({ section: null, unit: null, status: null })}>
          {t('fClear')}
        </button>
      ) : null}
    </fieldset>
  );
}
