import { matchUnitAt, type UnitCategory, type UnitMatch } from './units';

const DIGIT: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNIT: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const MULTIPLIER: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 1e4, 亿: 1e8 };

/**
 * Reads a Chinese numeral: 十二, 二十五, 一百五十, 两千, 一万二千, and the spoken short forms
 * 一百五 (150) and 两千五 (2500). Digit-by-digit strings such as 二〇二三 read as 2023.
 * Returns undefined for anything that is not a well-formed numeral, notably approximations
 * like 三四 ("three or four"), which carry no single value to track.
 */
export function parseChineseNumber(input: string): number | undefined {
  // 二点五亿, 三点六万: a decimal in words; the digits after 点 are read one by one.
  const point = /^(.+)点([零〇一二三四五六七八九]+)([万亿]?)$/.exec(input);
  if (point) {
    const whole = parseChineseNumber(point[1]!);
    if (whole === undefined || /[万亿]/.test(point[1]!)) return undefined;
    const fraction = [...point[2]!].map((c) => DIGIT[c]).join('');
    return Number(`${whole}.${fraction}e${point[3] === '万' ? 4 : point[3] === '亿' ? 8 : 0}`);
  }
  // 廿 and 卅 are the literary 二十 and 三十 (廿三 = 23).
  const text = input.replace(/^廿/, '二十').replace(/^卅/, '三十');
  if (!/^[零〇一二两三四五六七八九十百千万亿]+$/.test(text)) return undefined;
  // Digit-by-digit (二〇二三) only when it cannot be an approximation like 三四 or 五六.
  if (/^[零〇一二两三四五六七八九]{2,}$/.test(text) && (/[零〇]/.test(text) || text.length >= 4)) {
    return Number([...text].map((c) => DIGIT[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let pending: number | undefined;
  // The last unit applied; a bare digit after it means "one unit lower" (一百五 = 150).
  let lastUnit = 0;
  let sawZero = false;
  for (const ch of text) {
    const digit = DIGIT[ch];
    if (digit !== undefined) {
      if (pending !== undefined) return undefined;
      if (digit === 0) {
        sawZero = true;
        continue;
      }
      pending = digit;
      continue;
    }
    const small = SMALL_UNIT[ch];
    if (small !== undefined) {
      if (lastUnit !== 0 && lastUnit <= small && section !== 0) return undefined;
      // 十 on its own (十二) means one ten; 百/千 on their own are accepted for 百余场.
      section += (pending ?? 1) * small;
      pending = undefined;
      lastUnit = small;
      sawZero = false;
      continue;
    }
    // 万 or 亿 close a section.
    section += pending ?? 0;
    pending = undefined;
    if (section === 0 && total === 0) return undefined;
    if (ch === '万') {
      total += section * 1e4;
      lastUnit = 1e4;
    } else {
      total = (total + section) * 1e8;
      lastUnit = 1e8;
    }
    section = 0;
    sawZero = false;
  }
  if (pending !== undefined) {
    // Spoken short form: 一百五 = 150, 两千五 = 2500, 一万五 = 15000; after 零 the digit is literal.
    const shortForm = !sawZero && lastUnit >= 100;
    section += shortForm ? (pending * lastUnit) / 10 : pending;
  }
  return total + section;
}

/**
 * Scales a decimal written in Arabic digits by a power of ten without floating-point drift:
 * 1.57 × 10⁴ must be exactly 15700, not 15700.000000000002, or value comparisons break.
 */
function scaleDecimal(intDigits: string, fraction: string, power: number): number {
  return Number(`${intDigits}${fraction}e${power - fraction.length}`);
}

function multiplierPower(chars: string): number {
  let power = 0;
  for (const ch of chars) power += Math.log10(MULTIPLIER[ch] ?? 1);
  return Math.round(power);
}

/**
 * Reads a number as written in these documents: 3,842 · 88.89 · 1.57万 · 1.2亿 · 5千 · 三十.
 * `power` scales by a further power of ten (a multiplier already split off the text).
 * Returns undefined when the text is not exactly one number.
 */
export function parseNumber(text: string, power = 0): number | undefined {
  const arabic = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([十百千万亿]*)$/.exec(text.trim());
  if (arabic) {
    const [, intPart = '', fraction = '', multipliers = ''] = arabic;
    return scaleDecimal(intPart.replaceAll(',', ''), fraction, power + multiplierPower(multipliers));
  }
  return parseChineseNumber(text.trim());
}

export type Numeral = 'arabic' | 'chinese';

export interface Quantity {
  value: number;
  /** '' when only a multiplier was written (1.2亿), never undefined, so JSON stays uniform. */
  unit: string;
  unitCategory: UnitCategory | undefined;
  numeral: Numeral;
  /** 余 or 多 written between the number and its unit: a floor rather than an exact figure. */
  approx: '余' | '多' | undefined;
  /** The characters read, from the first digit to the end of the unit. */
  text: string;
}

const ARABIC_AT = /\d+(?:,\d{3})*(?:\.\d+)?/y;
// A Chinese numeral may not start with 千/万/亿: 万里 (a place), 千家万户 (an idiom) are not numbers.
const CHINESE_AT = /[零〇一二两三四五六七八九十百廿卅][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+[万亿]?)?/y;
/** Between a number and its measure word the source may put one space: "新增志愿者 500 名", "10 所". */
const GAP = /^[ \t\u3000\u00a0]$/;

function numberTextAt(text: string, index: number): { raw: string; numeral: Numeral } | undefined {
  ARABIC_AT.lastIndex = index;
  const arabic = ARABIC_AT.exec(text);
  if (arabic) {
    let raw = arabic[0];
    // 10,3456 is not a grouped number; keep the part before the comma.
    if (raw.includes(',') && /\d/.test(text.charAt(index + raw.length))) raw = raw.slice(0, raw.indexOf(','));
    return { raw, numeral: 'arabic' };
  }
  CHINESE_AT.lastIndex = index;
  const chinese = CHINESE_AT.exec(text);
  // 逾万人: a lone 万 or 千 after a word of degree (the caller only starts there) is one of it.
  if (!chinese && /[万千]/.test(text.charAt(index)) && /[逾近超破上]/.test(text.charAt(index - 1))) {
    return { raw: text.charAt(index), numeral: 'chinese' };
  }
  if (!chinese) return undefined;
  let raw = chinese[0];
  // 三十万元 reads as 30 万元, the same as 30万元, not 300000 元.
  if (/[万亿]$/.test(raw) && text.charAt(index + raw.length) === '元' && raw.length > 1) raw = raw.slice(0, -1);
  return { raw, numeral: 'chinese' };
}

/**
 * Reads the quantity that starts at `index`: number, optional 余/多, optional 万/亿 multiplier,
 * then a unit. Returns undefined when there is no unit and no multiplier, because a bare number
 * in prose is almost never a commitment (list markers, codes, hotlines).
 */
export function quantityAt(text: string, index: number): Quantity | undefined {
  const found = numberTextAt(text, index);
  if (!found) return undefined;
  let cursor = index + found.raw.length;
  let approx: Quantity['approx'];
  let power = 0;
  const takeApprox = (): void => {
    // "200 余万元": the gap may come before 余/多 too.
    const gap = GAP.test(text.charAt(cursor)) && /[余多]/.test(text.charAt(cursor + 1)) ? 1 : 0;
    const ch = text.charAt(cursor + gap);
    if (ch === '余' || ch === '多') {
      approx = ch;
      cursor += 1 + gap;
    }
  };
  /** The unit at the cursor, allowing one space before it; moves the cursor past the space when found. */
  const unitHere = (): UnitMatch | undefined => {
    const direct = matchUnitAt(text, cursor);
    if (direct) return direct;
    if (!GAP.test(text.charAt(cursor))) return undefined;
    const spaced = matchUnitAt(text, cursor + 1);
    if (spaced) cursor += 1;
    return spaced;
  };
  // Units first, so that 千米 and 万元 are read as units rather than as multipliers.
  let unit = unitHere();
  if (!unit) {
    takeApprox();
    unit = unitHere();
  }
  // 1.57万人, 3.5万, 十余万人, 三百余万元: a multiplier after the number (or after its 余), then the unit.
  if (!unit) {
    // 1.2 万人次: web copy puts a space before the multiplier as it does before a unit.
    if (found.numeral === 'arabic' && GAP.test(text.charAt(cursor)) && /[万亿]/.test(text.charAt(cursor + 1))) cursor += 1;
    const written = /^[十百千万亿]{1,2}/.exec(text.slice(cursor, cursor + 2))?.[0] ?? '';
    const chineseAfterApprox = found.numeral === 'chinese' && approx !== undefined && /^[万亿]/.test(written);
    if (written !== '' && (found.numeral === 'arabic' || chineseAfterApprox)) {
      // 4.4万亿元 is 44000 亿元 (money keeps its 亿元); 1000万千瓦 is 10⁷ 千瓦: try the shorter
      // multiplier first when it leaves a unit, then the longer one.
      const start = cursor;
      const approxBefore = approx;
      for (const multipliers of written.length === 2 ? [written.slice(0, 1), written] : [written]) {
        cursor = start + multipliers.length;
        approx = approxBefore;
        if (approx === undefined) takeApprox();
        unit = unitHere();
        power = multiplierPower(multipliers);
        if (unit) break;
      }
      // Without a unit only 万 and 亿 make a figure (200万以上); 500千伏 is not 500,000 of anything.
      if (!unit && !/[万亿]$/.test(text.slice(start, start + written.length))) return undefined;
      if (!unit) {
        cursor = start + written.length;
        approx = approxBefore;
        if (approx === undefined) takeApprox();
        power = multiplierPower(written);
      }
    }
  }
  if (!unit && power === 0) return undefined;
  const lone = found.raw === '万' ? 1e4 : found.raw === '千' ? 1e3 : undefined;
  const base = found.numeral === 'arabic' ? parseNumber(found.raw) : (lone ?? parseChineseNumber(found.raw));
  if (base === undefined) return undefined;
  const value =
    found.numeral === 'arabic' ? (parseNumber(found.raw, power) ?? base) : Number(`${base}e${power}`);
  const end = cursor + (unit?.length ?? 0);
  return {
    value,
    unit: unit?.unit ?? '',
    unitCategory: unit?.kind,
    numeral: found.numeral,
    approx,
    text: text.slice(index, end),
  };
}

/** Reads the quantity at the start of `text`, e.g. parseQuantity('202万平方米') → 2020000 平方米. */
export function parseQuantity(text: string): Quantity | undefined {
  return quantityAt(text, 0);
}
