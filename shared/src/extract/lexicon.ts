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
]);

/**
 * Award verbs. After the quantity they are a real outcome (6个居民区荣获…); before it the quantity
 * is usually part of the award's name (获评…100个优秀案例).
 */
export const AWARD_WORDS = longestFirst(['荣获', '获评', '被评为', '评为', '入选', '获得', '获']);

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
  '共有',
  '拥有',
  '现有',
  '辖有',
]);

/** Definitions ("…联席会议是由…等10余家单位共同成立") describe a body, they do not report work. */
export const DEFINITION_WORDS = ['是由'];

/** Nouns after which a count is the shape of the text (五个方面), not a deliverable. */
export const STRUCTURAL_NOUNS = ['方面', '层面', '维度', '阶段', '环节', '原则', '步骤', '方向', '领域'];

export type Comparison = 'exactly' | 'at-least' | 'at-most' | 'about' | 'between';

/** Bound words written before the number, with what they do to the figure. */
export const BOUND_BEFORE: ReadonlyArray<{ word: string; comparison: Comparison | undefined }> = [
  { word: '不少于', comparison: 'at-least' },
  { word: '不低于', comparison: 'at-least' },
  { word: '不超过', comparison: 'at-most' },
  { word: '不高于', comparison: 'at-most' },
  { word: '控制在', comparison: 'at-most' },
  { word: '至少', comparison: 'at-least' },
  { word: '超过', comparison: 'at-least' },
  { word: '多于', comparison: 'at-least' },
  { word: '大约', comparison: 'about' },
  { word: '约', comparison: 'about' },
  { word: '近', comparison: 'about' },
  // These qualify the commitment's firmness or scope rather than the figure itself.
  { word: '力争', comparison: undefined },
  { word: '确保', comparison: undefined },
  { word: '达到', comparison: undefined },
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
