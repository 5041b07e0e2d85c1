import type { screensZh } from './messages';

/** English: loaded only when English is chosen (i18n/i18n.tsx); every key of screensZh (the type enforces it). */
export const screensEn: Record<keyof typeof screensZh, string> = {
  scNav: 'Screens',
  scHeading: 'Wall screens',
  scNew: 'New screen',
  scId: 'Id',
  scTitle: 'Title',
  scPlan: 'Plan',
  scRotation: 'Rotation (seconds)',
  scViews: 'Playlist',
  scAddView: 'Add',
  scSave: 'Save',
  scSaved: 'Saved',
  scOpen: 'Open screen',
  scUp: 'Up',
  scDown: 'Down',
  scRemove: 'Remove',
  scSection: 'Section',
  scTarget: 'Target',
  scUnit: 'Department',
  scDwell: 'Stay (seconds)',
  scDwellHint: 'empty: the rotation interval',
  scSeconds: '{n} s',
};
