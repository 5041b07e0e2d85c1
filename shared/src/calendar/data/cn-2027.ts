import type { HolidayYear } from '../types';

/**
 * PROVISIONAL. The 2027 notice (expected from 国务院办公厅 around November 2026) had not
 * been seen when this was written. Derived from the 2024-revised 《全国年节及纪念日放假办法》
 * (国务院令第795号, in force since 2025-01-01):
 *   - statutory days: 元旦 1, 春节 4 (除夕 to 初三), 清明节 1, 劳动节 2 (5月1日、2日),
 *     端午节 1, 中秋节 1, 国庆节 3 (10月1日至3日) — 13 in all;
 *   - 第六条: a statutory day that falls on Saturday or Sunday is made up on the next
 *     working day(s) (补假), which IS derivable, so it is encoded;
 *   - 调休 (extra days off paid back by working a weekend) is decided afresh each year and
 *     CANNOT be derived, so none is encoded. The yearly total of working days is therefore
 *     already right (调休 only moves days); only days near a holiday may shift by one or two.
 * Lunar dates: 除夕 2027-02-05 (the new moon is at 23:56 Beijing time on 02-06, so 正月初一
 * is 02-06 and 腊月 has 29 days), 端午 五月初五 = 06-09, 中秋 八月十五 = 09-15; 清明 (sun
 * at 15°) 2027-04-05 08:14 Beijing time.
 */
export const CN_2027: HolidayYear = {
  year: 2027,
  source: 'provisional: 《全国年节及纪念日放假办法》(2024年修订) — replace with the 2027 国办发明电 notice',
  provisional: true,
  festivals: [
    // 1月1日（周五），与周末连休。
    { name: '元旦', from: '2027-01-01', to: '2027-01-01', statutoryDays: 1, makeUpWorkdays: [] },
    // 除夕2月5日（周五）、初一6日（周六）、初二7日（周日）、初三8日（周一）；6日、7日补假于9日、10日。
    { name: '春节', from: '2027-02-05', to: '2027-02-10', statutoryDays: 4, makeUpWorkdays: [] },
    // 4月5日（周一），与周末连休。
    { name: '清明节', from: '2027-04-05', to: '2027-04-05', statutoryDays: 1, makeUpWorkdays: [] },
    // 5月1日（周六）、2日（周日），补假于3日、4日。
    { name: '劳动节', from: '2027-05-01', to: '2027-05-04', statutoryDays: 2, makeUpWorkdays: [] },
    // 6月9日（周三）。
    { name: '端午节', from: '2027-06-09', to: '2027-06-09', statutoryDays: 1, makeUpWorkdays: [] },
    // 9月15日（周三）。
    { name: '中秋节', from: '2027-09-15', to: '2027-09-15', statutoryDays: 1, makeUpWorkdays: [] },
    // 10月1日（周五）至3日（周日），2日、3日补假于4日、5日。
    { name: '国庆节', from: '2027-10-01', to: '2027-10-05', statutoryDays: 3, makeUpWorkdays: [] },
  ],
};
