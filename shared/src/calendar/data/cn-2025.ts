import type { HolidayYear } from '../types';

/**
 * 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）.
 * First year under the 2024-revised 《全国年节及纪念日放假办法》: 13 statutory days
 * (春节 adds 除夕, 劳动节 adds 5月2日).
 */
export const CN_2025: HolidayYear = {
  year: 2025,
  source: '国办发明电〔2024〕12号',
  provisional: false,
  festivals: [
    // 1月1日（周三）放假1天，不调休。
    { name: '元旦', from: '2025-01-01', to: '2025-01-01', statutoryDays: 1, makeUpWorkdays: [] },
    // 1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
    {
      name: '春节',
      from: '2025-01-28',
      to: '2025-02-04',
      statutoryDays: 4,
      makeUpWorkdays: ['2025-01-26', '2025-02-08'],
    },
    // 4月4日（周五）至6日（周日）放假，共3天。
    { name: '清明节', from: '2025-04-04', to: '2025-04-06', statutoryDays: 1, makeUpWorkdays: [] },
    // 5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
    { name: '劳动节', from: '2025-05-01', to: '2025-05-05', statutoryDays: 2, makeUpWorkdays: ['2025-04-27'] },
    // 5月31日（周六）至6月2日（周一）放假，共3天。
    { name: '端午节', from: '2025-05-31', to: '2025-06-02', statutoryDays: 1, makeUpWorkdays: [] },
    // 10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
    {
      name: '国庆节、中秋节',
      from: '2025-10-01',
      to: '2025-10-08',
      statutoryDays: 4,
      makeUpWorkdays: ['2025-09-28', '2025-10-11'],
    },
  ],
};
