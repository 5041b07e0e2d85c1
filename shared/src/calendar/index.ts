export * from './ymd';
export type * from './types';
export {
  addWorkingDays,
  chinaCalendar,
  createCalendar,
  isWorkingDay,
  previousOrSameWorkingDay,
  weekdayCalendar,
  workingDaysBetween,
  workingDaysInRange,
  workingTimeElapsed,
} from './calendar';
export { CHINA_HOLIDAY_YEARS, CN_2023, CN_2024, CN_2025, CN_2026, CN_2027 } from './data/index';
