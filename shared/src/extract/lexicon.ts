/**
 * Word lists the scorer reads. Kept apart from the logic so that a reviewer who knows the
 * genre can extend them without reading the scoring code.
 */

/** Longest first so 划小做实 wins over 做实 and 新建 over 建. */
function longestFirst(words: readonly string[]): readonly string[] {
  return [...words].sort((a, b) => b.length - a.length);
}

/**
 * Verbs that turn a quantity into something the office does or has done. Matched as substrings,
 * so each entry is at least two characters: single characters (建, 办) occur in too many nouns.
 * 组织 is left out on purpose: in this genre it is nearly always the noun (党组织).
 */
export const ACTION_VERBS = longestFirst([
  '划小做实',
  '新增',
  '新建',
  // A verb written with its alternative in brackets (新(改)建公厕14座) is still the verb.
  '新(改)建',
  '新（改）建',
  '改(扩)建',
  '改（扩）建',
  // 新上项目3个 (projects newly launched), 为431户…投保 (insurance the office buys for them).
  '新上',
  '投保',
  '新设',
  '新开',
  '建成',
  '建设',
  '建立',
  '完成',
  '帮助',
  '帮扶',
  '培训',
  '检查',
  '整改',
  '整治',
  '排查',
  '筛查',
  '实施',
  '开展',
  '举办',
  '举行',
  '创建',
  '改造',
  '修缮',
  '加装',
  '安装',
  '打造',
  '引进',
  '引入',
  '招引',
  '服务',
  '推进',
  '推动',
  '落地',
  '签约',
  '开办',
  '开设',
  '设立',
  '设置',
  '启动',
  '成立',
  '组建',
  '贯通',
  '提供',
  // Report verbs of data work, money arriving and poverty relief (采集…数据1200余家, 到位资金11.2亿元,
  // 11个贫困村出列、8807人稳定脱贫, 协议引资330.4亿元).
  '采集',
  '到位',
  '引资',
  '脱贫',
  '出列',
  '收集',
  '征集',
  '采纳',
  '受益',
  '参与',
  '救助',
  '资助',
  '慰问',
  '走访',
  '接待',
  '增长',
  '下降',
  '减少',
  '降低',
  '达到',
  '实现',
  '就业',
  '安置',
  '覆盖',
  '培育',
  '孵化',
  '拆除',
  '发放',
  '办理',
  '受理',
  '调解',
  '化解',
  '解决',
  '配备',
  '落实',
  '累计',
  '吸纳',
  '招聘',
  '种植',
  '铺设',
  '更新',
  '召开',
  '投资',
  '投入',
  // Verbs of building, equipping and serving that the 实事 lists and reports of other places use.
  '改建',
  '扩建',
  '增配',
  '增设',
  '布建',
  '配置',
  '配送',
  '开放',
  '扶持',
  '补助',
  '提升',
  '改善',
  '打通',
  '投用',
  '创成',
  '供应',
  '筹措',
  // Money the office raises (筹集资金11万元) and land a park is enlarged by (新扩容1000余亩).
  '筹集',
  '募集',
  // 乡村自筹6万元: money the villages raise themselves (a part of a larger sum is caught in plans.ts).
  '自筹',
  '扩容',
  // 向农民兑现良种补贴8万元: paying out what was promised (a subsidy, a reward).
  '兑现',
  '开发',
  '培养',
  '交付',
  '推出',
  '维护',
  '疏通',
  '开工',
  '完工',
  '竣工',
  '升级',
  '发行',
  '安排',
  '争取',
  '拜访',
  '考察',
  '入驻',
  '储备',
  '放映',
  '指导',
  '演出',
  '测评',
  '评定',
  '纳入',
  '收缴',
  '接入',
  '申请',
  // 实到外资3338万美元: money that arrived; at a meeting (实到163名) the roll-call rule takes over.
  '实到',
  '调整',
  '锁定',
  '照护',
  '托管',
  '申报',
  '办结',
  '处置',
  '查处',
  '清理',
  '清运',
  '修复',
  '修建',
  '硬化',
  '敷设',
  '更换',
  '加固',
  '维修',
  '增加',
  '扩大',
  '吸引',
  '带动',
  '促进',
  '援助',
  '惠及',
  '宣讲',
  '栽植',
  '新开工',
  '新辟',
  '开通',
  '主动公开',
  '学习',
  '梳理',
  '新修',
  '兴修',
  '增至',
  '拆迁',
  '强拆',
  '自拆',
  '认定',
  // Appointing people to a network: 确定189名楼长, 选派30名干部.
  '确定',
  // Buying, reclaiming, putting idle land back to use, raising income: 购置座椅670套, 复耕撂荒地411.28亩.
  '购置',
  // Services and help a 街道 report lists: 协助84家企业, 融资1.35亿元, 出诊2419人次, 集中隔离39人.
  '协助',
  '融资',
  '出诊',
  '接种',
  '处理',
  '隔离',
  '攻坚',
  '兜底',
  '获批',
  // Paying out, supporting, escorting, taking over land: 支出低保金, 享受补贴4414人, 护送返乡4人次, 等9个地块征迁.
  '支出',
  '出资',
  '造林',
  '关停',
  '征缴',
  '上报',
  '捐赠',
  '捐助',
  '捐款',
  '支持',
  '享受',
  '护送',
  '征迁',
  '征收',
  '采购',
  '购买',
  '盘活',
  '复耕',
  '复垦',
  '增收',
  '选派',
  '选聘',
  '聘任',
  // Reorganising schools and bodies, and taking people in (撤并…教学点3个, 重组…初中2所, 工会换届2所,
  // 招收学生3名): the verbs of a department's own restructuring and enrolment, which other bodies share.
  '撤并',
  '合并',
  '重组',
  '换届',
  '招收',
  '招录',
  '录取',
  '招募',
  // Keeping people in a place (留下大学生17431人, 留住人才…): a human-resources office's own outcome.
  '留下',
  '留住',
]);

/**
 * Headings that make what follows a report of the past year. Strong ones win over plan words
 * (2024年为民办实事项目完成情况); weak ones only when no plan word shares the heading
 * (工作总结和2017年工作安排 is both).
 */
export const RETRO_HEADING_STRONG = /回顾|完成情况|进展情况|执行情况|推进情况|工作情况|开展情况|落实情况|已完工|已启动|已完成/;
// 发展基础 and 奠定: a plan's chapter on the ground the last period laid (第一节“十三五”时期奠定的发展基础) reviews it.
export const RETRO_HEADING_WEAK = /总结|过去一年|过去五年|一年来|发展基础|奠定的|主要成效|工作成效|主要成绩|这些变化|亮点|取得了|取得新|实现了/;
export const PLAN_HEADING = /计划|安排|思路|打算|目标|要点|任务|展望|工作重点|重点工作|实事项目|民生实事/;

/**
 * Indicators of the economy as a whole. In a report of the past year a figure after one of them
 * is a statistic (地区生产总值60.3亿元), not work the office delivered.
 */
export const STATISTIC_NOUNS = [
  '生产总值',
  'GDP',
  '预算收入',
  '财政收入',
  '总收入',
  '固定资产投资',
  '总产值',
  '产值',
  '增加值',
  '营业收入',
  '利润总额',
  '零售总额',
  '进出口',
  '市场主体总量',
  '市场主体数量',
  '营收',
  '税收',
  // Taxes a report counts (实缴税金, 上缴国税, 完成地税): revenue of the state, not work delivered.
  '全口径收入',
  '税金',
  '国税',
  '地税',
  // Tourism's totals (旅游综合收入9.8亿元, 接待游客86.3万人次) are the economy's, like turnover.
  '旅游综合收入',
  '旅游收入',
  '接待游客',
  '产量',
  '可支配收入',
  '消费价格',
  '经济总量',
  '工业投资',
  '纯收入',
  // Firms' own spending on upgrades and research (完成技改投入8.1亿元, 研发投入): the economy's, as 工业投资.
  '技改投入',
  '研发投入',
  // Turnover of firms and markets, which a report quotes beside the economy's indicators.
  '销售额',
  '营业额',
  '零售额',
  '绝对额',
  '交易额',
  '成交额',
  '出口额',
  '吞吐量',
  '用电量',
  '贷款余额',
  '交易总金额',
  '申请量',
  '授权量',
  '技改投资',
  '固投',
  '交易金额',
  // Areas under a crop or herd: a farming statistic unless the office's own work expanded them.
  '种植面积',
  '播种面积',
  '养殖面积',
  '存款余额',
  '出栏',
  '养殖规模',
  // Totals of a harvest or of industry's output and taxes (粮食总产达35949吨, 利税总额完成5100万元,
  // 工业纳税销售34.5亿元, gdp as some reports write it).
  '总产',
  '利税',
  '纳税销售',
  '工业销售',
  'gdp',
];

/**
 * The head noun decides whose figure it is. A crop, a herd or a farm product counted in its own
 * measure (完成小麦种植2760亩, 完成生猪6870头, 上市水产品220吨) is the economy's output, whatever
 * verb a report puts before it (完成, 种植, 上市, 达到); the office's work hands things out
 * (发放良种500斤) or builds and plants for the public (植树36万株, which names no crop).
 */
export const OUTPUT_PRODUCTS = /(?:小麦|水稻|稻谷|玉米|大豆|蔬菜|茶叶|水果|粮食|油料|油菜|花生|棉花|烟叶|生猪|家禽|家畜|肉兔|肉牛|肉羊|奶牛|牛|羊|禽蛋|鲜奶|水产品?|食用菌)/;
/** The measures output is counted in: area under a crop, weight, head of livestock. */
export const OUTPUT_UNITS = /^(?:亩|万亩|吨|斤|公斤|担|头|羽|只)$/;
/** Verbs by which the office moves a product rather than the economy making it. */
export const HANDED_OUT = /发放|捐赠|赠送|采购|调运|配送|补贴|救助|回收|收储|处置|扑杀|无害化/;
/** Area the office's work adds (发展水果2000余亩, 建蔬菜基地3500亩, 食用菌大棚200亩): built, not harvested. */
export const AREA_BUILT = /发展|建|新增|扩大|扩种|推广|基地|大棚|园区|示范/;

/**
 * Verbs that only say how a figure moved or where it stands (增长5%, 降低20%, 达到90%). In a report
 * of the past a percentage after one of them measures the year; a percentage counts there only
 * after a verb of the office's own work (引进规模以上企业数量同比增长100%).
 */
export const CHANGE_VERBS = /^(?:增长|下降|减少|降低|提升|提高|增加|达到|实现|完成|突破|扩大|改善|累计|覆盖|增至|升级|促进|带动)$/;

/**
 * Verbs that the main list leaves out because they are nouns more often than not (建 in 党建,
 * 发展 in 高质量发展, 组织 in 党组织); at the very start of a clause, before the figure, they act:
 * 建蔬菜基地3500亩, 发展名优特新水果2000余亩, 组织政银企对接活动11场次.
 */
export const CLAUSE_OPENING_VERB = /^(?:建|修|种|栽|发展|组织|创办|培植)(?![^，,；;。]*[率比重]$)/;

/**
 * What follows a verb that makes it the head of a rate noun (覆盖率, 完成率, 投资比重): the verb
 * does not act. 重 alone does not (举办重大赛事, 实施重点项目).
 */
export const RATE_SUFFIX = /^(?:率|比重|比例)/;

/** Words before an amount that make it a change against last year, not the amount: 比上年增加5000亿元. */
export const YEAR_ON_YEAR = /(?:(?:比上年|比去年|较上年|较去年|同比|较\d{4}年|比\d{4}年)(?:[^，,；;。]{0,10}?(?:新增|增加|减少|增长|下降|多|少|提高))?[了]?|净增|净减|净增加|净减少|超收)$/;

/** Nouns before a count that make it a tally of honours rather than work: 省级荣誉7项. */
export const HONOUR_NOUNS = /(?:荣誉|奖项|称号|表彰|奖励|荣誉称号|红榜|光荣榜|榜单|红旗)$/;

/** After a count, the list itself: 17项…为民办实事项目, 十方面34项, 39个具体项目. */
// A space ends the look-ahead: summaries join items with " - " and no punctuation.
export const LIST_SIZE_AFTER = /^\s*[^，,；;。\s]{0,40}?(?:实事|具体项目|候选项目|民心工程|民生工程|惠民工程|民生事项|民生大事)|^(?:个|项)?子(?:项目|项|内容)/;

/**
 * Verbs the list cannot hold one by one: X建 compounds (联建, 单建, 共建, 援建, 筹建 …) all build.
 * 在建 (under construction) and 新建 (listed above) are not in the class.
 */
export const BUILD_COMPOUND = /[改扩联单共筹援修搭兴续组承代]建/g;

/**
 * Award verbs. After the quantity they are a real outcome (6个居民区荣获…); before it the quantity
 * is usually part of the award's name (获评…100个优秀案例).
 */
export const AWARD_WORDS = longestFirst(['荣获', '获评', '被评为', '评为', '入选', '获得', '获', '荣登']);
/**
 * 授予…等7家单位…先进单位称号: the units an office honours, before the figure, are a roll of honour, not
 * work delivered. After the figure (14个街镇中…被授予) it is not a verb of the figure either, so it is not in AWARD_WORDS.
 */
export const AWARD_BEFORE_WORDS = longestFirst([...AWARD_WORDS, '授予']);

/** A count of people at a meeting, not something delivered: 103名党员代表参加会议. */
export const ATTENDANCE_WORDS = longestFirst(['参加', '出席', '列席', '与会', '参会', '到会', '发言', '讲话']);

/**
 * Frames that make a quantity background rather than a target: "在10个网格片区…基础上",
 * "以全线贯通4.5公里滨水活力带为契机", "辖区共有32个居民区".
 */
export const BACKGROUND_WORDS = longestFirst([
  '基础上',
  '为契机',
  '为抓手',
  '为依托',
  '为载体',
  '为核心',
  '为导向',
  // A peak is a measurement of the day, not something delivered: 单日高峰人流达1万余人次.
  '高峰',
  '峰值',
  // A project's stage is progress on something already counted, not a quantity delivered.
  '收尾阶段',
  '进入收尾',
]);

/**
 * Stock words: before the figure they make it what exists (辖区共有32个居民区, 库存应急物资有46种);
 * after it (扩规改造现有水厂) they describe another noun and are not read.
 */
export const BACKGROUND_BEFORE = longestFirst(['共有', '拥有', '现有', '辖有', '库存', '存量', '原有', '原来']);

/** Definitions ("…联席会议是由…等10余家单位共同成立") describe a body, they do not report work. */
export const DEFINITION_WORDS = ['是由'];

/** Nouns after which a count is the shape of the text (五个方面), not a deliverable. */
export const STRUCTURAL_NOUNS = ['方面', '层面', '维度', '阶段', '环节', '原则', '步骤', '方向', '领域', '指标'];

export type Comparison = 'exactly' | 'at-least' | 'at-most' | 'about' | 'between';

/** Bound words written before the number, with what they do to the figure. */
export const BOUND_BEFORE: ReadonlyArray<{ word: string; comparison: Comparison | undefined }> = [
  { word: '不少于', comparison: 'at-least' },
  { word: '不低于', comparison: 'at-least' },
  { word: '不超过', comparison: 'at-most' },
  { word: '降至', comparison: 'at-most' },
  { word: '降低到', comparison: 'at-most' },
  { word: '降到', comparison: 'at-most' },
  { word: '不高于', comparison: 'at-most' },
  { word: '控制在', comparison: 'at-most' },
  { word: '至少', comparison: 'at-least' },
  { word: '超过', comparison: 'at-least' },
  { word: '多于', comparison: 'at-least' },
  { word: '突破', comparison: 'at-least' },
  { word: '逾', comparison: 'at-least' },
  { word: '大约', comparison: 'about' },
  { word: '约', comparison: 'about' },
  { word: '近', comparison: 'about' },
  // These qualify the commitment's firmness or scope rather than the figure itself.
  { word: '力争', comparison: undefined },
  { word: '确保', comparison: undefined },
  { word: '达到', comparison: 'at-least' },
  { word: '累计', comparison: undefined },
];

/** Bound words written right after the unit. */
export const BOUND_AFTER: ReadonlyArray<{ word: string; comparison: Comparison }> = [
  { word: '以上', comparison: 'at-least' },
  { word: '以内', comparison: 'at-most' },
  { word: '以下', comparison: 'at-most' },
  { word: '之内', comparison: 'at-most' },
  { word: '左右', comparison: 'about' },
];
