/**
 * Round 21 (issue 20): rules added while reading round 20's documents (v01–v08) after they were
 * measured and folded into tuning. Sentences written for these tests, one behaviour each.
 */
import { describe, expect, it } from 'vitest';
import { found } from './found.testing';


describe('a results page with no heading', () => {
  it('reads completion rates and differences to a line as achievements once 与去年同期相比 says it reports', () => {
    const text =
      '今年以来,全县就业工作稳步推进。\n' +
      '全县新增就业3200人,与去年同期相比增长8.5%,完成目标任务的128%;培训农民工1500人,完成目标任务的110%。\n' +
      '城镇登记失业率为2.9%,与去年相比降低0.2个百分点,低于市控线1.1个百分点。';
    expect(found(text)).toEqual([
      [3200, '人'],
      [1500, '人'],
    ]);
  });

  it('never takes 完成…的N% as a target, even in a plan', () => {
    expect(found('力争上半年完成全年目标任务的60%。')).toEqual([]);
  });

  it('never takes a difference to a control line, even in a plan, and keeps the planned change beside it', () => {
    expect(found('年内城镇登记失业率降低0.3个百分点,低于省控制线0.5个百分点。')).toEqual([[0.3, '个百分点']]);
  });

  it('takes the year target a result is compared with', () => {
    expect(found('截至9月底,城镇登记失业率控制在2.8%,比年目标任务3.5%低0.7个百分点。')).toEqual([[3.5, '%']]);
  });
});

describe('work not yet delivered in a progress report', () => {
  it('leaves figures a closing status puts at tender stage, and keeps work done in the next sentence', () => {
    const text = '上半年新增高标准农田项目12个约2100亩,均已完成招投标。完成土地测绘800亩。';
    expect(found(text)).toEqual([[800, '亩']]);
  });

  it('leaves planned money of a project under way, and the value of a finished tender', () => {
    expect(found('活动中心计划投资300万元,目前正在装修中。桌椅等设备已完成招标,总投资26万元。')).toEqual([]);
  });

  it('keeps planned money paired with the money spent in a completion report', () => {
    expect(found('2023年民生实事项目完成情况\n该项目计划投资500万元,建设道路3公里。完成项目投资500万元,已全面完工。')).toContainEqual([500, '万元']);
  });
});

describe('counts without a listed verb', () => {
  it('takes a 共计 total whatever the verb, also after a 其中', () => {
    expect(found('全镇申报路灯项目30个村,其中2个村自行采购,其余28个村统一采购共计860盏。')).toContainEqual([860, '盏']);
  });

  it('takes an item of a semicolon enumeration of results that opens with its count', () => {
    expect(found('今年以来,新增停车位300个;12条小巷换了新颜;9栋老楼穿上“新衣”。')).toEqual([
      [300, '个'],
      [12, '条'],
      [9, '栋'],
    ]);
  });

  it('takes people kept in the area (留下) as an outcome', () => {
    expect(found('今年以来,全区留下高校毕业生5200人。')).toEqual([[5200, '人']]);
  });

  it('leaves the items a free-of-charge policy covers', () => {
    expect(found('实施殡葬5项基本服务免费,新建公益性公墓3个。')).toEqual([[3, '个']]);
  });
});
