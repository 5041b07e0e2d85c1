/**
 * One year's public-holiday arrangement as the State Council General Office
 * (国务院办公厅) publishes it each autumn for the next year.
 */
export interface HolidayYear {
  year: number;
  /** The notice this data was transcribed from, e.g. 国办发明电〔2024〕12号. */
  source: string;
  /**
   * True when no notice had been published when the data was written: the days are
   * derived from the 放假办法 and must be replaced when the notice appears.
   */
  provisional: boolean;
  festivals: readonly Festival[];
}

/** One item of the notice: "春节：1月28日至2月4日放假调休，共8天。1月26日（周日）、2月8日（周六）上班。" */
export interface Festival {
  /** 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 (or a combined 国庆节、中秋节). */
  name: string;
  /** First and last day off, inclusive, exactly as the notice states them (weekends inside count). */
  from: string;
  to: string;
  /**
   * Statutory holiday days (法定节假日) inside the break under the 放假办法 in force.
   * Not used for computing; it lets a test check the transcription: weekdays off minus
   * make-up working days must equal this number.
   */
  statutoryDays: number;
  /** 调休 make-up working days: weekends that are working days (…上班). */
  makeUpWorkdays: readonly string[];
}

/** A working-day calendar: which days are working days, and counting over them. */
export interface WorkingCalendar {
  isWorkingDay(ymd: string): boolean;
  /** Working days d with start <= d < end (half-open); negative when end < start. */
  workingDaysBetween(startYmd: string, endYmd: string): number;
  /** See `addWorkingDays` in calendar.ts. */
  addWorkingDays(ymd: string, n: number): string;
  /** Years with holiday data; other years fall back to Monday–Friday. */
  readonly years: readonly number[];
  /** Years whose data is provisional (no published notice yet). */
  readonly provisionalYears: readonly number[];
}
