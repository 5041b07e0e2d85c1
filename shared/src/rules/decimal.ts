import Decimal from 'decimal.js';

/**
 * Exact decimal arithmetic for values people typed (issue 14): 100 × 0.1 is 10 and
 * 4.5 + 0.001 is 4.501, never 9.99999999999998. Numbers cross the wire as JS numbers,
 * whose shortest decimal form (`String(n)`) is what was typed; sums and comparisons go
 * through decimal.js on that form and come back as the nearest double of the exact result.
 * PostgreSQL `numeric` does the same in SQL (the rollups).
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

export type Exact = InstanceType<typeof D>;

export const exact = (n: number | string | Exact): Exact => new D(n);

/** Σ values, exactly, as a number. */
export function sumExact(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s = addExact(s, v);
  return s;
}

/** a + b, exactly, as a number. Whole numbers (most reports) add natively: that is exact. */
export function addExact(a: number, b: number): number {
  const s = a + b;
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(s)) return s;
  return new D(a).plus(b).toNumber();
}

/** a − b, exactly, as a number. */
export const subExact = (a: number, b: number): number => addExact(a, -b);

/**
 * Σ values, exactly, as decimal text for PostgreSQL `numeric` (no rounding to a double on
 * the way: the text is the exact sum of the values as typed). Ingest sums a batch's
 * increments per target and day with this, so PostgreSQL adds a few sums, not every event.
 */
export function sumExactText(values: readonly number[]): string {
  let native = 0;
  let whole = true;
  for (const v of values) {
    native += v;
    if (!Number.isSafeInteger(v) || !Number.isSafeInteger(native)) {
      whole = false;
      break;
    }
  }
  if (whole) return String(native);
  let s = new D(0);
  for (const v of values) s = s.plus(v);
  return s.toFixed();
}
