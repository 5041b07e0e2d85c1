/**
 * Which view of the playlist is on screen, from the clock alone: the index and how far its
 * slot has run are a pure function of (start, now, interval, count), so a screen that was
 * busy or asleep for a while never drifts or queues up rotations.
 */
export interface RotationState {
  index: number;
  /** 0–1: share of the current slot that has passed (the progress indicator). */
  progress: number;
  /** Milliseconds until the next view. */
  msLeft: number;
}

export function rotationAt(startMs: number, nowMs: number, intervalMs: number, count: number): RotationState {
  if (count <= 0 || !(intervalMs > 0)) return { index: 0, progress: 0, msLeft: Infinity };
  const elapsed = Math.max(0, nowMs - startMs);
  const slot = Math.floor(elapsed / intervalMs);
  const into = elapsed - slot * intervalMs;
  return { index: slot % count, progress: into / intervalMs, msLeft: intervalMs - into };
}

/** Shortest rotation a URL may ask for (tests use `?rotate=1`; 0.2 s keeps a test fast and the page sane). */
export const MIN_ROTATE_OVERRIDE_S = 0.2;

/**
 * The rotation interval in ms: the screen's own, unless the URL says `?rotate=<seconds>`
 * (for tests and for trying a screen out). Nonsense in the URL is ignored.
 */
export function rotationMs(screenSeconds: number, rotateParam: string | null): number {
  const o = rotateParam === null || rotateParam.trim() === '' ? NaN : Number(rotateParam);
  if (Number.isFinite(o) && o >= MIN_ROTATE_OVERRIDE_S && o <= 3_600) return Math.round(o * 1000);
  return Math.max(1, screenSeconds) * 1000;
}

/** `?view=<n>`: a valid 0-based index holds that view still; anything else rotates. */
export function pinnedView(param: string | null, count: number): number | null {
  if (param === null || !/^\d+$/.test(param)) return null;
  const n = Number(param);
  return n < count ? n : null;
}
