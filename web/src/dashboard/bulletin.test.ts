import { describe, expect, it } from 'vitest';
import { bulletin } from './bulletin';
import { overview, target } from './test-fixtures';

describe('bulletin', () => {
  const o = overview([
    target('A', { status: 'achieved', pct: 100, value: 100 }),
    target('B', {
      status: 'behind',
      title: '帮助失业青年就业 127 人',
      value: 60.5,
      expected: 88,
      requiredRate: 3.2,
      halfwayFlagged: false,
    }),
    target('C', {
      status: 'stale',
      ownerUnit: 'U-B',
      title: '新增微网格',
      lastOccurredAt: null,
      pct: 10,
      value: 10,
      halfwayFlagged: true,
    }),
    target('D', {
      status: 'overdue',
      ownerUnit: 'U-B',
      title: '建成滨水活力带 4.5 公里',
      uom: '公里',
      value: 3,
      targetValue: 4.5,
      dueDate: '2026-10-31',
    }),
  ]);
  // The server sends the attention order; without one the bulletin ranks by severity itself.
  o.attention = [];
  const b = bulletin(o);
  it('opens with the overall figure and the count per status, in Chinese', () => {
    expect(b.title).toBe('测试街道2026年工作计划执行情况通报');
    expect(b.dateLine).toContain('2026年11月');
    expect(b.summary).toContain('截至2026年11月21日');
    expect(b.summary).toContain('共有目标任务4项');
    expect(b.summary).toContain('加权总体完成率61.5%');
    expect(b.summary).toContain('已完成1项、进度滞后1项、已逾期1项、未按时报送1项');
    expect(b.summary).not.toContain('0项');
  });
  it('judges 时间过半、任务过半 and names the flagged targets with their departments', () => {
    expect(b.halfway).toContain('计划期已过88.0%');
    expect(b.halfway).toContain('总体进度落后于时间进度');
    expect(b.halfway).toContain('新增微网格（社区管理办公室）');
  });
  it('lists the laggards worst first with the department responsible and the rate still needed', () => {
    expect(b.laggards.map((l) => l.code)).toEqual(['D', 'C', 'B']);
    const jobs = b.laggards.find((l) => l.code === 'B')!;
    expect(jobs.unit).toBe('社区服务办公室');
    expect(jobs.text).toContain('需每工作日完成3.2 人');
    expect(jobs.text).toContain('按计划进度应完成88 人');
    expect(b.laggards.find((l) => l.code === 'C')!.text).toContain('尚未报送进度');
    expect(b.laggards[0]!.text).toContain('已于10月31日到期');
  });
  it('writes requirements from what is wrong', () => {
    expect(b.requirements.some((r) => r.startsWith('社区服务办公室要对进度滞后'))).toBe(true);
    expect(b.requirements.some((r) => r.includes('已逾期的1项'))).toBe(true);
    expect(b.requirements.some((r) => r.includes('社区管理办公室有1项目标未按时报送'))).toBe(true);
    expect(b.requirements.at(-1)).toContain('按规定周期如实报送');
  });
  it('says so before half the period has passed', () => {
    const early = bulletin(overview([], { periodElapsed: 0.2, halfway: { applicable: false, flagged: 0 } }));
    expect(early.halfway).toContain('计划期尚未过半');
    expect(early.laggards).toEqual([]);
  });
});
