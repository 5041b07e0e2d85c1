import { expectedValue } from '@luoshi/shared';
import { PACE, readingCap, toPlan, type DemoTarget, type Profile } from './backfill';
import { WHOLE_UOMS } from './units';

/**
 * Where the live demo feed steers each target, so a demo watched for an hour keeps moving
 * (issue 18.12): the plan line times the target's profile pace (the same profile the
 * back-fill gave it), swinging ±WAVE_AMPLITUDE over WAVE_MS with a phase of its own. A target
 * on the "on" or "behind" profile dips under the plan line and climbs back while someone
 * watches; "risk" stays well behind; "stale" targets stay quiet. Never past the target, so
 * nothing drifts to 超额完成 by accident (issue 18.4).
 */
export const WAVE_MS = 20 * 60_000;
export const WAVE_AMPLITUDE = 0.15;

export type SteerTarget = DemoTarget & { value: number };

/** A move the feed publishes: an increment, a reading, or taking back part of the newest increment (a correction). */
export type Move = { kind: 'increment'; value: number } | { kind: 'reading'; value: number } | { kind: 'takeback'; value: number };

function phaseOf(code: string): number {
  let h = 0;
  for (const ch of code) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return (h % 1000) / 1000;
}

/** The pace the feed aims a target at now (1 = on the plan line); null for profiles it leaves alone. */
export function demoPace(code: string, profile: Profile, nowMs: number): number | null {
  if (profile === 'stale') return null;
  const wave = 1 + WAVE_AMPLITUDE * Math.sin(2 * Math.PI * (nowMs / WAVE_MS + phaseOf(code)));
  return PACE[profile] * wave;
}

/** The value the feed steers a target towards today: baseline + planned progress × pace, clamped to the target. */
export function demoGoal(t: DemoTarget, profile: Profile, today: string, nowMs: number): number | null {
  const pace = demoPace(t.code, profile, nowMs);
  if (pace === null) return null;
  const goal = t.baseline + (expectedValue(toPlan(t), today) - t.baseline) * pace;
  return t.target_value >= t.baseline ? Math.min(goal, t.target_value) : Math.max(goal, t.target_value);
}

/** One step for one target, or null (nothing to do now). Steps are small: a day or two of work. */
export function steer(t: SteerTarget, profile: Profile, today: string, nowMs: number, rand: () => number): Move | null {
  if (today < t.start_date || today > t.due_date) return null;
  const whole = WHOLE_UOMS.has(t.uom);
  const round = (v: number): number => (whole ? Math.round(v) : Math.round(v * 10) / 10);
  const span = Math.abs(t.target_value - t.baseline);
  if (t.measure_kind === 'ceiling') {
    // Incidents now and then, while under the pro-rata allowance: a ceiling is not breached by the demo.
    const allowance = expectedValue(toPlan(t), today);
    return t.value + 1 <= allowance * 0.9 && rand() < 0.05 ? { kind: 'increment', value: 1 } : null;
  }
  const goal = demoGoal(t, profile, today, nowMs);
  if (goal === null || span === 0) return null;
  const diff = goal - t.value;
  if (t.measure_kind === 'reading') {
    if (Math.abs(diff) < span * 0.01 || rand() > 0.25) return null;
    const next = readingCap(t, round(t.value + Math.sign(diff) * Math.min(Math.abs(diff), span * 0.04)));
    return next === t.value ? null : { kind: 'reading', value: next };
  }
  if (t.measure_kind !== 'cumulative') return null;
  if (diff > 0) {
    const step = round(Math.min(diff, span * (0.002 + rand() * 0.006)));
    return step > 0 ? { kind: 'increment', value: step } : whole && diff >= 1 ? { kind: 'increment', value: 1 } : null;
  }
  // Well over the (swinging) goal: a report is reviewed and partly taken back, as real checks do.
  if (-diff > span * 0.02 && rand() < 0.3) {
    const back = round(Math.min(-diff, span * 0.01));
    return back > 0 ? { kind: 'takeback', value: back } : null;
  }
  return null;
}
