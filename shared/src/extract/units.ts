/**
 * Units and classifiers (量词) that make a number a countable commitment.
 *
 * A number with none of these after it is not a candidate at all: that single rule is what keeps
 * years (2023年), dates (3月31日), addresses (358弄, 800号), metro lines (10号线), hotlines (12345)
 * and version numbers (6.0版) out without a special case for each.
 */

export type UnitCategory = 'area' | 'length' | 'money' | 'percent' | 'people' | 'visits' | 'count';

interface UnitDef {
  unit: string;
  kind: UnitCategory;
  /**
   * Characters that, right after the unit, turn it into a different word: 5项目 is not "5 items",
   * 2家门口 is not "2 households", 7件套 is a product name.
   */
  notBefore?: readonly string[];
}

const UNIT_DEFS: readonly UnitDef[] = [
  { unit: '平方公里', kind: 'area' },
  { unit: '平方米', kind: 'area' },
  { unit: '立方米', kind: 'area' },
  { unit: '公顷', kind: 'area' },
  { unit: '亩', kind: 'area' },
  { unit: '公里', kind: 'length' },
  { unit: '千米', kind: 'length' },
  { unit: '米', kind: 'length' },
  // Budgets are tracked in 万元/亿元 in these offices, so the multiplier stays in the unit
  // ("300万元" is 300 万元, not 3,000,000 元) and the figure matches the plan's own table.
  { unit: '万元', kind: 'money' },
  { unit: '亿元', kind: 'money' },
  { unit: '元', kind: 'money', notBefore: ['素', '旦', '宵', '首', '老', '件'] },
  { unit: '个百分点', kind: 'percent' },
  { unit: '百分点', kind: 'percent' },
  { unit: '%', kind: 'percent' },
  { unit: '人次', kind: 'visits' },
  { unit: '户次', kind: 'visits' },
  { unit: '家次', kind: 'visits' },
  { unit: '场次', kind: 'visits' },
  { unit: '车次', kind: 'visits' },
  { unit: '人', kind: 'people', notBefore: ['员', '民', '才', '口', '大', '士', '物', '群', '格', '身'] },
  { unit: '名', kind: 'people', notBefore: ['单', '称', '片', '义', '额', '列', '次', '牌', '录', '字'] },
  { unit: '位', kind: 'people', notBefore: ['于', '置', '列'] },
  { unit: '户', kind: 'count', notBefore: ['外', '籍', '口', '型'] },
  { unit: '个', kind: 'count' },
  { unit: '家', kind: 'count', notBefore: ['门', '庭', '园', '属', '长', '乡', '里', '人', '风', '具', '政'] },
  { unit: '场', kind: 'count', notBefore: ['所', '景', '地', '馆', '面', '合', '域', '站'] },
  { unit: '条', kind: 'count', notBefore: ['例', '件', '款', '线', '块'] },
  { unit: '项', kind: 'count', notBefore: ['目'] },
  { unit: '处', kind: 'count', notBefore: ['置', '理', '于', '长', '室', '罚', '分', '级'] },
  { unit: '张', kind: 'count', notBefore: ['贴', '挂'] },
  { unit: '台', kind: 'count', notBefore: ['账', '阶', '湾'] },
  { unit: '件', kind: 'count', notBefore: ['套'] },
  { unit: '次', kind: 'count', notBefore: ['元', '全', '党', '数', '序'] },
  { unit: '支', kind: 'count', notBefore: ['部', '持', '付', '援', '撑', '出', '书'] },
  { unit: '所', kind: 'count', notBefore: ['有', '以', '在', '属', '得', '长'] },
  { unit: '座', kind: 'count', notBefore: ['谈'] },
  { unit: '间', kind: 'count', notBefore: ['隔', '断'] },
  { unit: '套', kind: 'count', notBefore: ['餐'] },
  { unit: '辆', kind: 'count' },
  { unit: '棵', kind: 'count' },
  { unit: '株', kind: 'count' },
  { unit: '批', kind: 'count', notBefore: ['准', '复', '评', '示'] },
  { unit: '栋', kind: 'count' },
  { unit: '幢', kind: 'count' },
  { unit: '部', kind: 'count', notBefore: ['门', '署', '分', '委', '长'] },
  { unit: '块', kind: 'count' },
  { unit: '本', kind: 'count', notBefore: ['地', '领', '市', '区', '届', '质', '着', '级'] },
  { unit: '册', kind: 'count' },
  { unit: '份', kind: 'count', notBefore: ['额'] },
  { unit: '篇', kind: 'count', notBefore: ['章'] },
  { unit: '吨', kind: 'count' },
  { unit: '公斤', kind: 'count' },
  { unit: '千克', kind: 'count' },
  { unit: '小时', kind: 'count' },
  { unit: '课时', kind: 'count' },
];

/** Longest first, so 平方米 wins over 米 and 人次 over 人. */
const SORTED = [...UNIT_DEFS].sort((a, b) => b.unit.length - a.unit.length);

/** Every unit the extractor recognises, for documentation and the UI's unit picker. */
export const UNITS: readonly string[] = SORTED.map((d) => d.unit);

/** Full-width forms the documents use interchangeably with the ASCII ones. */
function normalizeUnit(unit: string): string {
  return unit === '％' ? '%' : unit;
}

export interface UnitMatch {
  unit: string;
  kind: UnitCategory;
  /** Length in the source text, which can differ from unit.length only for ％. */
  length: number;
}

/** The unit that starts at `index` in `text`, if any. */
export function matchUnitAt(text: string, index: number): UnitMatch | undefined {
  if (text.startsWith('％', index)) return { unit: '%', kind: 'percent', length: 1 };
  for (const def of SORTED) {
    if (!text.startsWith(def.unit, index)) continue;
    const next = text.charAt(index + def.unit.length);
    if (def.notBefore?.includes(next)) continue;
    return { unit: normalizeUnit(def.unit), kind: def.kind, length: def.unit.length };
  }
  return undefined;
}

export function unitCategory(unit: string): UnitCategory | undefined {
  return UNIT_DEFS.find((d) => d.unit === normalizeUnit(unit))?.kind;
}
