import type { HolidayYear } from '../types';

/**
 * 国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号，2023年10月25日）.
 * Under the 2013 放假办法: 11 statutory days. 除夕 (2月9日) was a working day on which
 * employers were only *encouraged* to let staff rest, so it is a working day here.
 */
export const CN_2024: HolidayYear = {
  year: 2024,
  source: '国办发明电〔2023〕7号',
  provisional: false,
  festivals: [
    // 1月1日放假，与周末连休。
    { name: '元旦', from: '2024-01-01', to: '2024-01-01', statutoryDays: 1, makeUpWorkdays: [] },
    // 2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
    {
      name: '春节',
      from: '2024-02-10',
      to: '2024-02-17',
      statutoryDays: 3,
      makeUpWorkdays: ['2024-02-04', '2024-02-18'],
    },
    // 4月4日至6日放假调休，共3天。4月7日（星期日）上班。
    { name: '清明节', from: '2024-04-04', to: '2024-04-06', statutoryDays: 1, makeUpWorkdays: ['2024-04-07'] },
    // 5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
    {
      name: '劳动节',
      from: '2024-05-01',
      to: '2024-05-05',
      statutoryDays: 1,
      makeUpWorkdays: ['2024-04-28', '2024-05-11'],
    },
    // 6月10日放假，与周末连休。
    { name: '端午节', from: '2024-06-10', to: '2024-06-10', statutoryDays: 1, makeUpWorkdays: [] },
    // 9月15日至17日放假调休，共3天。9月14日（星期六）上班。
    { name: '中秋节', from: '2024-09-15', to: '2024-09-17', statutoryDays: 1, makeUpWorkdays: ['2024-09-14'] },
    // 10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
    {
      name: '国庆节',
      from: '2024-10-01',
      to: '2024-10-07',
      statutoryDays: 3,
      makeUpWorkdays: ['2024-09-29', '2024-10-12'],
    },
  ],
};
