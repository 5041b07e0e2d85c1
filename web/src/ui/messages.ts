/** Words of the shared UI pieces: status badges, completion marks, baselines. zh-CN first; the English record must carry every key (the type enforces it). */
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
} as const;

export const uiEn: Record<keyof typeof uiZh, string> = {
  stAchieved: 'Achieved',
  stOnTrack: 'On track',
  stBehind: 'Behind',
  stAtRisk: 'At risk',
  stOverdue: 'Overdue',
  stStale: 'Not reported',
  stNotStarted: 'Not started',
  ceWithin: 'Within limit',
  ceBreached: 'Over limit',
  overAchieved: 'Over-achieved',
  baselineTo: 'Baseline {b} → target {t}',
};
