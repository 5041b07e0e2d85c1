import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMITMENT_THRESHOLD, extractCandidates, extractCommitments } from './extract';

const only = (text: string) => {
  const found = extractCommitments(text);
  expect(found).toHaveLength(1);
  const [c] = found;
  if (!c) throw new Error('unreachable');
  return c;
};

describe('extractCommitments', () => {
  it('reads verb, quantity, unit, bound and deadline from a plan sentence', () => {
    const c = only('年底前新增养老床位不少于200张。');
    expect(c).toMatchObject({
      verb: '新增',
      value: 200,
      unit: '张',
      deadline: '年底前',
      bound: { words: ['不少于'], comparison: 'at-least' },
    });
    expect(c.confidence).toBeGreaterThanOrEqual(COMMITMENT_THRESHOLD);
  });

  it.each([
    ['力争二季度完成口袋公园改造3个。', '二季度', 3, ['力争']],
    ['6月底前培训社区干部300人次以上。', '6月底前', 300, ['以上']],
    ['年内建成智能车棚20处。', '年内', 20, []],
    ['到2025年累计帮助就业1,200人。', '到2025年', 1200, ['累计']],
  ])('%s', (text, deadline, value, words) => {
    expect(only(text)).toMatchObject({ deadline, value, bound: { words } });
  });

  it('reads a range as its floor and keeps the ceiling', () => {
    expect(only('新建3-5个口袋公园。')).toMatchObject({ value: 3, upTo: 5, bound: { comparison: 'between' } });
    expect(only('力争新增三至五个口袋公园。')).toMatchObject({ value: 3, upTo: 5 });
    expect(only('统一到5个窗口办理。')).toMatchObject({ value: 5, upTo: null });
  });

  it('reports where the sentence and the quantity are, so a UI can highlight them', () => {
    const text = '一、\n稳中求进,推动经济质效新提升\n(一)做大增量\n全年新增企业1.57万家,检查3,842家次。其他。';
    for (const c of extractCommitments(text)) {
      expect(text.slice(c.sentenceSpan.start, c.sentenceSpan.end)).toBe(c.sentence);
      expect(text.slice(c.quantitySpan.start, c.quantitySpan.end)).toBe(c.quantityText);
    }
    expect(extractCommitments(text).map((c) => [c.value, c.unit])).toEqual([
      [15700, '家'],
      [3842, '家次'],
    ]);
  });

  it('gives the section path, joining a marker to its words on the next line', () => {
    const text =
      '2023年工作计划\n一、\n稳中求进,推动经济质效新提升\n(一)做大增量,强力招商引资\n1、引进企业\n全年引进企业30家。';
    expect(only(text).sectionPath).toEqual([
      '2023年工作计划',
      '一、稳中求进,推动经济质效新提升',
      '(一)做大增量,强力招商引资',
      '1、引进企业',
    ]);
  });

  it('closes deeper sections when a shallower heading starts', () => {
    const text = '一、甲\n(一)乙\n完成改造5处。\n二、丙\n新建站点8个。';
    expect(extractCommitments(text).map((c) => c.sectionPath)).toEqual([['一、甲', '(一)乙'], ['二、丙']]);
  });

  it('shows a numbered item by its first clause, and a heading ending in 。 in full', () => {
    const text =
      '(一)汇集民智,打造人民城市新范例。\n1、全年完成旧住房综合修缮改造12.5万平方米,新增公共停车泊位不少于300个。';
    expect(extractCommitments(text).map((c) => c.sectionPath)).toEqual([
      ['(一)汇集民智,打造人民城市新范例', '1、全年完成旧住房综合修缮改造12.5万平方米'],
      ['(一)汇集民智,打造人民城市新范例', '1、全年完成旧住房综合修缮改造12.5万平方米'],
    ]);
  });

  it('does not cut a numbered item at a comma that groups digits', () => {
    const text = '一、安全\n(二)开展安全生产检查2,400家次,隐患整改率达到100%。\n(三)新建微型消防站12,改造站点3个,新增床位1,20张。';
    const paths = extractCandidates(text).map((c) => c.sectionPath.at(-1));
    expect(paths[0]).toBe('(二)开展安全生产检查2,400家次');
    // A comma before anything but exactly three digits ends the clause, as the number reader has it.
    expect(paths.at(-1)).toBe('(三)新建微型消防站12');
  });

  it('applies a deadline stated in another clause of the sentence', () => {
    expect(only('投资1.2亿元实施雨污分流改造,三季度前完成。')).toMatchObject({
      value: 1.2,
      unit: '亿元',
      deadline: '三季度前',
    });
  });

  it('does not take a hedged figure with no verb as a target (常住人口约10万人)', () => {
    expect(extractCommitments('辖区共有居民区32个,常住人口约10万人。')).toEqual([]);
  });

  it('carries a verb across a clause that has none (新增…10家,…12家)', () => {
    const found = extractCommitments('新增专精特新企业10家,小巨人企业12家。');
    expect(found.map((c) => [c.value, c.verb])).toEqual([
      [10, '新增'],
      [12, '新增'],
    ]);
  });

  it.each([
    ['2023年是全面贯彻落实党的二十大精神的开局之年。', 'a year'],
    ['会议于3月31日召开,6月1日结束。', 'dates'],
    ['咨询电话:021-65432100,13812345678。', 'phone numbers'],
    ['全面落实优化营商环境6.0版方案,出台“万事皆靠谱”5.0版本。', 'version numbers'],
    ['完成第五届社区代表大会提出的目标任务,名列全市第二名。', 'ordinals and ranks'],
    ['街道机关、居民区党组织的103名党员代表参加会议。', 'meeting attendance'],
    ['1、发展激活动力源\n(2)完善机制', 'list markers'],
    ['成立一个联盟,组建一支队伍,打造一批品牌。', '一 as an article'],
    ['壮大党员先锋队、青年突击队、“社区达人”三支队伍。', 'a set phrase'],
    ['“每年300万元的社区公共收益收支账”项目荣获十佳。', 'a quoted name'],
    ['在10个网格片区逐级包保工作机制基础上,深入推进治理。', 'background'],
    ['相关工作获评全国“枫桥经验”100个优秀案例。', 'the size of an award list'],
    ['落实“12345”热线首办责任制,推进三门路358弄改造。', 'a hotline and an address'],
  ])('takes nothing from %s (%s)', (text) => {
    expect(extractCommitments(text)).toEqual([]);
  });

  it('still lists rejected figures as low-confidence candidates, with the reason', () => {
    const [c] = extractCandidates('街道机关、居民区党组织的103名党员代表参加会议。');
    expect(c?.confidence).toBeLessThan(COMMITMENT_THRESHOLD);
    expect(c?.signals).toContain('attendance');
  });

  it('keeps the deliverable and drops the count that qualifies it (7个领域13个项目)', () => {
    expect(only('开展7个领域13个公益项目。')).toMatchObject({ value: 13, unit: '个' });
  });

  it('never throws and keeps every span inside the text, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'一二十百万0123456789.,、。个人年万元%“”\n (一)完成新增第') }),
        (text) => {
          for (const c of extractCandidates(text)) {
            expect(text.slice(c.quantitySpan.start, c.quantitySpan.end)).toBe(c.quantityText);
            expect(c.confidence).toBeGreaterThanOrEqual(0);
            expect(c.confidence).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});
