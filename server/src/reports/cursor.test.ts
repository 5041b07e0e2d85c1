import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { before, decodeCursor, encodeCursor, type HistoryCursor } from './cursor';

const cursor = fc.record({
  at: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).chain((d) =>
    fc.integer({ min: 0, max: 999 }).map((us) => d.toISOString().replace(/Z$/, `${String(us).padStart(3, '0')}Z`)),
  ),
  rank: fc.constantFrom(0 as const, 1 as const),
  id: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,20}$/),
  n: fc.bigInt({ min: 1n, max: 10n ** 17n }),
}).map(({ at, rank, id, n }): HistoryCursor => ({ at, rank, key: rank === 1 ? id : String(n) }));

describe('history cursor', () => {
  it('round-trips', () => {
    fc.assert(
      fc.property(cursor, (c) => {
        expect(decodeCursor(encodeCursor(c))).toEqual(c);
      }),
    );
  });

  it('orders totally: newest first, stored before rejected at the same instant, then key descending', () => {
    const at = '2026-06-01T00:00:00.000001Z';
    expect(before({ at, rank: 1, key: 'a' }, { at, rank: 0, key: '9' })).toBe(true);
    expect(before({ at, rank: 0, key: '10' }, { at, rank: 0, key: '9' })).toBe(true); // numeric, not text
    expect(before({ at, rank: 1, key: 'b' }, { at, rank: 1, key: 'a' })).toBe(true);
    expect(before({ at: '2026-06-01T00:00:00.000002Z', rank: 0, key: '1' }, { at, rank: 1, key: 'z' })).toBe(true);
    fc.assert(
      fc.property(cursor, cursor, (a, b) => {
        const same = JSON.stringify(a) === JSON.stringify(b);
        expect(before(a, b) || before(b, a) || same).toBe(true);
        expect(before(a, b) && before(b, a)).toBe(false);
      }),
    );
  });

  it.each(['', 'x', '!!!', Buffer.from('[]').toString('base64url'), Buffer.from('["2026-06-01T00:00:00.000000Z",2,"a"]').toString('base64url'), Buffer.from('["2026-06-01T00:00:00.000000Z",0,"01"]').toString('base64url'), Buffer.from('["2026-06-01T00:00:00.000000Z",1,"a b"]').toString('base64url'), Buffer.from('{"at":1}').toString('base64url'), 'A'.repeat(401)])(
    'refuses %j with invalid_cursor',
    (raw) => {
      expect(() => decodeCursor(raw)).toThrow(expect.objectContaining({ statusCode: 400, code: 'invalid_cursor' }));
    },
  );
});
