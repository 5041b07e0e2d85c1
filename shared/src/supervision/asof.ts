import { chinaCalendar } from '../calendar/calendar';
import type { WorkingCalendar } from '../calendar/types';
import { assessTarget, type AssessTargetOf, type TargetAssessment } from '../pace/status';
import type { PaceOptions } from '../pace/input';
import { valueOn } from '../pace/forecast';
import { isAchieved } from '../rollup/pct';
import type { ValuePoint } from '../rollup/series';

/**
 * A target as it stood at the end of a past day, from its daily rollups (target_daily:
 * the value at the end of each day it changed) and the day of its latest report on or
 * before that day — never from today's value. Corrections take effect on the corrected
 * event's day (see rollup/fold.ts), so a past day shows the corrected figure: what we know
 * now about that day, which is what a 通报 for that month should print.
 */
export function assessAsOf(
  target: AssessTargetOf,
  daily: readonly ValuePoint[],
  lastReportDay: string | null,
  asOf: string,
  calendar: WorkingCalendar = chinaCalendar,
  options?: Partial<PaceOptions>,
): TargetAssessment {
  const upTo = daily.filter((p) => p.date <= asOf);
  return assessTarget(
    target,
    { value: valueOn(upTo, asOf, target.baseline), lastUpdate: lastReportDay, series: upTo },
    asOf,
    calendar,
    options,
  );
}

/**
 * The day the target became finished and stayed so up to `asOf` (from daily values): the
 * first day of the last run of achieved days, null when the value at `asOf` is not achieved.
 * Ceilings are never "finished" while they run (they can still be broken): their due date
 * ends them, which the cycles already respect.
 */
export function finishedOn(
  target: Pick<AssessTargetOf, 'measureKind' | 'direction' | 'baseline' | 'targetValue'>,
  daily: readonly ValuePoint[],
  asOf: string,
): string | null {
  if (target.measureKind === 'ceiling') return null;
  const upTo = daily.filter((p) => p.date <= asOf).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  // Met at the baseline already: finished before any cycle began.
  let since: string | null = isAchieved(target, target.baseline) ? '0000-01-01' : null;
  for (const p of upTo) {
    if (isAchieved(target, p.value)) since ??= p.date;
    else since = null;
  }
  return since;
}
