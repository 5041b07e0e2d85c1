import { describe, expect, it } from 'vitest';
import { extractCandidates } from '../extract/extract';
import { checkPlanDraft, fieldOf, planDraftErrors, type PublishPlanRequest } from './plan-import';
import {
  resolveDeadline,
  sectionsFromPaths,
  splitHeading,
  suggestMeasureKind,
  suggestOwner,
  suggestPeriod,
  suggestTitle,
  toImportCandidate,
} from './plan-import-suggest';

const good = (): PublishPlanRequest => ({
  plan: { title: '测试街道2026年工作计划', ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31' },
  sections: [
    { key: 's1', label: '一、', title: '民生' },
    { key: 's2', parentKey: 's1', label: '（一）', title: '就业' },
  ],
  targets: [
    {
      title: '帮助失业青年就业',
      uom: '人',
      targetValue: 127,
      ownerUnit: 'T-JD-A',
      dueDate: '2026-12-31',
      sectionKey: 's2',
    },
  ],
});

describe('checkPlanDraft', () => {
  it('accepts a well-formed draft', () => {
    expect(planDraftErrors(good())).toEqual([]);
    expect(checkPlanDraft(good()).ok).toBe(true);
  });

  it.each([
    ['empty plan title', (d: PublishPlanRequest) => (d.plan.title = '  '), 'empty_title', 'plan.title'],
    ['empty target title', (d: PublishPlanRequest) => (d.targets[0]!.title = ''), 'empty_title', 'targets[0].title'],
    [
      'negative value',
      (d: PublishPlanRequest) => (d.targets[0]!.targetValue = -5),
      'invalid_target_value',
      'targets[0].targetValue',
    ],
    [
      'zero value',
      (d: PublishPlanRequest) => (d.targets[0]!.targetValue = 0),
      'invalid_target_value',
      'targets[0].targetValue',
    ],
    [
      'NaN value',
      (d: PublishPlanRequest) => (d.targets[0]!.targetValue = NaN),
      'invalid_target_value',
      'targets[0].targetValue',
    ],
    [
      'infinite value',
      (d: PublishPlanRequest) => (d.targets[0]!.targetValue = Infinity),
      'invalid_target_value',
      'targets[0].targetValue',
    ],
    [
      'malformed unit',
      (d: PublishPlanRequest) => (d.targets[0]!.ownerUnit = ''),
      'unknown_unit',
      'targets[0].ownerUnit',
    ],
    [
      'due after the period',
      (d: PublishPlanRequest) => (d.targets[0]!.dueDate = '2027-01-01'),
      'due_outside_period',
      'targets[0].dueDate',
    ],
    [
      'due before the period',
      (d: PublishPlanRequest) => (d.targets[0]!.dueDate = '2025-12-31'),
      'due_outside_period',
      'targets[0].dueDate',
    ],
    [
      'no such day',
      (d: PublishPlanRequest) => (d.targets[0]!.dueDate = '2026-02-30'),
      'invalid_date',
      'targets[0].dueDate',
    ],
    [
      'start after due',
      (d: PublishPlanRequest) => ((d.targets[0]!.startDate = '2026-12-31'), (d.targets[0]!.dueDate = '2026-06-30')),
      'invalid_date',
      'targets[0].startDate',
    ],
    [
      'reversed period',
      (d: PublishPlanRequest) => (d.plan.periodEnd = '2025-12-31'),
      'invalid_period',
      'plan.periodEnd',
    ],
    [
      'unknown section',
      (d: PublishPlanRequest) => (d.targets[0]!.sectionKey = 'nope'),
      'unknown_section',
      'targets[0].sectionKey',
    ],
    ['no targets', (d: PublishPlanRequest) => (d.targets = []), 'no_targets', 'targets'],
  ])('refuses %s with a specific code naming the field', (_name, mutate, code, field) => {
    const d = good();
    mutate(d);
    const r = checkPlanDraft(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code, field });
    expect(r.error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('reports each bad field once, so a form can mark every row', () => {
    const d = good();
    d.targets.push({ ...d.targets[0]!, title: '', targetValue: -1 });
    d.targets.push({ ...d.targets[0]!, dueDate: '2030-01-01' });
    expect(planDraftErrors(d).map((e) => [e.code, e.field])).toEqual([
      ['empty_title', 'targets[1].title'],
      ['invalid_target_value', 'targets[1].targetValue'],
    ]);
  });

  it('writes paths as a reader does', () => {
    expect(fieldOf('/targets/2/dueDate')).toBe('targets[2].dueDate');
    expect(fieldOf('/plan/title')).toBe('plan.title');
  });
});

describe('resolveDeadline', () => {
  const p = ['2026-01-01', '2026-12-31'] as const;
  it.each([
    [null, '2026-12-31'],
    ['年底前', '2026-12-31'],
    ['年内', '2026-12-31'],
    ['上半年', '2026-06-30'],
    ['二季度', '2026-06-30'],
    ['第3季度末', '2026-09-30'],
    ['6月底前', '2026-06-30'],
    ['2月底', '2026-02-28'],
    ['9月中旬', '2026-09-20'],
    ['6月前', '2026-05-31'],
    ['10月15日前', '2026-10-15'],
    ['到2025年', '2026-12-31'], // before the period: falls back to its end
    ['到2026年', '2026-12-31'],
    ['三年内', '2026-12-31'],
  ])('%s → %s', (d, due) => expect(resolveDeadline(d, ...p)).toBe(due));
});

describe('suggestPeriod', () => {
  it.each([
    ['城东街道2027年工作要点', '2027-01-01', '2027-12-31'],
    ['五角场街道办事处 2026 年工作计划', '2026-01-01', '2026-12-31'],
    ['某镇2026年工作总结及2027年工作计划', '2027-01-01', '2027-12-31'],
    ['某街道2020年下半年工作计划', '2020-07-01', '2020-12-31'],
    ['某街道2021年上半年重点工作', '2021-01-01', '2021-06-30'],
    ['2025年第二季度工作安排', '2025-04-01', '2025-06-30'],
    ['2025年度第4季度计划', '2025-10-01', '2025-12-31'],
    ['某区2026—2028年三年行动计划', '2026-01-01', '2028-12-31'],
    ['某区2026-2030年规划', '2026-01-01', '2030-12-31'],
    ['2026年至2027年养老服务方案', '2026-01-01', '2027-12-31'],
  ])('%s → %s … %s', (title, periodStart, periodEnd) => expect(suggestPeriod(title)).toEqual({ periodStart, periodEnd }));

  it.each([
    '某街道工作计划', // no year: the form keeps its default
    '某街道“十四五”规划', // a plan period named by number, not by year
    '1998年工作计划', // outside the years a plan here is written for
  ])('%s → null', (title) => expect(suggestPeriod(title)).toBeNull());

  it('takes no period from a span longer than a five-year plan, or a backwards one', () => {
    expect(suggestPeriod('2020—2035年远景目标')).toBeNull();
    expect(suggestPeriod('2027—2026年')).toBeNull();
  });
});

describe('suggestions', () => {
  it('titles a candidate with the commitment itself, from its verb, without stray line breaks', () => {
    const [c] = extractCandidates('坚持民生优先,街道全年完成“美丽家\n园”改造30万平方米,新增养老床位152张。');
    expect(c).toBeDefined();
    expect(suggestTitle(c!)).toBe('完成“美丽家园”改造30万平方米');
    expect(toImportCandidate(c!, 0)).toMatchObject({
      index: 0,
      value: 300000,
      unit: '平方米',
      suggestedMeasureKind: 'cumulative',
    });
  });

  it('gives a bare count the verb of the clause before it', () => {
    const cs = extractCandidates('新增国家级“专精特新”企业10家,小巨人企业12家。');
    expect(suggestTitle(cs[1]!)).toBe('新增小巨人企业12家');
  });

  it('narrows a list of figures to the item of each, and drops frames and list markers', () => {
    const cs = extractCandidates('2.优质教育综合提升工程。创成省现代化学校6所、省一级幼儿园4所。\n3.*在居民小区增配125台自动式体外除颤器(AED)');
    expect(cs.map(suggestTitle)).toEqual(['创成省现代化学校6所', '创成省一级幼儿园4所', '增配125台自动式体外除颤器(AED)']);
    // The examples: a space before the measure word, and a title that was a raw fragment.
    const framed = extractCandidates('在10个网格片区逐级包保工作机制基础上,全年帮助失业青年就业 127 人。');
    expect(framed.map((c) => [c.value, c.confidence >= 0.5])).toEqual([[10, false], [127, true]]);
    expect(suggestTitle(framed[1]!)).toBe('帮助失业青年就业 127 人');
    expect(extractCandidates('新增志愿者 500 名。').map((c) => [c.value, c.unit, suggestTitle(c)])).toEqual([[500, '名', '新增志愿者 500 名']]);
  });

  it('suggests the owner the plan names: in the sentence, after it in the paragraph, or in a heading', () => {
    const text =
      '1.医疗服务能力提升工程。新增或改扩建村卫生室10家。(牵头领导:庞超静,责任单位:区卫生健康局)\n' +
      '(二)平安建设(牵头科室:平安办)\n开展消防检查300次。\n由城管科负责整治占道经营50处。\n新增绿化1000平方米。';
    const owners = extractCandidates(text).map((c) => suggestOwner(c, text));
    expect(owners).toEqual(['区卫生健康局', '平安办', '城管科', '平安办']);
    expect(suggestOwner(extractCandidates('新增绿化1000平方米。')[0]!, '新增绿化1000平方米。')).toBeNull();
  });

  it('suggests a ceiling for a cap and a reading for a rate', () => {
    expect(suggestMeasureKind({ unit: '起', bound: { words: ['不超过'], comparison: 'at-most' } })).toBe('ceiling');
    expect(suggestMeasureKind({ unit: '%', bound: { words: [], comparison: 'exactly' } })).toBe('reading');
    const kinds = extractCandidates('失业登记人数控制在732人以内;重大慢病过早死亡率降至9.3%;全区千人托位数达4.2个;人均预期寿命达82.4岁;新增托位400个。').map(suggestMeasureKind);
    expect(kinds).toEqual(['ceiling', 'ceiling', 'reading', 'reading', 'cumulative']);
  });

  it('splits heading markers', () => {
    expect(splitHeading('二、把握机遇,迈上基层治理新台阶')).toEqual({
      label: '二、',
      title: '把握机遇,迈上基层治理新台阶',
    });
    expect(splitHeading('(一)聚焦机制建设')).toEqual({ label: '(一)', title: '聚焦机制建设' });
    expect(splitHeading('完善网格治理机制')).toEqual({ label: '', title: '完善网格治理机制' });
  });

  it('builds sections from paths, parents first, dropping the shared document title', () => {
    const paths = [
      ['五角场街道2023年工作计划', '一、经济', '(一)招商'],
      ['五角场街道2023年工作计划', '一、经济', '(二)营商'],
      ['五角场街道2023年工作计划', '二、治理'],
    ];
    const { sections, keyOf } = sectionsFromPaths(paths);
    expect(sections).toEqual([
      { key: 's1', label: '一、', title: '经济' },
      { key: 's2', parentKey: 's1', label: '(一)', title: '招商' },
      { key: 's3', parentKey: 's1', label: '(二)', title: '营商' },
      { key: 's4', label: '二、', title: '治理' },
    ]);
    expect(paths.map(keyOf)).toEqual(['s2', 's3', 's4']);
    expect(keyOf([])).toBeUndefined();
  });
});
