import { describe, expect, it } from 'vitest';
import type { Receipt } from '@luoshi/shared';
import { asReceipts } from './hub';

const ok: Receipt = { eventId: 'e1', target: 'T1', ownerUnit: 'U', outcome: 'rejected', code: 'unknown_event', message: 'x', at: '2026-06-01T00:00:00.000Z' };

describe('asReceipts (what the hub trusts from the bus)', () => {
  it('keeps well-formed receipts of the subject unit only', () => {
    expect(asReceipts([ok, { ...ok, eventId: 'e2', outcome: 'counted', code: null, message: null }], 'U').map((r) => r.eventId)).toEqual(['e1', 'e2']);
    // A receipt claiming another unit than its subject's would reach the wrong room.
    expect(asReceipts([{ ...ok, ownerUnit: 'V' }], 'U')).toEqual([]);
  });

  it.each([null, 'x', {}, [null], [{ ...ok, outcome: 'pending' }], [{ ...ok, eventId: 3 }], [{ ...ok, code: 1 }], [{ ...ok, at: undefined }]])('drops %j', (x) => {
    expect(asReceipts(x, 'U')).toEqual([]);
  });
});
