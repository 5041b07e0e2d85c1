/**
 * Calendar-date arithmetic on `YYYY-MM-DD` strings.
 *
 * A date string names a day in China Standard Time, but no function here ever asks the
 * host for its time zone: a day is turned into a "day number" (days since 1970-01-01)
 * through `Date.UTC`, so 2025-03-30 is the same day in Shanghai, Berlin and a CI box in UTC.
 */

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;

const realDates = new Set<string>();

/** True for a well-formed, real calendar date (2025-02-30 is not one). */
export function isYmd(s: string): boolean {
  // Every event's date is checked (ingest, door): the real dates met are remembered.
  if (realDates.has(s)) return true;
  const m = YMD.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  const real = dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
  if (real) {
    if (realDates.size >= 10_000) realDates.clear();
    realDates.add(s);
  }
  return real;
}

/*
 * dayNumber and fromDayNumber sit under every calendar computation (an overview assesses
 * hundreds of targets, each a few dozen conversions) and a regex plus a Date each cost a
 * microsecond. The dates met in practice are a few thousand, so both directions are
 * memoised; the caches are dropped whole if they ever grow past CACHE_LIMIT.
 */
const CACHE_LIMIT = 100_000;
const numberOf = new Map<string, number>();
const ymdOf = new Map<number, string>();

/** Days since 1970-01-01 (negative before). Throws RangeError on a malformed date: that is a bug upstream. */
export function dayNumber(ymd: string): number {
  const hit = numberOf.get(ymd);
  if (hit !== undefined) return hit;
  const m = YMD.exec(ymd);
  if (!m || !isYmd(ymd)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(ymd)}`);
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
  if (numberOf.size >= CACHE_LIMIT) numberOf.clear();
  numberOf.set(ymd, n);
  return n;
}

/** Inverse of `dayNumber`. */
export function fromDayNumber(n: number): string {
  const hit = ymdOf.get(n);
  if (hit !== undefined) return hit;
  if (!Number.isInteger(n)) throw new RangeError(`day number must be an integer: ${n}`);
  const iso = new Date(n * MS_PER_DAY).toISOString();
  if (iso.length !== 24) throw new RangeError(`day number ${n} is outside years 0000–9999`);
  const ymd = iso.slice(0, 10);
  if (ymdOf.size >= CACHE_LIMIT) ymdOf.clear();
  ymdOf.set(n, ymd);
  return ymd;
}

export function addDays(ymd: string, n: number): string {
  return fromDayNumber(dayNumber(ymd) + n);
}

/** Calendar days from `a` to `b` (b − a); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
export function dayOfWeek(ymd: string): number {
  return weekdayOfDayNumber(dayNumber(ymd));
}

export function weekdayOfDayNumber(n: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((n + 4) % 7) + 7) % 7;
}

export function isWeekend(ymd: string): boolean {
  const d = dayOfWeek(ymd);
  return d === 0 || d === 6;
}

export function yearOf(ymd: string): number {
  return Number(ymd.slice(0, 4));
}

/** Lexicographic order is date order for well-formed strings; these read better at call sites. */
export function minYmd(a: string, b: string): string {
  return a <= b ? a : b;
}
export function maxYmd(a: string, b: string): string {
  return a >= b ? a : b;
}

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Epoch ms of an ISO 8601 instant, or NaN. Never reads the host's zone: a date-time
 * without an offset is taken as China time (Date.parse would take it as local time), a
 * bare date as midnight China time.
 */
export function parseInstant(s: string): number {
  const utc = utcInstantMs(s);
  if (utc !== null) return utc;
  if (YMD.test(s)) return isYmd(s) ? chinaDayStartMs(s) : Number.NaN;
  if (LOCAL_DATE_TIME.test(s) && !HAS_ZONE.test(s)) return Date.parse(`${s}+08:00`);
  return Date.parse(s);
}

/** Digit value of the char at i, or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The number written by the digits s[from, to), or -1 when one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = digitAt(s, i);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Epoch ms of the form every producer and `toISOString` write, `YYYY-MM-DDTHH:MM:SSZ` or
 * `YYYY-MM-DDTHH:MM:SS.sssZ`, read from its digits; null for anything else (then
 * Date.parse decides). Ingest reads each event's instant several times per batch, and
 * Date.parse with its three pattern tests cost about 1.5 µs a call. Only fields Date.parse
 * reads the same way are taken (month 1–12, day 1–28, hour < 24, minute and second < 60),
 * so the answer is Date.parse's: a property test compares them.
 */
function utcInstantMs(s: string): number | null {
  const n = s.length;
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 /* Z */) return null;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return null;
  if (n === 24 && s[19] !== '.') return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  const h = digits(s, 11, 13);
  const mi = digits(s, 14, 16);
  const sec = digits(s, 17, 19);
  const ms = n === 24 ? digits(s, 20, 23) : 0;
  // Date.UTC reads years 0–99 as 1900–1999: those are left to Date.parse.
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 28 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0) return null;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
}

const chinaDateOf = new Map<string, string | null>();

/**
 * The China calendar date of an instant. Accepts an ISO 8601 date-time (`2025-03-01T23:30:00Z`
 * is 2025-03-02 in China; without an offset it is read as China time), a bare `YYYY-MM-DD`
 * (returned as is), epoch milliseconds or a Date. Returns null for what cannot be parsed.
 */
export function chinaDate(at: string | number | Date): string | null {
  if (typeof at !== 'string') {
    const ms = typeof at === 'number' ? at : at.getTime();
    return Number.isFinite(ms) ? new Date(ms + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10) : null;
  }
  // Ingest asks this of every event several times (period, effective day): memoised like dayNumber.
  const hit = chinaDateOf.get(at);
  if (hit !== undefined) return hit;
  let day: string | null;
  if (YMD.test(at)) day = isYmd(at) ? at : null;
  else {
    const ms = parseInstant(at);
    day = Number.isFinite(ms) ? new Date(ms + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10) : null;
  }
  if (chinaDateOf.size >= CACHE_LIMIT) chinaDateOf.clear();
  chinaDateOf.set(at, day);
  return day;
}

/** The instant (epoch ms) at which day `ymd` begins in China: 00:00 +08:00. */
export function chinaDayStartMs(ymd: string): number {
  return dayNumber(ymd) * MS_PER_DAY - CHINA_UTC_OFFSET_MS;
}

/** Monday of the ISO week containing `ymd` (Chinese weeks start on Monday). */
export function startOfWeek(ymd: string): string {
  const dow = dayOfWeek(ymd);
  return addDays(ymd, -((dow + 6) % 7));
}

export function startOfMonth(ymd: string): string {
  return `${ymd.slice(0, 7)}-01`;
}

/** First day of the month after the one containing `ymd`. */
export function startOfNextMonth(ymd: string): string {
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(5, 7));
  return m === 12
    ? `${String(y + 1).padStart(4, '0')}-01-01`
    : `${ymd.slice(0, 4)}-${String(m + 1).padStart(2, '0')}-01`;
}
