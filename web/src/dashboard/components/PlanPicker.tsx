import type { PlanSummary } from '@luoshi/shared';
import { useI18n } from '../../i18n/i18n';
import { fill } from '../../report/words';

export function PlanPicker({
  plans,
  value,
  onChange,
}: {
  plans: PlanSummary[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useI18n();
  return (
    <label className="plan-picker">
      {t('plan')}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="plan-picker">
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
            {/* Leaders see their unit's drafts read-only (issue 16); say so, and closed plans too. */}
            {p.status !== 'published'
              ? fill(t('uiParen'), { x: t(p.status === 'draft' ? 'paStatus_draft' : 'paStatus_closed') })
              : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
