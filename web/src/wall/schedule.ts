import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Milliseconds from `nowMs` to the next hh:mm in China time (a full day when it is exactly now). */
export function msUntilChinaTime(nowMs: number, hh: number, mm: number): number {
  const local = (nowMs + CHINA_OFFSET_MS) % DAY_MS;
  const at = (hh * 60 + mm) * 60_000;
  const d = at - local;
  return d > 0 ? d : d + DAY_MS;
}

/** The nightly soft reload: 03:30 China time, when nobody watches and the plan is quiet. */
export const RELOAD_AT = { hh: 3, mm: 30 } as const;

/**
 * A wall runs for weeks (issue 18.11):
 *  - at China midnight the day rolls over without a reload: the plan's figures (asOf, "today",
 *    pace) are asked for again; the clock in the status bar rolls by itself;
 *  - every night at RELOAD_AT it reloads, to pick up a new version and shed whatever a
 *    browser gathers in weeks, but softly: only when the server answers, else it tries
 *    again in a minute, so a wall never reloads into a browser error page.
 */
export function useWallSchedule(): void {
  const qc = useQueryClient();
  useEffect(() => {
    let midnight: ReturnType<typeof setTimeout>;
    const rollOver = (): void => {
      void qc.invalidateQueries();
      midnight = setTimeout(rollOver, msUntilChinaTime(Date.now(), 0, 0) + 1_000);
    };
    midnight = setTimeout(rollOver, msUntilChinaTime(Date.now(), 0, 0) + 1_000);

    let nightly: ReturnType<typeof setTimeout>;
    const reload = async (): Promise<void> => {
      try {
        const res = await fetch('/', { cache: 'no-store' });
        if (res.ok) {
          window.location.reload();
          return;
        }
      } catch {
        // server away: not now
      }
      nightly = setTimeout(() => void reload(), 60_000);
    };
    nightly = setTimeout(() => void reload(), msUntilChinaTime(Date.now(), RELOAD_AT.hh, RELOAD_AT.mm));
    return () => {
      clearTimeout(midnight);
      clearTimeout(nightly);
    };
  }, [qc]);
}
