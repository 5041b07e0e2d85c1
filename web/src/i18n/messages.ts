import { authEn, authZh } from '../auth/messages';
import { dashboardEn, dashboardZh } from '../dashboard/messages';
import { planImportEn, planImportZh } from '../plan-import/messages';
import { reportEn, reportZh } from '../report/messages';
import { photoEn, photoZh } from '../report/photos/messages';
import { screensEn, screensZh } from '../screens/messages';
import { uiEn, uiZh } from '../ui/messages';
import { usersEn, usersZh } from '../users/messages';
import { wallEn, wallZh } from '../wall/messages';
import { planAdminEn, planAdminZh } from '../plan-admin/messages';
import { screenLinksEn, screenLinksZh } from '../screens/admin/messages';
import { supervisionEn, supervisionZh } from '../supervision/messages';

/**
 * zh-CN is the default; every key must exist in both languages (the type enforces it).
 * Each feature owns its words in <feature>/messages.ts; this file spreads them together
 * with the few app-wide words.
 */
export const zh = {
  ...reportZh,
  ...photoZh,
  ...planImportZh,
  ...dashboardZh,
  ...uiZh,
  ...wallZh,
  ...screensZh,
  ...usersZh,
  ...authZh,
  ...screenLinksZh,
  ...planAdminZh,
  ...supervisionZh,
  appName: '落实',
  appSubtitle: '目标任务跟踪',
  targets: '目标任务',
  current: '当前完成',
  target: '目标值',
  progress: '完成率',
  lastReport: '最近上报',
  never: '尚未上报',
  loading: '加载中…',
  loadError: '数据加载失败',
  retry: '重试',
  empty: '暂无数据',
  live: '实时',
  offline: '连接中断',
  reconnecting: '正在重连',
  dataAsOf: '数据时间',
  series: '完成进度',
  back: '返回',
  language: 'English',
  noTarget: '未找到该目标',
  due: '截止',
  plan: '计划',
  // punctuation between words: full-width in Chinese, ASCII in English (issue 18.14)
  colon: '：',
  semi: '；',
  comma: '，',
  paren: '（{x}）',
  appUpdated: '已更新到新版本',
  appReload: '刷新',
} as const;

export type MessageKey = keyof typeof zh;

export const en: Record<MessageKey, string> = {
  ...reportEn,
  ...photoEn,
  ...planImportEn,
  ...dashboardEn,
  ...uiEn,
  ...wallEn,
  ...screensEn,
  ...usersEn,
  ...authEn,
  ...screenLinksEn,
  ...planAdminEn,
  ...supervisionEn,
  appName: 'Luoshi',
  appSubtitle: 'Commitment tracker',
  targets: 'Targets',
  current: 'Current',
  target: 'Target',
  progress: 'Progress',
  lastReport: 'Last report',
  never: 'Never reported',
  loading: 'Loading…',
  loadError: 'Could not load data',
  retry: 'Retry',
  empty: 'Nothing here yet',
  live: 'Live',
  offline: 'Disconnected',
  reconnecting: 'Reconnecting',
  dataAsOf: 'Data as of',
  series: 'Progress',
  back: 'Back',
  language: '中文',
  noTarget: 'Target not found',
  due: 'Due',
  plan: 'Plan',
  colon: ': ',
  semi: '; ',
  comma: ', ',
  paren: ' ({x})',
  appUpdated: 'A new version is ready',
  appReload: 'Reload',
};
