import { chinaCalendar, workingTimeElapsed } from '../calendar/calendar';
import type { WorkingCalendar } from '../calendar/types';
import type { Target } from '../domain/types';
import { isAchieved, progressFraction } from '../rollup/pct';

export interface HalfwayCheck {
  /** 时间过半、任务不过半: more than half the working period gone, less than half done. */
  flagged: boolean;
  /** Share of the period's working days elapsed by the end of asOf (0–1). */
  elapsed: number;
  /** Share of the way from baseline to target (not clamped). */
  progress: number;
  /** False for ceilings: a limit has no "half done". They are never flagged. */
  applicable: boolean;
}

/**
 * The 时间过半、任务过半 check. Time is counted in working days from the start date to
 * the due date (both included), as of the end of asOf; progress is the distance covered
 * from baseline to target, so it works for targets that go down. Strict on both sides:
 * exactly half the time with exactly half done is not flagged. Milestones play no part:
 * the rule is about the whole task. Targets already achieved are never flagged; overdue
 * ones under half done are.
 */
export function halfwayCheck(
  target: Pick<Target, 'measureKind' | 'direction' | 'baseline' | 'targetValue' | 'startDate' | 'dueDate'>,
  value: number,
  asOfYmd: string,
  calendar: WorkingCalendar = chinaCalendar,
): HalfwayCheck {
  const elapsed = workingTimeElapsed(target.startDate, target.dueDate, asOfYmd, calendar);
  if (target.measureKind === 'ceiling') {
    return { flagged: false, elapsed, progress: progressFraction(target, value), applicable: false };
  }
  const progress = progressFraction(target, value);
  const flagged = elapsed > 0.5 && progress < 0.5 && !isAchieved(target, value);
  return { flagged, elapsed, progress, applicable: true };
}
