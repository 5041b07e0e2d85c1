import { describe, expect, it } from 'vitest';
import { plainText, rollCells, type RollCell } from './roll';

const text = (cells: RollCell[]) => cells.map((c) => c.ch).join('');
/** What each cell shows when the roll starts: the old number, as the odometer had it. */
const start = (cells: RollCell[]) => cells.map((c) => (c.roll ? (c.up ? c.strip[0] : c.strip.at(-1)) : c.ch)).join('');

describe('rollCells (翻牌器, issue 18.11)', () => {
  it('rolls only the digits that changed, upwards through every digit between, and ends on the new text', () => {
    const cells = rollCells('93.8', '94.1', true);
    expect(text(cells)).toBe('94.1');
    expect(start(cells)).toBe('93.8');
    expect(cells[0]).toEqual({ roll: false, ch: '9' });
    expect(cells[1]).toEqual({ roll: true, ch: '4', strip: ['3', '4'], up: true });
    expect(cells[2]).toEqual({ roll: false, ch: '.' });
    // 8 → 1 upwards wraps through 9 and 0.
    expect(cells[3]).toEqual({ roll: true, ch: '1', strip: ['8', '9', '0', '1'], up: true });
  });
  it('rolls down when the value fell (the strip is drawn top to bottom, ending at the top)', () => {
    const cells = rollCells('52', '49', false);
    expect(text(cells)).toBe('49');
    expect(cells[0]).toEqual({ roll: true, ch: '4', strip: ['4', '5'], up: false });
    expect(cells[1]).toEqual({ roll: true, ch: '9', strip: ['9', '0', '1', '2'], up: false });
    expect(start(cells)).toBe('52');
  });
  it('lines numbers up at the decimal point when they gain a place or lose the decimals', () => {
    const grown = rollCells('99.9', '100', true);
    expect(text(grown)).toBe('100');
    expect(grown[0]).toMatchObject({ roll: true, ch: '1', strip: ['0', '1'] });
    expect(grown[1]).toMatchObject({ roll: true, ch: '0', strip: ['9', '0'] });
    const shrunk = rollCells('1,000', '998', false);
    expect(text(shrunk)).toBe('998');
    expect(text(rollCells('9.5万 平方米', '10.25万 平方米', true))).toBe('10.25万 平方米');
    expect(text(rollCells('—', '12.5', true))).toBe('12.5');
    expect(text(rollCells('12.5', '—', false))).toBe('—');
    expect(rollCells('7', '7', true)).toEqual([{ roll: false, ch: '7' }]);
  });
  it('always ends on exactly the new text', () => {
    const samples = ['0', '5', '9.9', '10', '93.8', '100', '1,234', '12,000', '3.4万', '—', '127 人', '98.05%', ''];
    for (const a of samples) for (const b of samples) for (const up of [true, false]) expect(text(rollCells(a, b, up)), `${a} → ${b}`).toBe(b);
  });
});

describe('plainText', () => {
  it('reads strings, numbers and arrays of them; anything else is not rolled', () => {
    expect(plainText('93.8')).toBe('93.8');
    expect(plainText(12)).toBe('12');
    expect(plainText(['93.8', '%'])).toBe('93.8%');
    expect(plainText([{ type: 'b' }])).toBeNull();
    expect(plainText(null)).toBeNull();
  });
});
