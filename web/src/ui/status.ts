import { TARGET_STATUSES, type TargetState, type TargetStatus } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';

/** Display order of the status counts: done first, then the ones that need a leader's eye. */
export const STATUS_ORDER: readonly TargetStatus[] = TARGET_STATUSES;

/**
 * Statuses a leader must act on: they go on the attention list, in this order (worst first;
 * the server's order too): no news is not good news, so unreported ranks above behind.
 */
export const ATTENTION: readonly TargetStatus[] = ['overdue', 'at_risk', 'stale', 'behind'];

export const statusLabel: Record<TargetStatus, MessageKey> = {
  achieved: 'stAchieved',
  on_track: 'stOnTrack',
  behind: 'stBehind',
  at_risk: 'stAtRisk',
  overdue: 'stOverdue',
  stale: 'stStale',
  not_started: 'stNotStarted',
};

export function isStatus(s: string | null | undefined): s is TargetStatus {
  return !!s && (TARGET_STATUSES as readonly string[]).includes(s);
}

/** Lower is worse; statuses outside the attention list sort after it. */
export function severity(s: TargetStatus): number {
  const i = ATTENTION.indexOf(s);
  return i === -1 ? ATTENTION.length + STATUS_ORDER.indexOf(s) : i;
}

/**
 * The attention list, worst first. The server's order (`overview.attention`) wins; targets it
 * does not name but that need attention (a live patch moved them) follow by severity, then by
 * how far they are from plan (lowest status ratio, then lowest completion).
 */
export function attentionList(targets: readonly TargetState[], order: readonly string[] = []): TargetState[] {
  const rank = new Map(order.map((c, i) => [c, i]));
  return targets
    .filter((t) => ATTENTION.includes(t.status))
    .sort((a, b) => {
      const ra = rank.get(a.code) ?? Infinity;
      const rb = rank.get(b.code) ?? Infinity;
      if (ra !== rb) return ra - rb;
      return (
        severity(a.status) - severity(b.status) ||
        (a.statusRatio ?? a.pct / 100) - (b.statusRatio ?? b.pct / 100) ||
        a.pct - b.pct ||
        a.code.localeCompare(b.code)
      );
    });
}
