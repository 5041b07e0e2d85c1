/**
 * Round 26 (issue 20): rules added while reading round 24's held-out plans (z01–z12) after they were measured
 * and folded into tuning. They are rules of the plan genre (plans.ts and extract.ts): a project's budget
 * itemised around its total, the money a project needs and the part of it raised or missing, a project list's
 * size beside its total, a list whose one verb comes last, a building's size, a forecast, a plan's background in
 * an earlier year. Sentences written for these tests, one behaviour each, with a control that must keep working.
 */
import { describe, expect, it } from 'vitest';
import { found } from './found.testing';

const PLAN = '二、2027年工作计划\n';

describe('a project\'s budget in a plan', () => {
  it('counts the stated total and not the cost items that make it up, before or after it', () => {
    expect(found(`${PLAN}征收土地60亩补偿210万元,管线迁改费用380万元,桥梁工程费用1260万元,预计总投资1850万元,实施滨河桥新建工程。`)).toEqual([
      [60, '亩'],
      [1850, '万元'],
    ]);
    expect(found(`${PLAN}新建文化广场一处,总投资800万元,镇村配套120万元,争取上级补助680万元。`)).toEqual([[800, '万元']]);
    // Control: two projects each with its own total keep both totals.
    expect(found(`${PLAN}新建A路,总投资500万元;改造B路,总投资300万元。`)).toEqual([
      [500, '万元'],
      [300, '万元'],
    ]);
    // Control: money done against the total is its result, and counts.
    expect(found('年度总投资3000万元的8个项目完成投资1900万元。')).toEqual([
      [3000, '万元'],
      [8, '个'],
      [1900, '万元'],
    ]);
  });

  it('counts the money a project needs, not its funding gap or the share already raised', () => {
    expect(found(`${PLAN}今年拟对该渠段清淤护坡,预计需资金35万元,恳请上级给予支持。`)).toEqual([[35, '万元']]);
    expect(found(`${PLAN}预计需加固资金52万元,村里已自筹投入12万元,尚缺口40万元。`)).toEqual([[52, '万元']]);
    expect(found(`${PLAN}计划安装路灯320盏,需上级帮助解决48万元缺口资金。`)).toEqual([[320, '盏']]);
    // Control: money raised by the villages that is the project's only money is its budget.
    expect(found(`${PLAN}计划对主街420延长米进行排水改造,村组自筹9万元。`)).toEqual([
      [420, '延长米'],
      [9, '万元'],
    ]);
  });

  it('reads a count of projects stated with their total money as the list\'s size', () => {
    expect(found(`${PLAN}三年行动计划项目共6个,总投资18000万元。`)).toEqual([[18000, '万元']]);
    expect(found(`${PLAN}计划实施项目5个,预计总投资7200万元。`)).toEqual([[7200, '万元']]);
    // Control: projects counted with a verb and no total are still counted.
    expect(found(`${PLAN}年内新开工项目12个。`)).toEqual([[12, '个']]);
  });
});

describe('a plan\'s specifications and lists', () => {
  it('takes a list whose only verb comes at the end of the sentence, and leaves the widths', () => {
    expect(found(`${PLAN}长2400米、宽24米,新占土地96亩,进行道路及管网配套建设。`)).toEqual([
      [2400, '米'],
      [96, '亩'],
    ]);
    // Control: a sentence of figures with no verb at all stays below the threshold.
    expect(found(`${PLAN}长2400米、宽24米,新占土地96亩。`)).toEqual([]);
  });

  it('reads a 其中 with no figure before it as naming one of the items, with its own work', () => {
    const text = `${PLAN}今年的民生实事为:乡村道路提升、供水管网改造、校园安全工程。其中,供水管网改造项目将对全镇31座加压泵站以及8个蓄水池进行维修改造。`;
    expect(found(text)).toEqual([
      [31, '座'],
      [8, '个'],
    ]);
    // Control: a 其中 after a total still breaks it down.
    expect(found('全年新增公益性岗位300个,其中护林员岗位80个。')).toEqual([[300, '个']]);
  });

  it('reads a building\'s site area beside its floor area, and its classes, as its size', () => {
    expect(found(`${PLAN}投资3000万元新建九年制学校一所,占地30000平方米,建筑面积12000平方米,24个班级规模。`)).toEqual([[3000, '万元']]);
    // Control: land a road project takes is its scope.
    expect(found(`${PLAN}新建环镇北路工程,长1800米、宽30米,占地110亩,预计投资5200万元,进行道路及配套建设。`)).toEqual([
      [1800, '米'],
      [110, '亩'],
      [5200, '万元'],
    ]);
  });

  it('counts the length of the project a demonstrative points back to', () => {
    expect(found(`${PLAN}帮助建设三溪村通村公路。该路总长3.2公里。`)).toEqual([[3.2, '公里']]);
  });

  it('reads hamlets (屯) and linear metres (延长米) as measure words, and others of the engineering kind', () => {
    expect(found(`${PLAN}计划完成12屯安全饮水改造,覆盖20屯。`)).toEqual([
      [12, '屯'],
      [20, '屯'],
    ]);
    expect(found(`${PLAN}更换老旧门窗260樘,新建涵洞4孔,新增变压器容量630千伏安,淘汰燃煤锅炉20蒸吨,购置环卫设备15台套。`)).toEqual([
      [260, '樘'],
      [4, '孔'],
      [630, '千伏安'],
      [20, '蒸吨'],
      [15, '台套'],
    ]);
    // Control: the words these measure words open are no figures.
    expect(found(`${PLAN}完成3孔子文化讲堂布展。`)).toEqual([]);
  });
});

describe('a plan\'s background and forecasts', () => {
  it('reads a sentence that opens with a year before the plan\'s own as background', () => {
    const text = '2008年某镇工作打算\n2006年,我镇先后投入156万元,平整土地42亩。今年计划新建标准化厂房8000平方米。';
    expect(found(text)).toEqual([[8000, '平方米']]);
  });

  it('reads what a plan expects the economy to yield as a forecast, and beneficiaries\' income as an effect', () => {
    expect(found(`${PLAN}推进市场项目建设,预期全年可实现营业收入12亿元,增加值(GDP)3亿元。`)).toEqual([]);
    expect(found(`${PLAN}计划硬化道路52000平方米,群众年直接受益8万元左右。`)).toEqual([[52000, '平方米']]);
    // Control: a firm target of the plan is still a target.
    expect(found(`${PLAN}力争实现营业收入12亿元。`)).toEqual([[12, '亿元']]);
  });

  it('reads money as the attribute of a project whose stage is the target as the project\'s size', () => {
    expect(found(`${PLAN}力争投资逾3亿元的物流园项目主体竣工。`)).toEqual([]);
  });

  it('reads a share that describes the present state, and an age band with 以上, as no target', () => {
    const item = '1.助老服务提升工程。针对辖区65岁以上老人占比28%的现状,完善助老服务网络;4月起,组织家庭医生团队为75岁以上独居老人、失能老人提供上门随访。';
    expect(found(`${PLAN}${item}`)).toEqual([]);
  });

  it('reads beneficiaries equal to the population given above as a restatement', () => {
    const text = '关于某乡路灯项目情况的报告\n根据上级关于征集基础设施建设项目的通知要求,我乡确定两个村为今年的试点村。两村总人口4210人,1320户,以种植业和劳务收入为主。\n三、路灯亮化\n该工程计划安装路灯300盏,受益农户1320户,受益群众4210人。';
    expect(found(text)).toEqual([[300, '盏']]);
    // Control: beneficiaries the work reaches, not stated before, are counted.
    expect(found('该工程计划安装路灯300盏,受益农户860户。')).toEqual([
      [300, '盏'],
      [860, '户'],
    ]);
  });
});

describe('a report\'s rates and people served', () => {
  it('reads a rate stated with 为 as a reading and people brought to a check-up as people served', () => {
    expect(found('帮助失业人员就业42人,辖区就业率为95.20%。组织156名老人参加免费体检。')).toEqual([
      [42, '人'],
      [156, '名'],
    ]);
    // Control: a rate the plan strives for is a target.
    expect(found('力争年底辖区垃圾分类覆盖率为100%。')).toEqual([[100, '%']]);
    // Control: people at a meeting are attendance.
    expect(found('召开动员大会,组织120名党员参加会议。')).toEqual([]);
  });

  it('lets a total cover the pair written together', () => {
    expect(found('已完成签约,总计642户1288套。')).toEqual([
      [642, '户'],
      [1288, '套'],
    ]);
  });
});
