import type { HolidayYear } from '../types';

/**
 * 国务院办公厅关于2023年部分节假日安排的通知（国办发明电〔2022〕16号，2022年12月8日）.
 * Under the 2013 放假办法: 11 statutory days (春节 初一至初三).
 */
export const CN_2023: HolidayYear = {
  year: 2023,
  source: '国办发明电〔2022〕16号',
  provisional: false,
  festivals: [
    // 2022年12月31日至2023年1月2日放假调休，共3天。
    { name: '元旦', from: '2022-12-31', to: '2023-01-02', statutoryDays: 1, makeUpWorkdays: [] },
    // 1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
    {
      name: '春节',
      from: '2023-01-21',
      to: '2023-01-27',
      statutoryDays: 3,
      makeUpWorkdays: ['2023-01-28', '2023-01-29'],
    },
    // 4月5日放假，共1天。
    { name: '清明节', from: '2023-04-05', to: '2023-04-05', statutoryDays: 1, makeUpWorkdays: [] },
    // 4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
    {
      name: '劳动节',
      from: '2023-04-29',
      to: '2023-05-03',
      statutoryDays: 1,
      makeUpWorkdays: ['2023-04-23', '2023-05-06'],
    },
    // 6月22日至24日放假调休，共3天。6月25日（星期日）上班。
    { name: '端午节', from: '2023-06-22', to: '2023-06-24', statutoryDays: 1, makeUpWorkdays: ['2023-06-25'] },
    // 9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。
    {
      name: '中秋节、国庆节',
      from: '2023-09-29',
      to: '2023-10-06',
      statutoryDays: 4,
      makeUpWorkdays: ['2023-10-07', '2023-10-08'],
    },
  ],
};
