/** Words of the shared UI pieces: status badges, completion marks, baselines. zh-CN here; English in messages.en.ts (loaded only when chosen), which must carry every key (the type enforces it). */
export const uiZh = {
  stAchieved: '已完成',
  stOnTrack: '正常推进',
  stBehind: '进度滞后',
  stAtRisk: '存在风险',
  stOverdue: '已逾期',
  stStale: '未按时报送',
  stNotStarted: '未开始',
  ceWithin: '未超限',
  ceBreached: '超限',
  overAchieved: '超额完成',
  baselineTo: '基线 {b} → 目标 {t}',
  /** A count or remark after a label: full-width brackets in Chinese, " (…)" in English (issue 18.14). */
  uiParen: '（{x}）',
  /** A label and what it says: full-width colon in Chinese. */
  uiLabelled: '{label}：{body}',
  /** The colon between a label and what follows it. */
  uiColon: '：',
} as const;
