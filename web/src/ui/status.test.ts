import { describe, expect, it } from 'vitest';
import { zh } from '../i18n/messages';
import { en } from '../i18n/messages.en';
import { attentionList, isStatus, severity, statusLabel, STATUS_ORDER } from './status';
import { target } from '../dashboard/test-fixtures';

describe('status labels', () => {
  it('names every status in both languages, as the issue spells them in Chinese', () => {
    expect(STATUS_ORDER.map((s) => zh[statusLabel[s]])).toEqual([
      '已完成',
      '正常推进',
      '进度滞后',
      '存在风险',
      '已逾期',
      '未按时报送',
      '未开始',
    ]);
    for (const s of STATUS_ORDER) expect(en[statusLabel[s]]).toBeTruthy();
  });
  it('accepts only known statuses from a URL', () => {
    expect(isStatus('behind')).toBe(true);
    expect(isStatus('late')).toBe(false);
    expect(isStatus(null)).toBe(false);
  });
});

describe('attentionList', () => {
  const ts = [
    target('A', { status: 'behind', statusRatio: 0.9 }),
    target('B', { status: 'on_track' }),
    target('C', { status: 'overdue' }),
    target('D', { status: 'at_risk', statusRatio: 0.5 }),
    target('E', { status: 'stale' }),
    target('F', { status: 'at_risk', statusRatio: 0.2 }),
  ];
  it('keeps only the targets that need a hand, worst first', () => {
    expect(attentionList(ts).map((t) => t.code)).toEqual(['C', 'F', 'D', 'E', 'A']);
  });
  it("follows the server's order where it gives one, then severity for the rest", () => {
    expect(attentionList(ts, ['A', 'E']).map((t) => t.code)).toEqual(['A', 'E', 'C', 'F', 'D']);
  });
  it('ranks statuses outside the list after it', () => {
    expect(severity('overdue')).toBeLessThan(severity('stale'));
    expect(severity('stale')).toBeLessThan(severity('on_track'));
  });
});
