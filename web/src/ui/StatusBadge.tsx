import type { TargetStatus } from '@luoshi/shared';
import { useI18n } from '../i18n/i18n';
import { statusLabel } from './status';

/** A shape per status as well as a colour, and always the words: never colour alone. */
const GLYPH: Record<TargetStatus, string> = {
  achieved: '✓',
  on_track: '●',
  behind: '▼',
  at_risk: '▲',
  overdue: '✕',
  stale: '?',
  not_started: '○',
};

export function StatusBadge({ status }: { status: TargetStatus }) {
  const { t } = useI18n();
  return (
    <span className={`status status-${status}`} data-status={status}>
      <span aria-hidden className="status-glyph">
        {GLYPH[status]}
      </span>
      {t(statusLabel[status])}
    </span>
  );
}
