import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { TargetStatus } from '@luoshi/shared';
import { statusLabel } from '../ui/status';
import { useI18n } from '../i18n/i18n';
import { Rolling } from './Roll';

/** True for `ms` after `value` changed (not on first render): the brief glow of a live change. */
export function useFlash(value: unknown, ms = 2_000): boolean {
  const [flash, setFlash] = useState(false);
  const prev = useRef(value);
  useEffect(() => {
    if (Object.is(prev.current, value)) return;
    const first = prev.current === undefined || prev.current === null;
    prev.current = value;
    // Data arriving for the first time is not a change.
    if (first) return;
    setFlash(true);
    const id = setTimeout(() => setFlash(false), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return flash;
}

/** A number that glows for two seconds when it changes, and rolls to its new value (翻牌器). */
export function Live({ value, children, className = '', testId }: { value: unknown; children: ReactNode; className?: string; testId?: string }) {
  const flash = useFlash(value);
  return (
    <span className={`wl-live ${className} ${flash ? 'is-changed' : ''}`} data-changed={flash || undefined} data-testid={testId}>
      <Rolling value={value}>{children}</Rolling>
    </span>
  );
}

export const STATUS_GLYPH: Record<TargetStatus, string> = {
  achieved: '✔',
  on_track: '●',
  behind: '▲',
  at_risk: '◆',
  overdue: '✖',
  stale: '?',
  not_started: '○',
};

export function StatusTag({ status }: { status: TargetStatus }) {
  const { t } = useI18n();
  return (
    <span className={`wl-status wl-st-${status}`}>
      <span aria-hidden>{STATUS_GLYPH[status]}</span> {t(statusLabel[status])}
    </span>
  );
}

export function Bar({ pct, className = '' }: { pct: number | null; className?: string }) {
  const w = Math.max(0, Math.min(100, pct ?? 0));
  return (
    <span className={`wl-bar ${className}`} aria-hidden>
      <span style={{ width: `${w}%` }} />
    </span>
  );
}

export const pctText = (p: number | null): string => (p === null ? '—' : `${p >= 100 || p === 0 ? Math.round(p) : p.toFixed(1)}`);

/** Width / height of the window, kept current on resize. */
export function useAspect(): number {
  const read = () => (typeof window === 'undefined' ? 16 / 9 : window.innerWidth / Math.max(1, window.innerHeight));
  const [aspect, setAspect] = useState(read);
  useEffect(() => {
    const on = () => setAspect(read());
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return aspect;
}
