/**
 * 翻牌器 counters (issue 18.11): when a number on the wall changes live, each digit that
 * changed rolls from its old to its new value, like an odometer, instead of jumping. This is
 * the pure part: which characters roll, through which digits, in which direction.
 */

export const ROLL_MS = 600;

export type RollCell =
  /** A character that stays (or appears) as it is. */
  | { roll: false; ch: string }
  /**
   * A digit that rolls: `strip` top to bottom as drawn; the cell shows `strip[0]` at the
   * start and the last one at the end when `up`, the other way round when not. `ch` is the
   * final character (what the cell reads when the roll is over).
   */
  | { roll: true; ch: string; strip: string[]; up: boolean };

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Where the number's units end: its decimal point, else the end of its first run of digits. */
function anchor(s: string): number {
  const first = [...s].findIndex(isDigit);
  if (first < 0) return s.length;
  let i = first;
  while (i < s.length && (isDigit(s[i]!) || s[i] === ',')) i++;
  return i;
}

/** Digits from `a` to `b` stepping up (9 → 0 wraps) or down, both ends included. */
function steps(a: number, b: number, up: boolean): string[] {
  const out = [String(a)];
  for (let d = a; d !== b; ) {
    d = up ? (d + 1) % 10 : (d + 9) % 10;
    out.push(String(d));
  }
  return out;
}

/**
 * The cells of a roll from text `from` to text `to` (as the wall formats them: "93.8",
 * "1,234", "18.42万"). The two are lined up at their decimal points, so units roll over
 * units; digits that differ roll (upwards when the value grew), a digit with nothing above
 * it rolls in from 0, everything else is `to`'s character as it is. Joining the cells' `ch`
 * always gives `to` exactly.
 */
export function rollCells(from: string, to: string, up: boolean): RollCell[] {
  const fa = anchor(from);
  const ta = anchor(to);
  const width = Math.max(fa, ta);
  const fromInt = from.slice(0, fa).padStart(width, ' ');
  const fromFrac = from.slice(fa);
  const cells: RollCell[] = [];
  const toChars = [...to.slice(0, ta).padStart(width, '\0'), ...to.slice(ta)];
  const fromChars = [...fromInt, ...fromFrac];
  toChars.forEach((ch, i) => {
    if (ch === '\0') return; // a place the old number had and the new one has not
    const was = fromChars[i] ?? ' ';
    if (!isDigit(ch) || was === ch) return void cells.push({ roll: false, ch });
    const a = isDigit(was) ? Number(was) : 0;
    const b = Number(ch);
    if (a === b) return void cells.push({ roll: false, ch });
    const path = steps(a, b, up);
    cells.push({ roll: true, ch, strip: up ? path : path.reverse(), up });
  });
  return cells;
}

/** Plain text of a Live number's children ("93.8", ["93.8", "%"]), or null when they are not plain text. */
export function plainText(children: unknown): string | null {
  if (typeof children === 'string' || typeof children === 'number') return String(children);
  if (Array.isArray(children) && children.every((c) => typeof c === 'string' || typeof c === 'number')) return children.join('');
  return null;
}
