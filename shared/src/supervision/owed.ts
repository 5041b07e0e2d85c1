import { chinaCalendar, workingDaysInRange } from '../calendar/calendar';
import type { WorkingCalendar } from '../calendar/types';
import { addDays } from '../calendar/ymd';
import type { Cycle } from './cycles';

/**
 * What a target owes, cycle by cycle, judged at the end of `asOf` (China date).
 * A report is any stored event (a note too: it shows the target is looked after), dated by
 * the China day it was RECEIVED — a back-dated report made late is late.
 *
 *   on_time  a report made between the cycle's start and its due date (one report
 *            closes one cycle);
 *   late     none by the due date, but one after it (the first such closes the cycle);
 *   missing  due date passed and still no report: the target owes it now;
 *   open     not due yet and not reported yet: coming up, not counted;
 *   excused  the target was finished before the cycle began, or cancelled before it
 *            was due — finished and cancelled targets owe nothing. A cycle missed while
 *            the target was active stays `missing` after a cancellation (history); who
 *            is chased for it is owedNow's / cancelledBy's question.
 */
export type CycleOutcome = 'on_time' | 'late' | 'missing' | 'open' | 'excused';

export interface JudgedCycle extends Cycle {
  outcome: CycleOutcome;
  /** The report that closed the cycle (on_time, late), else null. */
  reportedOn: string | null;
  /** Working days after the due date: to the report (late) or to asOf (missing); 0 otherwise. */
  daysLate: number;
}

export interface OwedContext {
  asOf: string;
  /** First day the target was finished (value reached the target), null while not. */
  finishedOn: string | null;
  cancelledOn: string | null;
}

/** Working days after `due` up to and including `day`. */
function workingDaysAfter(due: string, day: string, calendar: WorkingCalendar): number {
  return workingDaysInRange(addDays(due, 1), day, calendar);
}

/** Judges each cycle; `reportDays` are the China days reports were received on, one entry per report, any order. */
export function judgeCycles(
  cycles: readonly Cycle[],
  reportDays: readonly string[],
  ctx: OwedContext,
  calendar: WorkingCalendar = chinaCalendar,
): JudgedCycle[] {
  const days = reportDays.filter((d) => d <= ctx.asOf).sort();
  // One report closes one cycle: a Monday report in last week's grace days closes last
  // week, and this week still needs its own. Reports are consumed in order, so a cycle
  // takes the earliest report in its window not taken by the cycle before it.
  let next = 0;
  return cycles
    .filter((c) => c.start <= ctx.asOf)
    .map((c): JudgedCycle => {
      const excused =
        (ctx.finishedOn !== null && c.start > ctx.finishedOn) || (ctx.cancelledOn !== null && c.due >= ctx.cancelledOn);
      if (excused) return { ...c, outcome: 'excused', reportedOn: null, daysLate: 0 };
      while (next < days.length && days[next]! < c.start) next++;
      const first = days[next] ?? null;
      if (first !== null && first <= c.due) {
        next++;
        return { ...c, outcome: 'on_time', reportedOn: first, daysLate: 0 };
      }
      if (c.due >= ctx.asOf) return { ...c, outcome: 'open', reportedOn: null, daysLate: 0 };
      // Late: the first report after the due date closes it (and is still free for the next cycle).
      if (first !== null) {
        return { ...c, outcome: 'late', reportedOn: first, daysLate: workingDaysAfter(c.due, first, calendar) };
      }
      return { ...c, outcome: 'missing', reportedOn: null, daysLate: workingDaysAfter(c.due, ctx.asOf, calendar) };
    });
}

export interface Timeliness {
  /** Reports owed: cycles on time, late or missing (open and excused ones are not owed yet / at all). */
  owed: number;
  onTime: number;
  late: number;
  missing: number;
  /** 报送及时率 = onTime ÷ owed; null when nothing was owed (shown as —, never as 0%). */
  rate: number | null;
}

/** 报送及时率 over the judged cycles whose due date falls in [from, to] (both optional, inclusive). */
export function timeliness(cycles: readonly JudgedCycle[], from?: string, to?: string): Timeliness {
  let onTime = 0;
  let late = 0;
  let missing = 0;
  for (const c of cycles) {
    if ((from !== undefined && c.due < from) || (to !== undefined && c.due > to)) continue;
    if (c.outcome === 'on_time') onTime++;
    else if (c.outcome === 'late') late++;
    else if (c.outcome === 'missing') missing++;
  }
  const owed = onTime + late + missing;
  return { owed, onTime, late, missing, rate: owed === 0 ? null : onTime / owed };
}

/** Sums several targets' (or units') figures; the rate is recomputed from the sums, never averaged. */
export function sumTimeliness(parts: readonly Timeliness[]): Timeliness {
  const s = parts.reduce(
    (a, p) => ({ onTime: a.onTime + p.onTime, late: a.late + p.late, missing: a.missing + p.missing }),
    { onTime: 0, late: 0, missing: 0 },
  );
  const owed = s.onTime + s.late + s.missing;
  return { ...s, owed, rate: owed === 0 ? null : s.onTime / owed };
}

/**
 * Whether a target is out of every chase on `day`: cancelled (撤销) on or before it.
 * A cancelled target's missed cycles stay `missing` in its history — they count in the
 * 报送及时率 of their period, which does not change after the fact — but nobody is chased
 * for them any more: no owed list, reminder or escalation names the target from the day it
 * was cancelled (docs/decisions.md, "Owed after cancellation"). Judged as of a day before
 * the cancellation, the target was active and owed as it did then.
 */
export function cancelledBy(cancelledOn: string | null, day: string): boolean {
  return cancelledOn !== null && cancelledOn <= day;
}

/**
 * What the target owes as of `ctx.asOf`: its missing cycles (oldest first) and the next open
 * one — nothing at all once it is cancelled (see cancelledBy).
 */
export function owedNow(
  cycles: readonly JudgedCycle[],
  ctx: Pick<OwedContext, 'asOf' | 'cancelledOn'>,
): { missing: JudgedCycle[]; next: JudgedCycle | null } {
  if (cancelledBy(ctx.cancelledOn, ctx.asOf)) return { missing: [], next: null };
  return {
    missing: cycles.filter((c) => c.outcome === 'missing'),
    next: cycles.find((c) => c.outcome === 'open') ?? null,
  };
}

/**
 * The overview's quick 报送及时率 from current states (no cycle history needed): the share of
 * the unit's started, UNFINISHED targets that are not stale (reported within their
 * interval). Finished targets owe nothing, so they are left out — counting them as "not
 * reported" made a department whose targets were all finished show 0.0%. With nothing
 * owed the share is 1: nobody is behind with a report.
 */
export function reportedInTimeShare(
  states: readonly { startDate: string; status: string; stale: boolean }[],
  asOf: string,
): number {
  const owing = states.filter((t) => t.startDate <= asOf && t.status !== 'achieved');
  return owing.length === 0 ? 1 : owing.filter((t) => !t.stale).length / owing.length;
}
