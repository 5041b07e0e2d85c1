/**
 * Measure words (量词 and units of measurement) that make a number a countable commitment.
 *
 * A number with none of these after it is not a candidate at all: that single rule is what keeps
 * years (2023年), dates (3月31日), addresses (358弄, 800号), metro lines (10号线), hotlines (12345)
 * and version numbers (6.0版) out without a special case for each.
 *
 * The inventory is built from the general classifier tables of modern Chinese (the 个体量词 and
 * 集合量词 of 《现代汉语量词用法词典》 that government writing uses for things, places, bodies and
 * events) and from the legal units of measurement (GB 3100) for length, area, volume, weight,
 * power and money, not from the seed documents. Words that also open a common noun after a
 * number carry `notBefore` guards; words that mostly name a time, a rank or an edition (年, 月,
 * 日, 届, 期, 级, 号, 层) are left out on purpose: after a number they are dates and ordinals.
 */

export type UnitCategory =
  | 'area'
  | 'length'
  | 'volume'
  | 'weight'
  | 'power'
  | 'money'
  | 'percent'
  | 'people'
  | 'visits'
  | 'age'
  | 'duration'
  | 'count';

interface UnitDef {
  unit: string;
  kind: UnitCategory;
  /**
   * Text that, right after the unit, turns it into a different word: 5项目 is not "5 items",
   * 2家门口 is not "2 households", 7件套 is a product name.
   */
  notBefore?: readonly string[];
  /** Longer words that start with a `notBefore` word and still leave the unit standing: 4家居家养老服务场所 is four places (家居 is furniture). */
  unlessBefore?: readonly string[];
  /** The unit reported for a symbol (㎡ → 平方米), so a figure compares with the same figure in words. */
  as?: string;
}

const count = (unit: string, notBefore?: readonly string[], unlessBefore?: readonly string[]): UnitDef => ({ unit, kind: 'count', notBefore, unlessBefore });

const UNIT_DEFS: readonly UnitDef[] = [
  // Area, length, volume.
  { unit: '平方公里', kind: 'area' },
  { unit: '平方千米', kind: 'area' },
  { unit: '平方米', kind: 'area' },
  { unit: '平米', kind: 'area' },
  { unit: '公顷', kind: 'area' },
  { unit: '亩', kind: 'area' },
  // 3000平方 and 50立方 leave the 米 out in informal copy.
  { unit: '平方', kind: 'area', as: '平方米', notBefore: ['公里', '千米', '米', '根', '和', '差'] },
  { unit: '立方米', kind: 'volume' },
  { unit: '立方', kind: 'volume', as: '立方米', notBefore: ['米', '体'] },
  // Symbols (GB 3100) that web copy and tables use in place of the Chinese names.
  { unit: '㎡', kind: 'area', as: '平方米' },
  { unit: 'm²', kind: 'area', as: '平方米' },
  { unit: 'm2', kind: 'area', as: '平方米' },
  { unit: '㎢', kind: 'area', as: '平方公里' },
  { unit: 'km²', kind: 'area', as: '平方公里' },
  { unit: '㎞', kind: 'length', as: '公里' },
  { unit: 'km', kind: 'length', as: '公里' },
  { unit: '㎏', kind: 'weight', as: '千克' },
  { unit: 'kg', kind: 'weight', as: '千克' },
  { unit: 'kWh', kind: 'power', as: '千瓦时' },
  { unit: 'kW', kind: 'power', as: '千瓦' },
  { unit: 'MW', kind: 'power', as: '兆瓦' },
  // 方 is the builders' cubic metre (300万方); after a number it opens few other words.
  { unit: '方', kind: 'volume', notBefore: ['面', '案', '式', '向', '法', '针', '位', '便', '略', '言', '阵', '舱', '志', '圆', '正', '形', '块', '格', '可', '能', '才', '有', '为', '协', '参'] },
  { unit: '公里', kind: 'length' },
  { unit: '千米', kind: 'length' },
  { unit: '延米', kind: 'length' },
  // 排水沟591延长米: the builders' linear metre, written out (延米 is its short form).
  { unit: '延长米', kind: 'length' },
  { unit: '厘米', kind: 'length' },
  { unit: '米', kind: 'length', notBefore: ['粮', '面', '饭', '袋'] },
  // Weight and power.
  { unit: '吨', kind: 'weight' },
  { unit: '公斤', kind: 'weight' },
  { unit: '千克', kind: 'weight' },
  { unit: '斤', kind: 'weight' },
  // 收缴烤烟4049担: the traditional load of 50 kg, still how tobacco and grain are counted.
  { unit: '担', kind: 'weight', notBefore: ['任', '当', '心', '保', '负', '忧', '责', '纲', '子'] },
  { unit: '兆瓦', kind: 'power' },
  { unit: '千瓦时', kind: 'power' },
  { unit: '千瓦', kind: 'power' },
  // 新增变压器容量800千伏安, 淘汰燃煤锅炉35蒸吨: a transformer's and a boiler's capacity, as rural grid and clean-air plans count them.
  { unit: '千伏安', kind: 'power' },
  { unit: 'kVA', kind: 'power', as: '千伏安' },
  { unit: '蒸吨', kind: 'power' },
  // Budgets are tracked in 万元/亿元 in these offices, so the multiplier stays in the unit
  // ("300万元" is 300 万元, not 3,000,000 元) and the figure matches the plan's own table.
  { unit: '万元', kind: 'money' },
  { unit: '亿元', kind: 'money' },
  { unit: '万美元', kind: 'money' },
  { unit: '亿美元', kind: 'money' },
  { unit: '美元', kind: 'money' },
  { unit: '元', kind: 'money', notBefore: ['素', '旦', '宵', '首', '老', '件', '器'] },
  { unit: '个百分点', kind: 'percent' },
  { unit: '百分点', kind: 'percent' },
  { unit: '%', kind: 'percent' },
  // People and visits.
  { unit: '人次', kind: 'visits' },
  { unit: '户次', kind: 'visits' },
  { unit: '家次', kind: 'visits' },
  { unit: '场次', kind: 'visits' },
  { unit: '车次', kind: 'visits' },
  { unit: '批次', kind: 'visits' },
  { unit: '班次', kind: 'visits' },
  { unit: '剂次', kind: 'visits' },
  { unit: '架次', kind: 'visits' },
  { unit: '艘次', kind: 'visits' },
  // 涉及全镇4000人工作生活环境: 人工 is a word, but 人工作 is people and their work (人 + 工作).
  { unit: '人', kind: 'people', notBefore: ['员', '民', '才', '口', '大', '士', '物', '群', '格', '身', '防', '工', '文', '力', '均', '社', '像', '脸', '行'], unlessBefore: ['工作'] },
  { unit: '名', kind: 'people', notBefore: ['单', '称', '片', '义', '额', '列', '次', '牌', '录', '字', '誉', '胜', '镇', '村', '城', '校', '师', '医', '优', '品', '企', '店', '人', '言', '著', '贵'] },
  { unit: '位', kind: 'people', notBefore: ['于', '置', '列', '数'] },
  { unit: '岁', kind: 'age', notBefore: ['月', '末'] },
  // Durations that a plan counts as service (1800课时); 年/月/日/天 are dates or deadlines instead.
  { unit: '小时', kind: 'duration' },
  { unit: '课时', kind: 'duration' },
  { unit: '学时', kind: 'duration' },
  // Things, places, bodies, events.
  count('户', ['外', '籍', '口', '型', '内', '主']),
  // 3个月, 5个工作日: durations, not counts. 个体户, 个人所得税, 个性, 个别, 个案: words that 个 opens
  // (3个体育场 stays three venues, so only the compounds are listed).
  count('个', ['月', '多月', '工作日', '小时', '季度', '百分点', '体户', '体工商', '体经营', '体经济', '体私营', '性', '别', '案', '税', '人所得', '人信息', '人信用', '人贷款', '人账户']),
  count('家', ['门', '庭', '园', '属', '长', '乡亲', '乡愁', '里', '人', '风', '具', '政', '电', '用', '务', '居', '底', '境'], ['居家']),
  count('场', ['所', '景', '地', '馆', '面', '合', '域', '站', '景', '次']),
  count('条', ['例', '件', '款', '线', '块', '措施', '举措', '意见', '规定', '政策', '条']),
  count('项', ['目']),
  count('处', ['置', '理', '于', '长', '室', '罚', '分', '级', '方', '境']),
  count('张', ['贴', '挂']),
  count('台', ['账', '阶', '湾', '风', '词']),
  count('件', ['套']),
  count('次', ['元', '全', '党', '数', '序', '要', '生', '贷']),
  count('支', ['部', '持', '付', '援', '撑', '出', '书', '行']),
  // 所以 is "so", but 50所以上 is fifty schools or more.
  count('所', ['有', '以及', '以为', '以便', '以来', '以免', '以致', '以后', '以前', '以此', '在', '属', '得', '长', '谓']),
  count('座', ['谈', '位', '右']),
  count('间', ['隔', '断']),
  count('套', ['餐']),
  count('辆'),
  count('艘'),
  count('架', ['构', '设']),
  count('棵'),
  count('株'),
  count('盏'),
  count('根', ['据', '本', '源', '治']),
  count('批', ['准', '复', '评', '示']),
  count('栋'),
  count('幢'),
  count('部', ['门', '署', '分', '委', '长', '队', '位', '件', '署']),
  count('块'),
  count('本', ['地', '领', '市', '区', '届', '质', '着', '级', '科', '身', '土']),
  count('册'),
  count('份', ['额']),
  count('篇', ['章']),
  count('首', ['都', '先', '次', '批', '店', '个', '家', '张', '届', '位']),
  count('幅', ['度']),
  count('起', ['来', '步', '到', '草', '点', '源', '诉', '因', '码']),
  count('例', ['如', '外', '会', '行']),
  count('宗', ['旨', '教']),
  count('头', ['部', '脑', '等', '号']),
  count('只', ['要', '有', '是', '能', '会', '需']),
  count('匹'),
  // 肉鸽50万羽, 鱼苗20万尾: birds and fish are counted by feather and tail.
  count('羽', ['毛', '绒', '球', '翼']),
  count('尾', ['气', '款', '声', '巴', '矿', '水', '部', '号', '期', '端', '数', '随', '货', '盘', '灯', '菜', '牙']),
  // 72口塘库, 252口沼气池: wells, ponds, pits.
  count('口', ['岸', '罩', '号', '径', '碑', '感', '语', '气', '音', '才', '味', '袋', '腔', '头', '子', '令', '诀', '吻', '水', '红', '中', '内', '外', '处', '部', '述', '算', '之', '人', '粮', '服', '试']),
  count('组', ['织', '建', '成', '团', '长', '合', '件', '别']),
  count('款', ['项', '式']),
  count('种', ['植', '养', '子', '类', '草', '田', '业']),
  count('门', ['口', '户', '槛', '类', '诊', '店', '前', '面', '卫', '票', '窗', '禁']),
  count('轮', ['次', '流', '椅', '换']),
  // 举办培训班10期: sessions. 一期工程, 二期 are phases, but those are written in small Chinese numerals.
  count('期', ['间', '限', '待', '望', '末', '中', '初', '满', '盼', '刊', '货', '工程', '项目']),
  // 养老床位500床, 工单1200单, 打井10眼, 讲座20堂, 课程30节: the measure words of beds, work orders, wells, lessons.
  count('床', ['位', '头', '上', '铺', '单', '品', '边']),
  count('单', ['位', '元', '独', '一', '项', '身', '品', '据', '纯', '车', '亲', '列', '体', '日', '线', '个']),
  count('眼', ['睛', '光', '前', '界', '下', '里', '科', '镜']),
  count('堂', ['课']),
  // 铁钉1369颗, 清理杂物36车 (truckloads).
  count('颗'),
  count('车', ['辆', '间', '站', '位', '道', '库', '棚', '主', '型', '身', '牌', '次', '流', '况', '速', '队', '载', '票', '厢', '险']),
  // 20余类病种: kinds. 10类42项 is caught as a qualifier, not here.
  count('类', ['型', '似', '别', '比', '推', '人', '目', '同']),
  // 满意度评分达到4.5分: a score. Not the words 分 opens (分钟, 分类, 分别, 分局 …) nor a scale (5分制).
  count('分', ['钟', '类', '别', '局', '会', '配', '析', '布', '工', '解', '散', '享', '期', '批', '段', '级', '区', '为', '成', '子', '管', '所', '之', '摊', '拣', '院', '校', '队', '站', '支', '担', '离', '流', '列', '辨', '化', '歧', '明', '项', '数', '值', '制', '拨', '发', '户', '行', '社', '组', '理', '部', '步', '机', '包', '岗', '片', '层', '线', '中', '公', '厂', '店', '场', '红', '享', '头', '赛', '标', '账', '销', '母', '子', '量', '娩', '秒']),
  // 站台10对, 护膝200副, 手套500双: pairs and sets (集合量词). Not the words they open: 对接, 对象, 副食, 双向.
  count('对', ['于', '接', '象', '比', '口', '照', '待', '标', '外', '策', '话', '应', '症', '面', '岸', '手', '抗', '称', '准', '立', '冲', '付', '等', '其', '此', '全', '辖', '困', '重', '特', '农', '居', '群', '社', '企', '各', '相', '该', '这', '上', '下', '党', '我', '他', '她', '群', '违', '有', '无', '不', '在', '学', '低', '未', '已', '贫', '残', '失', '独', '留', '孤', '涉', '实', '症', '点', '人', '家', '村', '镇', '区', '市', '县']),
  count('副', ['食', '业', '主', '作', '本', '县', '区', '镇', '市', '局', '科', '书', '总', '处', '所', '部', '长', '产', '刊', '词', '品', '院', '校', '乡', '街', '组', '队', '秘', '高', '教', '省', '厅', '司', '团', '理', '会', '经', '职']),
  count('双', ['方', '向', '边', '创', '拥', '报', '减', '重', '语', '休', '职', '周', '百', '十', '一', '学', '胞', '节', '碳', '赢', '轨', '随', '联', '融', '提', '结', '峰', '代', '包', '增', '控', '循', '试', '层', '评', '清', '零', '亲', '手', '眼', '城', '村', '优', '困', '基', '型', '高', '轮', '通', '线', '人', '岗', '合', '月', '日', '休']),
  // 覆盖15屯, 完成9屯饮水改造: 屯, a hamlet (natural village) in the north-east's and Guangxi's writing.
  count('屯', ['田', '兵', '垦', '积', '聚', '驻', '留', '粮', '子', '扎']),
  // 更换门窗120樘, 新建涵洞6孔, 购置设备20台套: doors and windows, culvert and bridge openings, equipment sets.
  count('樘'),
  count('孔', ['子', '雀', '径', '隙', '道', '眼']),
  count('台套'),
  count('节', ['约', '能', '水', '电', '日', '点', '目', '假', '庆', '气', '奏']),
];

/** Longest first, so 平方米 wins over 米 and 人次 over 人. */
const SORTED = [...UNIT_DEFS].sort((a, b) => b.unit.length - a.unit.length);

/** Every unit the extractor recognises, for documentation and the UI's unit picker. */
export const UNITS: readonly string[] = [...new Set(SORTED.map((d) => d.as ?? d.unit))];

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
  // "628007人 次": text converted from a PDF keeps a space where the line wrapped, even inside a
  // measure word. A longer unit read across one such space wins over the shorter one before it.
  // "5 个百 分点": the space can fall anywhere inside the word, so read up to three characters past it.
  const wrap = /^([\u4e00-\u9fff]{1,3}) ([\u4e00-\u9fff]{1,3})/.exec(text.slice(index, index + 7));
  if (wrap) {
    const joined = wrap[1]! + wrap[2]!;
    const def = SORTED.find((d) => d.unit.length > wrap[1]!.length && joined.startsWith(d.unit));
    if (def) return { unit: def.as ?? normalizeUnit(def.unit), kind: def.kind, length: def.unit.length + 1 };
  }
  for (const def of SORTED) {
    if (!text.startsWith(def.unit, index)) continue;
    const after = index + def.unit.length;
    if (def.notBefore?.some((w) => text.startsWith(w, after)) && !def.unlessBefore?.some((w) => text.startsWith(w, after))) continue;
    return { unit: def.as ?? normalizeUnit(def.unit), kind: def.kind, length: def.unit.length };
  }
  return undefined;
}

export function unitCategory(unit: string): UnitCategory | undefined {
  return UNIT_DEFS.find((d) => (d.as ?? d.unit) === normalizeUnit(unit))?.kind;
}
