import type { Unit } from '@luoshi/shared';
import { useI18n } from '../i18n/i18n';

/** Units in tree order, indented by depth, so a 科室 is found under its 街道. */
export function UnitSelect({
  units,
  value,
  onChange,
  label,
  disabled,
}: {
  units: readonly Unit[];
  value: string;
  onChange: (code: string) => void;
  label: string;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
      <option value="">{disabled ? t('usNoUnit') : t('usPickUnit')}</option>
      {treeOrder(units).map(({ unit, depth }) => (
        <option key={unit.code} value={unit.code}>
          {'\u3000'.repeat(depth)}
          {unit.name} ({unit.code})
        </option>
      ))}
    </select>
  );
}

export function treeOrder(units: readonly Unit[]): { unit: Unit; depth: number }[] {
  const children = new Map<string | null, Unit[]>();
  const codes = new Set(units.map((u) => u.code));
  for (const u of units) {
    const parent = u.parentCode && codes.has(u.parentCode) ? u.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: { unit: Unit; depth: number }[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const u of children.get(parent) ?? []) {
      out.push({ unit: u, depth });
      if (depth < 16) walk(u.code, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
