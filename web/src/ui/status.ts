import { ATTENTION_STATUSES, TARGET_STATUSES, compareAttention, needsAttention, type TargetState, type TargetStatus } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';

/** Display order of the status counts: done first, then the ones that need a leader's eye. */
export const STATUS_ORDER: readonly TargetStatus[] = TARGET_STATUSES;

/** Statuses a leader must act on, worst first: the shared order (shared/src/api/overview-derive.ts). */
export const ATTENTION: readonly TargetStatus[] = ATTENTION_STATUSES;

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
 * The attention list, worst first. The server's order (`overview.attention`, which a live
 * delta recomputes with the same shared function) wins; targets it does not name follow in
 * the shared attention order.
 */
export function attentionList(targets: readonly TargetState[], order: readonly string[] = []): TargetState[] {
  const rank = new Map(order.map((c, i) => [c, i]));
  return targets
    .filter((t) => needsAttention(t.status))
    .sort((a, b) => {
      const ra = rank.get(a.code) ?? Infinity;
      const rb = rank.get(b.code) ?? Infinity;
      return ra !== rb ? ra - rb : compareAttention(a, b);
    });
}
