import { reportEn } from '../report/messages.en';
import { photoEn } from '../report/photos/messages.en';
import { planImportEn } from '../plan-import/messages.en';
import { dashboardEn } from '../dashboard/messages.en';
import { uiEn } from '../ui/messages.en';
import { wallEn } from '../wall/messages.en';
import { screensEn } from '../screens/messages.en';
import { usersEn } from '../users/messages.en';
import { authEn } from '../auth/messages.en';
import { screenLinksEn } from '../screens/admin/messages.en';
import { planAdminEn } from '../plan-admin/messages.en';
import { supervisionEn } from '../supervision/messages.en';
import type { MessageKey } from './messages';

/**
 * The English words, one chunk loaded only when English is chosen (i18n.tsx): zh-CN is the
 * default, and a phone on a slow link should not download a language it does not show
 * (issue 18.9). Each feature writes its English beside its Chinese, in <feature>/messages.en.ts.
 */
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
