import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { plainText, ROLL_MS, rollCells, type RollCell } from './roll';

const reducedMotion = (): boolean => typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

/**
 * One rolling digit: the final digit (invisible) holds the place and the baseline; the strip
 * slides over it, clipped to the cell. The strip's digits are CSS generated content, not DOM
 * text: the number's text is the new value exactly, even while it rolls.
 */
function Cell({ c }: { c: Extract<RollCell, { roll: true }> }) {
  const end = `${(-((c.strip.length - 1) / c.strip.length) * 100).toFixed(4)}%`;
  const style = { '--roll-from': c.up ? '0%' : end, '--roll-to': c.up ? end : '0%', animationDuration: `${ROLL_MS}ms` } as CSSProperties;
  return (
    <span className="wl-roll-cell">
      <span className="wl-roll-final">{c.ch}</span>
      <span className="wl-roll-strip" style={style} data-digits={c.strip.join('\n')} aria-hidden />
    </span>
  );
}

/**
 * A number that rolls to its new value (翻牌器, issue 18.11) when it changes after the first
 * load: for ROLL_MS its changed digits slide through the digits between, then it is plain
 * text again. Its text content is exactly the new value throughout. Children that are not plain text, and screens whose
 * viewers asked for less motion (prefers-reduced-motion), just change.
 */
export function Rolling({ value, children }: { value: unknown; children: ReactNode }) {
  const text = plainText(children);
  const [roll, setRoll] = useState<{ cells: RollCell[]; to: string; n: number } | null>(null);
  const prev = useRef({ value, text });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Before paint: the new value is never drawn as plain text for a frame before it rolls.
  useLayoutEffect(() => {
    const p = prev.current;
    prev.current = { value, text };
    // Data arriving for the first time is not a change; nor is the same text, nor the same value said in another language.
    if (p.text === null || text === null || p.text === text || Object.is(p.value, value) || p.value === null || p.value === undefined) return;
    if (reducedMotion()) return;
    const up = typeof value === 'number' && typeof p.value === 'number' ? value >= p.value : true;
    setRoll((r) => ({ cells: rollCells(p.text!, text, up), to: text, n: (r?.n ?? 0) + 1 }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setRoll(null), ROLL_MS + 60);
  }, [value, text]);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (!roll || roll.to !== text) return <>{children}</>;
  return (
    <span className="wl-roll" key={roll.n} data-rolling="">
      {roll.cells.map((c, i) => (c.roll ? <Cell key={i} c={c} /> : c.ch))}
    </span>
  );
}
