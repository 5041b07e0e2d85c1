import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChineseNumber, parseNumber, parseQuantity } from './numbers';

describe('parseChineseNumber', () => {
  it.each([
    ['十', 10],
    ['十二', 12],
    ['二十五', 25],
    ['三十', 30],
    ['一百五十', 150],
    ['一百零五', 105],
    ['一百五', 150],
    ['两千', 2000],
    ['两千五', 2500],
    ['一万二千', 12000],
    ['一万五', 15000],
    ['三十万', 300000],
    ['一亿五千万', 150000000],
    ['百', 100],
    ['二〇二三', 2023],
  ])('%s → %d', (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it.each(['三四', '五六', '十百', '万', 'abc', ''])('refuses %s', (text) => {
    expect(parseChineseNumber(text)).toBeUndefined();
  });

  it('reads back every numeral it could be written as', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), (n) => {
        expect(parseChineseNumber(toChinese(n))).toBe(n);
      }),
    );
  });
});

describe('parseNumber', () => {
  it.each([
    ['3,842', 3842],
    ['12,345,678', 12345678],
    ['88.89', 88.89],
    ['1.57万', 15700],
    ['31.94万', 319400],
    ['1.2亿', 120000000],
    ['5千', 5000],
    ['三十', 30],
  ])('%s → %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it('multiplies decimals without floating-point drift', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const text = `${whole}.${String(cents).padStart(2, '0')}万`;
        expect(parseNumber(text)).toBe(whole * 10000 + cents * 100);
      }),
    );
  });
});

describe('parseQuantity', () => {
  it.each([
    ['1.57万人次', 15700, '人次'],
    ['31.94万人次', 319400, '人次'],
    ['202万平方米', 2020000, '平方米'],
    ['30万平方米', 300000, '平方米'],
    ['4.5公里', 4.5, '公里'],
    ['88.89%', 88.89, '%'],
    ['100％', 100, '%'],
    ['3,842家次', 3842, '家次'],
    ['1.2亿', 120000000, ''],
    ['1.2亿元', 1.2, '亿元'],
    ['300万元', 300, '万元'],
    ['三十万元', 30, '万元'],
    ['5千米', 5, '千米'],
    ['十二个', 12, '个'],
    ['二十五项', 25, '项'],
    ['一百五十家', 150, '家'],
    ['两千人', 2000, '人'],
    ['三十场', 30, '场'],
    ['152张床', 152, '张'],
    ['7684条', 7684, '条'],
    ['3个百分点', 3, '个百分点'],
  ])('%s → %d %s', (text, value, unit) => {
    const q = parseQuantity(text);
    expect(q?.value).toBe(value);
    expect(q?.unit).toBe(unit);
  });

  it.each([
    ['百余场', 100, '场', '余'],
    ['10余家', 10, '家', '余'],
    ['4000多名', 4000, '名', '多'],
    ['1.5万余人', 15000, '人', '余'],
  ])('reads the floor of %s', (text, value, unit, approx) => {
    expect(parseQuantity(text)).toMatchObject({ value, unit, approx });
  });

  it('keeps what was read, up to the end of the unit', () => {
    expect(parseQuantity('4.5公里万里城滨水活力带')?.text).toBe('4.5公里');
  });

  it.each([
    ['2023年', 'a year'],
    ['3月31日', 'a date'],
    ['6.0版', 'a version'],
    ['12345热线', 'a hotline'],
    ['358弄', 'an address'],
    ['10号线', 'a metro line'],
    ['15分钟', 'a duration'],
    ['5项目', 'a unit that is really the start of a noun'],
    ['7件套', 'a product name'],
  ])('finds no quantity in %s (%s)', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

/** Writes n the way an official document would (一万零五, 十万, 一百五十), for the round-trip property. */
function toChinese(n: number): string {
  const digits = '零一二三四五六七八九';
  const group = (m: number, leadingZero: boolean): string => {
    let out = '';
    let pendingZero = leadingZero;
    for (const [unit, size] of [
      ['千', 1000],
      ['百', 100],
      ['十', 10],
      ['', 1],
    ] as const) {
      const d = Math.floor(m / size) % 10;
      if (d === 0) {
        if (out !== '') pendingZero = true;
        continue;
      }
      if (pendingZero) out += '零';
      pendingZero = false;
      out += (unit === '十' && d === 1 && out === '' ? '' : digits.charAt(d)) + unit;
    }
    return out;
  };
  const yi = Math.floor(n / 1e8);
  const wan = Math.floor(n / 1e4) % 1e4;
  const rest = n % 1e4;
  let out = '';
  if (yi > 0) out += group(yi, false) + '亿';
  if (wan > 0) out += group(wan, out !== '' && wan < 1000) + '万';
  if (rest > 0) out += group(rest, out !== '' && (rest < 1000 || wan === 0));
  return out;
}

describe('round-5 number forms', () => {
  it('reads a space before 万 and before 余', async () => {
    const { parseQuantity } = await import('./numbers');
    expect(parseQuantity('1.2 万人次')).toMatchObject({ value: 12000, unit: '人次' });
    expect(parseQuantity('200 余万元')).toMatchObject({ value: 200, unit: '万元', approx: '余' });
  });

  it('reads a decimal in words, and 两亿 as an amount', async () => {
    const { parseQuantity, parseChineseNumber } = await import('./numbers');
    expect(parseChineseNumber('二点五')).toBe(2.5);
    expect(parseQuantity('三点六万人次')).toMatchObject({ value: 36000, unit: '人次' });
    expect(parseQuantity('二点五亿元')).toMatchObject({ value: 2.5, unit: '亿元' });
    expect(parseChineseNumber('一点')).toBeUndefined();
  });
});
