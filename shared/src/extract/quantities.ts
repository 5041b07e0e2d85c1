import { parseNumber, quantityAt, type Quantity } from './numbers';

export interface FoundQuantity extends Quantity {
  /** Offsets in the scanned text, end exclusive; the slice is `text`. */
  start: number;
  end: number;
  /** Set for ranges such as 3-5个 or 三至五个: `value` is then the lower end, the floor to meet. */
  upTo: number | undefined;
}

// 到 only after digits: after a Chinese character it is usually a verb ending (统一到, 落实到).
const RANGE_BEFORE = /(?:(\d+(?:\.\d+)?)\s*(?:-|~|～|—|至|到)|([一二两三四五六七八九十百千]+)\s*(?:-|~|～|至))\s*$/;

// 逾万人, 近千户, 上万人次: 万 and 千 alone after a word of degree are a round figure.
const NUMBER_START = /\d|[零〇一二两三四五六七八九十百廿卅]|(?<=[逾近超破上])[万千]/g;
/** A list item's number and its dot right before a figure at the start of a line: "3.3座", "10.8座". */
// Only before a classifier of things: "2.5万元" and "1.5公里" at the start of a line stay decimals.
const LIST_MARKER = /^\d{1,2}\.(?=\d{1,4}[个座家所处条项名人户张台辆间场次件套栋幢批支])/;
const CHINESE_NUMERAL = /[零〇一二两三四五六七八九十百千万亿廿卅]/;

/**
 * Every number-with-unit in `text` that could be a commitment. Hard exclusions live here: they
 * are never commitments whatever the sentence says. Softer judgements (a meeting's attendance,
 * a number inside a quoted name) are left to scoring so they stay visible below the threshold.
 */
export function findQuantities(text: string): FoundQuantity[] {
  const found: FoundQuantity[] = [];
  NUMBER_START.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = NUMBER_START.exec(text)) !== null) {
    // "3.3座公园增设…" at the start of a line: the first 3. numbers the list item, the figure follows.
    const marker = match.index === 0 || text.charAt(match.index - 1) === '\n' ? LIST_MARKER.exec(text.slice(match.index)) : null;
    const start = match.index + (marker?.[0].length ?? 0);
    if (!marker && startsMidNumber(text, start)) continue;
    const quantity = quantityAt(text, start);
    if (!quantity) continue;
    const end = start + quantity.text.length;
    NUMBER_START.lastIndex = end;
    const range = RANGE_BEFORE.exec(text.slice(Math.max(0, start - 12), start));
    const lowerText = range?.[1] ?? range?.[2];
    const lower = lowerText === undefined ? undefined : parseNumber(lowerText);
    const rangeStart = start - (range?.[0].length ?? 0);
    if (range && lower !== undefined && lower < quantity.value && !isExcluded(text, rangeStart, quantity)) {
      found.push({
        ...quantity,
        value: lower,
        upTo: quantity.value,
        text: text.slice(rangeStart, end),
        start: rangeStart,
        end,
      });
      continue;
    }
    if (isExcluded(text, start, quantity, marker !== null)) continue;
    found.push({ ...quantity, start, end, upTo: undefined });
  }
  return found;
}

/** True inside a number: the 2 of 12, the 57 of 1.57, the 842 of 3,842, the 十 of 三十. */
function startsMidNumber(text: string, start: number): boolean {
  const before = text.charAt(start - 1);
  if (/\d/.test(text.charAt(start)))
    return /\d/.test(before) || (/[.,]/.test(before) && /\d/.test(text.charAt(start - 2)));
  return CHINESE_NUMERAL.test(before);
}

function isExcluded(text: string, start: number, q: Quantity, afterMarker = false): boolean {
  // "第 3 名" is as much an ordinal as 第3名.
  const before = afterMarker ? '' : /[ \t\u3000]/.test(text.charAt(start - 1)) ? text.charAt(start - 2) : text.charAt(start - 1);
  const digits = q.text.replace(/[^\d]/g, '');
  // Ordinals (第五届, 第二名) and ranks (前10名) are positions, not amounts.
  if (before === '第') return true;
  if (before === '前' && (q.unit === '名' || q.unit === '位')) return true;
  // Part of a code, version, date or phone number: B2, v6.0, 2025-01, 021-6543 …
  if (q.numeral === 'arabic' && /[A-Za-z\-/:._#]/.test(before)) return true;
  if (q.numeral === 'arabic' && /^[-/:]\d/.test(text.slice(start + q.text.length))) return true;
  // "5 9亿元", "1 3亿元": a decimal point lost when the page was copied; the figure is unreadable.
  if (q.numeral === 'arabic' && /\d[ \t\u00a0]$/.test(text.slice(Math.max(0, start - 2), start))) return true;
  // 9时30分, 8点15分: a time of day, not a score.
  if (q.unit === '分' && /[时点]$/.test(before)) return true;
  // 24小时: round the clock (24小时封闭式管理, 24小时不打烊), a set phrase rather than hours of service.
  if (q.unit === '小时' && q.value === 24) return true;
  // Eleven-digit mobile numbers and the like; real amounts this large are written with 万 or 亿.
  if (q.numeral === 'arabic' && !q.text.includes(',') && !q.text.includes('.') && digits.length >= 7) return true;
  // 协兴村4栋、9栋, 长宁路155弄48号: a building after a place name is an address.
  if (/^[栋幢]$/.test(q.unit) && /[村路弄巷街苑园里庄社区]$/.test(text.slice(0, start).replace(/(?:\d+[栋幢][、,，])+$/, ''))) return true;
  // 一个, 一支, 一批: in Chinese prose 一 with a classifier is an article ("a"), not a target of one.
  if (q.numeral === 'chinese' && q.text.startsWith('一') && q.value === 1) return true;
  return false;
}
