/**
 * Units counted in whole numbers, for demo data: nobody places 0.4 of a person, and the
 * plans state areas in whole 平方米. Kilometres and percentages keep one decimal.
 */
export const WHOLE_UOMS: ReadonlySet<string> = new Set([
  '个',
  '人',
  '家',
  '件',
  '场',
  '条',
  '张',
  '户',
  '处',
  '家次',
  '人次',
  '项',
  '台',
  '次',
  '类',
  '起',
  '平方米',
]);
