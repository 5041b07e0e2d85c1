import { describe, expect, it } from 'vitest';
import { idConflictMessage, natsMsgId, sameEventContent } from './identity';

const e = { target: 'T1', kind: 'increment', value: 3, occurredAt: '2026-03-02T09:00:00+08:00', note: 'a' };

describe('event identity', () => {
  it('treats a resend as the same content, whatever the time offset or the stored shapes', () => {
    expect(sameEventContent(e, { ...e })).toBe(true);
    // Stored rows: numeric as text, timestamptz as a Date, absent fields as null.
    expect(sameEventContent({ ...e, value: '3', occurredAt: new Date('2026-03-02T01:00:00Z'), evidence: null }, e)).toBe(true);
  });

  it('tells other content apart: value, time, note, target, corrects', () => {
    expect(sameEventContent(e, { ...e, value: 3.0000001 })).toBe(false);
    expect(sameEventContent(e, { ...e, occurredAt: '2026-03-02T09:00:01+08:00' })).toBe(false);
    expect(sameEventContent(e, { ...e, note: undefined })).toBe(false);
    expect(sameEventContent(e, { ...e, target: 'T2' })).toBe(false);
    expect(sameEventContent(e, { ...e, corrects: 'x' })).toBe(false);
  });

  it('scopes the NATS de-duplication key and names the id in a conflict', () => {
    expect(natsMsgId('U-A', 'grid-1')).toBe('U-A:grid-1');
    expect(natsMsgId('U-A', 'grid-1')).not.toBe(natsMsgId('U-B', 'grid-1'));
    expect(idConflictMessage({ id: 'grid-1' }, 'U-A')).toContain('grid-1');
  });
});
