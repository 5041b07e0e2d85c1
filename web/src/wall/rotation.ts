import type { ScreenView } from '@luoshi/shared';

/**
 * Which view of the playlist is on screen, from the clock alone: the index and how far its
 * slot has run are a pure function of (start, now, each view's dwell), so a screen that was
 * busy or asleep for a while never drifts or queues up rotations.
 */
export interface RotationState {
  index: number;
  /** 0–1: share of the current slot that has passed (the progress indicator). */
  progress: number;
  /** Milliseconds until the next view. */
  msLeft: number;
  /** Views shown since the start (counts on across cycles): a new slot is a new view even when the playlist has one entry. */
  slot: number;
}

/**
 * The playlist position at `nowMs` for views shown `dwellsMs[i]` each (issue 18.11: a dwell
 * time per view), starting with view 0 at `startMs`. A clock that went back holds view 0.
 */
export function rotationAt(startMs: number, nowMs: number, dwellsMs: readonly number[]): RotationState {
  const count = dwellsMs.length;
  const cycle = dwellsMs.reduce((a, b) => a + b, 0);
  if (count === 0 || !(cycle > 0) || !dwellsMs.every((d) => d > 0)) return { index: 0, progress: 0, msLeft: Infinity, slot: 0 };
  const elapsed = Math.max(0, nowMs - startMs);
  const cycles = Math.floor(elapsed / cycle);
  let into = elapsed - cycles * cycle;
  let index = 0;
  while (index < count - 1 && into >= dwellsMs[index]!) into -= dwellsMs[index++]!;
  const dwell = dwellsMs[index]!;
  return { index, progress: into / dwell, msLeft: dwell - into, slot: cycles * count + index };
}

/** Shortest rotation a URL may ask for (tests use `?rotate=1`; 0.2 s keeps a test fast and the page sane). */
export const MIN_ROTATE_OVERRIDE_S = 0.2;

/** `?rotate=<seconds>` in ms when it is sane, else null (nonsense in the URL is ignored). */
export function rotateOverrideMs(rotateParam: string | null): number | null {
  const o = rotateParam === null || rotateParam.trim() === '' ? NaN : Number(rotateParam);
  return Number.isFinite(o) && o >= MIN_ROTATE_OVERRIDE_S && o <= 3_600 ? Math.round(o * 1000) : null;
}

/**
 * How long each view stays, in ms: its own `dwellSeconds`, else the screen's rotation
 * interval; `?rotate=<seconds>` (for tests and for trying a screen out) sets every view's.
 */
export function dwellsMs(views: readonly Pick<ScreenView, 'dwellSeconds'>[], screenSeconds: number, rotateParam: string | null): number[] {
  const override = rotateOverrideMs(rotateParam);
  return views.map((v) => override ?? Math.max(1, v.dwellSeconds ?? screenSeconds) * 1000);
}

/** `?view=<n>`: a valid 0-based index holds that view still; anything else rotates. */
export function pinnedView(param: string | null, count: number): number | null {
  if (param === null || !/^\d+$/.test(param)) return null;
  const n = Number(param);
  return n < count ? n : null;
}
