/** Status words (shared by every page that shows a status badge). zh-CN first; the English record must carry every key (the type enforces it). */
export const statusZh = {
  stAchieved: '已完成',
  stOnTrack: '正常推进',
  stBehind: '进度滞后',
  stAtRisk: '存在风险',
  stOverdue: '已逾期',
  stStale: '未按时报送',
  stNotStarted: '未开始',
} as const;

export const statusEn: Record<keyof typeof statusZh, string> = {
  stAchieved: 'Achieved',
  stOnTrack: 'On track',
  stBehind: 'Behind',
  stAtRisk: 'At risk',
  stOverdue: 'Overdue',
  stStale: 'Not reported',
  stNotStarted: 'Not started',
};
