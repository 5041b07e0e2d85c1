import type { HolidayYear } from '../types';

/**
 * 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025年11月）.
 * 13 statutory days. 春节 is one of the "个别特殊情形": the break starts on 腊月二十八,
 * not on 除夕, and lasts 9 days.
 * Transcribed without network access: check the document number and the days against
 * gov.cn when someone has it at hand (the data test checks the arithmetic of every item).
 */
export const CN_2026: HolidayYear = {
  year: 2026,
  source: '国办发明电〔2025〕7号',
  provisional: false,
  festivals: [
    // 1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    { name: '元旦', from: '2026-01-01', to: '2026-01-03', statutoryDays: 1, makeUpWorkdays: ['2026-01-04'] },
    // 2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    {
      name: '春节',
      from: '2026-02-15',
      to: '2026-02-23',
      statutoryDays: 4,
      makeUpWorkdays: ['2026-02-14', '2026-02-28'],
    },
    // 4月4日（周六）至6日（周一）放假，共3天。
    { name: '清明节', from: '2026-04-04', to: '2026-04-06', statutoryDays: 1, makeUpWorkdays: [] },
    // 5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
    { name: '劳动节', from: '2026-05-01', to: '2026-05-05', statutoryDays: 2, makeUpWorkdays: ['2026-05-09'] },
    // 6月19日（周五）至21日（周日）放假，共3天。
    { name: '端午节', from: '2026-06-19', to: '2026-06-21', statutoryDays: 1, makeUpWorkdays: [] },
    // 9月25日（周五）至27日（周日）放假，共3天。
    { name: '中秋节', from: '2026-09-25', to: '2026-09-27', statutoryDays: 1, makeUpWorkdays: [] },
    // 10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
    {
      name: '国庆节',
      from: '2026-10-01',
      to: '2026-10-07',
      statutoryDays: 3,
      makeUpWorkdays: ['2026-09-20', '2026-10-10'],
    },
  ],
};
