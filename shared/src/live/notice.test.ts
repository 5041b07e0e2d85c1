import { describe, expect, it } from 'vitest';
import { checkLiveNotice } from './notice';

const update = {
  target: 'TP-JOBS',
  planId: 'P-2026',
  ownerUnit: 'T-JD-A',
  value: 120,
  pct: 40,
  status: 'on_track',
  forecastDate: '2026-11-30',
  lastOccurredAt: '2026-06-01T09:00:00.000Z',
  version: 7,
};
const line = {
  eventId: 'e-1',
  planId: 'P-2026',
  target: 'TP-JOBS',
  targetTitle: '新增就业',
  uom: '人',
  ownerUnit: 'T-JD-A',
  kind: 'increment',
  value: 3,
  occurredAt: '2026-06-01T09:00:00+08:00',
  receivedAt: '2026-06-01T01:00:01.000Z',
  reporter: '张三',
  source: 'web',
  note: null,
  corrects: null,
};
const subject = 'live.P-2026.TP-JOBS';

describe('checkLiveNotice', () => {
  it('passes what ingest publishes', () => {
    expect(checkLiveNotice({ update, activity: [line] }, subject)).toEqual({ ok: true, notice: { update, activity: [line] } });
  });

  it.each([
    ['a forged version far beyond any real one', { update: { ...update, version: 9e15 }, activity: [] }],
    ['a fractional version', { update: { ...update, version: 1.5 }, activity: [] }],
    ['a value of 10^18', { update: { ...update, value: 1e18 }, activity: [] }],
    ['an unknown status', { update: { ...update, status: 'great' }, activity: [] }],
    ['a missing owner unit', { update: { ...update, ownerUnit: undefined }, activity: [] }],
    ['a feed line with a huge value', { update, activity: [{ ...line, value: -1e16 }] }],
    ['not an object', 'hello'],
  ])('drops %s as malformed', (_what, payload) => {
    expect(checkLiveNotice(payload, subject)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('drops a notice published on another target’s subject', () => {
    expect(checkLiveNotice({ update, activity: [] }, 'live.P-2026.TP-OTHER')).toEqual({ ok: false, reason: 'subject_mismatch' });
  });

  it('drops feed lines of another target riding on a real update', () => {
    expect(checkLiveNotice({ update, activity: [{ ...line, target: 'TP-OTHER' }] }, subject)).toEqual({ ok: false, reason: 'foreign_activity' });
  });
});
