import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkEvent, decodeEvent, notFuture } from './schema';

const now = new Date('2025-06-01T00:00:00Z');
const good = { id: 'e-1', target: 'WJC-T01', kind: 'increment', value: 3, occurredAt: '2025-05-31T10:00:00+08:00' };
const enc = (s: string) => new TextEncoder().encode(s);

describe('checkEvent', () => {
  it('accepts a well-formed increment', () => {
    const r = checkEvent(good, now);
    expect(r.ok).toBe(true);
  });

  it.each([
    [{ ...good, value: 'three' }, 'invalid_schema', 'value'],
    [{ ...good, kind: 'delete' }, 'invalid_schema', 'kind'],
    [{ ...good, target: 'a.b' }, 'invalid_schema', 'target'],
    [{ ...good, extra: 1 }, 'invalid_schema', ''],
    [{ ...good, value: -1 }, 'invalid_value', 'negative'],
    [{ ...good, value: 1e13 }, 'invalid_value', 'usable'],
    [{ ...good, occurredAt: '2025-05-31T10:00:00' }, 'invalid_schema', 'time zone'],
    [{ ...good, occurredAt: 'yesterday at 10Z' }, 'invalid_schema', 'ISO'],
    [{ ...good, occurredAt: '2025-02-30T10:00:00Z' }, 'invalid_schema', 'real date'],
    [{ ...good, occurredAt: '2025-06-02T00:00:00Z' }, 'future_date', 'future'],
    [{ ...good, kind: 'correction', value: -3 }, 'invalid_schema', 'corrects'],
    [{ ...good, kind: 'correction', value: -3, corrects: 'e-0' }, 'invalid_schema', 'reason'],
    [{ ...good, kind: 'correction', value: -3, corrects: 'e-0', reason: '  ' }, 'invalid_schema', 'reason'],
    [{ ...good, uom: '' }, 'invalid_schema', 'uom'],
  ])('refuses %j with %s', (raw, code, hint) => {
    const r = checkEvent(raw, now);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message).toContain(hint);
    }
  });

  it('accepts a correction with its reason, and a unit of measure (checked against the target at ingest)', () => {
    expect(checkEvent({ ...good, kind: 'correction', value: -3, corrects: 'e-0', reason: '重复统计' }, now).ok).toBe(
      true,
    );
    expect(checkEvent({ ...good, uom: '人' }, now).ok).toBe(true);
  });

  it('allows a small clock skew into the future', () => {
    expect(checkEvent({ ...good, occurredAt: '2025-06-01T00:04:00Z' }, now).ok).toBe(true);
  });
});

describe('the clock check apart (the ingest intake thread decodes without the clock)', () => {
  it('decoded without a clock, an event dated ahead passes until notFuture applies the clock', () => {
    const ahead = { ...good, occurredAt: '2025-06-02T00:00:00Z' };
    expect(checkEvent(ahead, null).ok).toBe(true);
    expect(notFuture(checkEvent(ahead, null), now)).toEqual(checkEvent(ahead, now));
  });

  it('gives the same verdict, code and sentence as checking with the clock, for any date and clock', () => {
    const day = 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: -3 * day, max: 3 * day }),
        fc.integer({ min: -10 * 60_000, max: 10 * 60_000 }),
        fc.constantFrom('Z', '+08:00', '-05:00'),
        fc.boolean(),
        (shift, skew, zone, broken) => {
          const at = new Date(now.getTime() + shift + skew);
          const local = zone === 'Z' ? at : new Date(at.getTime() + (zone === '+08:00' ? 8 : -5) * 3_600_000);
          const occurredAt = local.toISOString().slice(0, 19) + zone;
          const raw = broken ? { ...good, occurredAt, value: -1 } : { ...good, occurredAt };
          expect(notFuture(checkEvent(raw, null), now)).toEqual(checkEvent(raw, now));
        },
      ),
    );
  });
});

describe('decodeEvent', () => {
  it('refuses bytes that are not JSON', () => {
    const r = decodeEvent(enc('{not json'), now);
    expect(r).toMatchObject({ ok: false, code: 'invalid_json' });
  });
  it('refuses invalid UTF-8', () => {
    const r = decodeEvent(new Uint8Array([0xff, 0xfe, 0x7b]), now);
    expect(r).toMatchObject({ ok: false, code: 'invalid_json' });
  });
  it('decodes a good payload', () => {
    expect(decodeEvent(enc(JSON.stringify(good)), now).ok).toBe(true);
  });
});
