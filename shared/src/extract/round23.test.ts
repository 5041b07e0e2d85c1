/**
 * Round 23 (issue 20): rules added while reading round 22's documents (x01–x14) after they were
 * measured and folded into tuning. The main one is structural: whose figure it is, settled by the head
 * noun of the clause (a crop or a herd counted in its own measure is the economy's output) rather than
 * by the verb before it. Sentences written for these tests, one behaviour each, with a control that must
 * keep working.
 */
import { describe, expect, it } from 'vitest';
import { found } from './found.testing';

const REPORT = '一、上半年工作完成情况\n';

describe('whose figure: the economy\'s output or the office\'s work', () => {
  it('reads a crop or a herd in its own measure as output in a report, whatever the verb', () => {
    expect(found(`${REPORT}上半年完成水稻种植3200亩、上市蔬菜5100吨,完成生猪4200头、家禽2.4万羽。`)).toEqual([]);
  });

  it('keeps what the office hands out or builds, and work that names no crop', () => {
    expect(found(`${REPORT}向农户发放良种小麦800斤,建蔬菜基地1200亩,完成植树12万株。`)).toEqual([
      [800, '斤'],
      [1200, '亩'],
      [120000, '株'],
    ]);
  });

  it('keeps the same crop as a target in a plan', () => {
    expect(found('二、2025年工作计划\n全年完成水稻种植3200亩。')).toEqual([[3200, '亩']]);
  });

  it('reads a paragraph measured against the year\'s target as a report of the economy', () => {
    const text = '三、主要指标\n工业总产值21000万元,完成全年目标任务的72%;粮食总产达31000吨;农民人均纯收入达5200元。';
    expect(found(text)).toEqual([]);
  });

  it('reads a firm\'s own investment in a report as the economy\'s, and keeps investment the office brought in', () => {
    expect(found(`${REPORT}某某机械有限公司投资2600万元扩建生产线。`)).toEqual([]);
    expect(found(`${REPORT}引进某某机械有限公司投资2600万元。`)).toEqual([[2600, '万元']]);
  });
});

describe('verbs outside the list', () => {
  it('reads a verb written with its alternative in brackets, 新上 and 投保', () => {
    expect(found('今年新(改)建公厕9座,新上产业项目4个。')).toEqual([
      [9, '座'],
      [4, '个'],
    ]);
    expect(found(`${REPORT}为辖区215户低保对象统一投保。`)).toEqual([[215, '户']]);
  });
});
