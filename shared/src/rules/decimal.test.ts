import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addExact, sumExact, sumExactText } from './decimal';

/** A value as people type it: up to 4 fraction digits, sign either way. */
const typed = fc.tuple(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.integer({ min: 0, max: 4 })).map(([n, d]) => Number((n / 10 ** d).toFixed(d)));

/** The exact sum in units of 10^-4, by BigInt: the oracle. */
const scaled = (v: number): bigint => BigInt(Math.round(v * 10_000));
const text = (units: bigint): string => {
  const neg = units < 0n;
  const a = neg ? -units : units;
  const whole = a / 10_000n;
  const frac = (a % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return `${neg && a !== 0n ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
};

describe('exact sums', () => {
  it('100 × 0.1 is 10 and 4.5 + 0.001 is 4.501', () => {
    expect(sumExactText(Array(100).fill(0.1))).toBe('10');
    expect(sumExact(Array(100).fill(0.1))).toBe(10);
    expect(sumExactText([4.5, 0.001])).toBe('4.501');
    expect(addExact(4.5, 0.001)).toBe(4.501);
  });

  it('whole numbers stay whole, and a sum past 2^53 is still exact', () => {
    expect(sumExactText([1, 2, 3])).toBe('6');
    expect(sumExactText([])).toBe('0');
    expect(sumExactText([Number.MAX_SAFE_INTEGER, 2])).toBe('9007199254740993');
  });

  it('sumExactText equals the exact decimal sum of any typed values', () => {
    fc.assert(
      fc.property(fc.array(typed, { maxLength: 200 }), (values) => {
        expect(sumExactText(values)).toBe(text(values.reduce((s, v) => s + scaled(v), 0n)));
      }),
    );
  });
});
