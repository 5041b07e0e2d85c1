import { authZh } from '../auth/messages';
import { dashboardZh } from '../dashboard/messages';
import { planImportZh } from '../plan-import/messages';
import { reportZh } from '../report/messages';
import { photoZh } from '../report/photos/messages';
import { screensZh } from '../screens/messages';
import { uiZh } from '../ui/messages';
import { usersZh } from '../users/messages';
import { wallZh } from '../wall/messages';
import { planAdminZh } from '../plan-admin/messages';
import { screenLinksZh } from '../screens/admin/messages';
import { supervisionZh } from '../supervision/messages';

/**
 * zh-CN is the default; every key must exist in both languages (the type enforces it).
 * Each feature owns its words in <feature>/messages.ts (Chinese) and messages.en.ts (English,
 * a chunk of its own: ./messages.en.ts); this file spreads the Chinese together with the few
 * app-wide words.
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
