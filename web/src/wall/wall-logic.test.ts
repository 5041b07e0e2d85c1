import { describe, expect, it } from 'vitest';
import { checkScreenInput } from '@luoshi/shared';
import { columnsOf, isPortrait, listAreaVh, listColumns, listRowVh, rowsThatFit, tileGrid } from './layout';
import { dwellsMs, pinnedView, rotationAt } from './rotation';
import { freshness, staleAfterMs, staleOverrideMs } from './staleness';
import { wallLang } from './lang';
import { msUntilChinaTime } from './schedule';
import { authHeaders, deviceLink, takeToken, TOKEN_KEY, withoutToken } from './token';

describe('rotation', () => {
  const even = (n: number, ms: number) => Array.from({ length: n }, () => ms);
  it('walks the playlist by the clock and wraps around', () => {
    expect(rotationAt(0, 0, even(6, 20_000))).toEqual({ index: 0, progress: 0, msLeft: 20_000, slot: 0 });
    expect(rotationAt(0, 25_000, even(6, 20_000))).toMatchObject({ index: 1, progress: 0.25, msLeft: 15_000, slot: 1 });
    expect(rotationAt(0, 6 * 20_000 + 1, even(6, 20_000))).toMatchObject({ index: 0, slot: 6 });
    // A screen asleep for a day does not queue up rotations: it lands where the clock says.
    expect(rotationAt(0, 86_400_000 + 45_000, even(6, 20_000)).index).toBe((4320 + 2) % 6);
  });
  it('keeps each view for its own dwell time (issue 18.11)', () => {
    const d = [2_000, 4_000, 10_000];
    const at = (ms: number) => rotationAt(1_000, 1_000 + ms, d);
    expect(at(0)).toEqual({ index: 0, progress: 0, msLeft: 2_000, slot: 0 });
    expect(at(1_999)).toMatchObject({ index: 0, msLeft: 1 });
    expect(at(2_000)).toEqual({ index: 1, progress: 0, msLeft: 4_000, slot: 1 });
    expect(at(5_000)).toMatchObject({ index: 1, progress: 0.75, msLeft: 1_000 });
    expect(at(6_000)).toEqual({ index: 2, progress: 0, msLeft: 10_000, slot: 2 });
    expect(at(15_999)).toMatchObject({ index: 2, msLeft: 1 });
    // The cycle is 16 s: the second round starts with view 0 again, slots count on.
    expect(at(16_000)).toEqual({ index: 0, progress: 0, msLeft: 2_000, slot: 3 });
    expect(at(16_000 * 1_000 + 7_000)).toMatchObject({ index: 2, msLeft: 9_000, slot: 3_002 });
    // Every switch lands exactly on the sum of the dwells before it.
    let prev = at(0).index;
    const switches: number[] = [];
    for (let ms = 0; ms < 32_000; ms += 250) {
      const i = at(ms).index;
      if (i !== prev) switches.push(ms);
      prev = i;
    }
    expect(switches).toEqual([2_000, 6_000, 16_000, 18_000, 22_000]);
  });
  it('survives an empty playlist, a zero dwell and a clock that went back', () => {
    expect(rotationAt(0, 1_000, []).index).toBe(0);
    expect(rotationAt(0, 1_000, [0, 0, 0])).toMatchObject({ index: 0, msLeft: Infinity });
    expect(rotationAt(0, 1_000, [5_000, 0])).toMatchObject({ index: 0, msLeft: Infinity });
    expect(rotationAt(10_000, 5_000, even(3, 1_000))).toMatchObject({ index: 0, progress: 0, slot: 0 });
  });
  it('holds a view still with ?view=<n> when n is a valid index', () => {
    expect(pinnedView('2', 6)).toBe(2);
    expect(pinnedView('0', 6)).toBe(0);
    for (const bad of [null, '', '6', '-1', '1.5', 'x']) expect(pinnedView(bad, 6)).toBeNull();
  });
  it("takes each view's dwell, else the screen's interval; ?rotate= seconds override them all, nonsense is ignored", () => {
    const views = [{}, { dwellSeconds: 45 }, { dwellSeconds: 5 }];
    expect(dwellsMs(views, 20, null)).toEqual([20_000, 45_000, 5_000]);
    expect(dwellsMs(views, 20, '1')).toEqual([1_000, 1_000, 1_000]);
    expect(dwellsMs(views, 20, '0.5')).toEqual([500, 500, 500]);
    for (const bad of ['', 'abc', '0', '-3', '0.01', '99999', 'Infinity']) expect(dwellsMs(views, 20, bad)).toEqual([20_000, 45_000, 5_000]);
    expect(dwellsMs([], 20, null)).toEqual([]);
  });
});

describe('staleness', () => {
  const base = { nowMs: 100_000, rotationMs: 20_000 };
  it('is live while the server is heard, stale after four missed heartbeats or two rotations', () => {
    expect(staleAfterMs(20_000)).toBe(60_000);
    expect(staleAfterMs(60_000)).toBe(120_000);
    expect(freshness({ ...base, connected: true, lastHeardMs: 95_000 })).toBe('live');
    expect(freshness({ ...base, connected: true, lastHeardMs: 40_000 })).toBe('live');
    expect(freshness({ ...base, connected: true, lastHeardMs: 39_999 })).toBe('stale');
  });
  it('says offline when the link is down, connecting before the first contact', () => {
    expect(freshness({ ...base, connected: false, lastHeardMs: 99_000 })).toBe('offline');
    expect(freshness({ ...base, connected: false, lastHeardMs: null })).toBe('connecting');
    expect(freshness({ ...base, connected: true, lastHeardMs: null })).toBe('live');
  });
});

describe('layout', () => {
  it('fits tiles to the screen shape: wider screens get more columns, never more rows than allowed', () => {
    expect(tileGrid(15, 16 / 9)).toEqual({ cols: 4, rows: 4 });
    const wide = tileGrid(15, 32 / 9);
    expect(wide.cols).toBeGreaterThan(4);
    expect(wide.cols * wide.rows).toBeGreaterThanOrEqual(15);
    expect(tileGrid(200, 16 / 9, { maxRows: 5 }).rows).toBeLessThanOrEqual(5);
    expect(tileGrid(0, 16 / 9)).toEqual({ cols: 1, rows: 1 });
    expect(tileGrid(1, 16 / 9)).toEqual({ cols: 1, rows: 1 });
  });
  it('splits lists into columns and counts what does not fit', () => {
    expect(rowsThatFit(70, 7)).toBe(10);
    expect(rowsThatFit(5, 7)).toBe(1);
    expect(listColumns(16 / 9)).toBe(1);
    expect(listColumns(32 / 9)).toBe(3);
    expect(columnsOf([1, 2, 3, 4, 5], 2, 2)).toEqual({ columns: [[1, 2], [3, 4]], hidden: 1 });
    expect(columnsOf([1], 3, 2)).toEqual({ columns: [[1]], hidden: 0 });
  });
  it('gives portrait screens the extra height, in two-line rows (issue 18.10)', () => {
    expect(isPortrait(1080 / 1920)).toBe(true);
    expect(isPortrait(1)).toBe(false);
    // Landscape: as written, whatever the width.
    for (const aspect of [1366 / 768, 16 / 9, 32 / 9, 6656 / 1792]) {
      expect(listAreaVh(aspect, 72)).toBe(72);
      expect(listRowVh(aspect, 8)).toBe(8);
    }
    // 9:16 zoomed to 100 units wide is 177.8 units tall; the header and footer take 12 more.
    const portrait = 1080 / 1920;
    expect(listAreaVh(portrait, 72)).toBeCloseTo(72 + 77.78 - 12, 1);
    expect(listRowVh(portrait, 8)).toBe(11.6);
    expect(rowsThatFit(listAreaVh(portrait, 72), listRowVh(portrait, 8))).toBe(11);
    expect(rowsThatFit(listAreaVh(16 / 9, 72), listRowVh(16 / 9, 8))).toBe(9);
  });
});

describe('device token', () => {
  const store = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
  };
  it('takes ?token= once, keeps it, and uses the kept one afterwards', () => {
    const s = store();
    expect(takeToken('?token=lst_abcdef123456&rotate=1', s)).toBe('lst_abcdef123456');
    expect(s.m.get(TOKEN_KEY)).toBe('lst_abcdef123456');
    expect(takeToken('?rotate=1', s)).toBe('lst_abcdef123456');
    expect(takeToken('', store())).toBeNull();
    expect(takeToken('?token=<script>', store())).toBeNull();
    expect(takeToken('?token=lst_abcdef123456', null)).toBe('lst_abcdef123456');
  });
  it('strips the token from the address and builds the header', () => {
    expect(withoutToken('?token=lst_x&rotate=1')).toBe('?rotate=1');
    expect(withoutToken('?token=lst_x')).toBe('');
    expect(authHeaders('lst_x')).toEqual({ authorization: 'Bearer lst_x' });
    expect(authHeaders(null)).toEqual({});
  });
  it('builds the device link the wall reads back: its screen path and the token', () => {
    const link = deviceLink('http://10.0.0.5:3000', 'hall 1/东', 'lst_abc-DEF_123456');
    expect(link).toBe('http://10.0.0.5:3000/wall/hall%201%2F%E4%B8%9C?token=lst_abc-DEF_123456');
    const url = new URL(link);
    expect(takeToken(url.search, store())).toBe('lst_abc-DEF_123456');
    expect(decodeURIComponent(url.pathname.split('/')[2]!)).toBe('hall 1/东');
  });
});

describe('screen input check (shared, used by the admin form and the server)', () => {
  const ok = { id: 'hall-1', title: '大厅', planId: 'WJC-2026', rotationSeconds: 20, views: [{ kind: 'overview' }, { kind: 'target', target: 'WJC26-001' }] };
  it('accepts a good screen and names the field of a bad one', () => {
    expect(checkScreenInput(ok).ok).toBe(true);
    const bad = (x: unknown) => {
      const r = checkScreenInput(x);
      return r.ok ? null : r.field;
    };
    expect(bad({ ...ok, rotationSeconds: 2 })).toBe('rotationSeconds');
    expect(bad({ ...ok, title: '  ' })).toBe('title');
    expect(bad({ ...ok, views: [] })).toBe('views');
    expect(bad({ ...ok, views: [{ kind: 'map' }] })).toBe('views[0].kind');
    expect(bad({ ...ok, views: [{ kind: 'overview' }, { kind: 'section' }] })).toBe('views[1].sectionId');
    expect(bad({ ...ok, views: [{ kind: 'target', target: 'a.b' }] })).toBe('views[0].target');
    expect(bad({ ...ok, id: 'has space' })).toBe('id');
    expect(bad([])).toBe('');
  });
  it('takes a dwell time per view, 5–600 whole seconds, and the same kind for several sections and units (issue 18.11)', () => {
    const views = [
      { kind: 'section', sectionId: 'WJC-2026-S1', dwellSeconds: 5 },
      { kind: 'section', sectionId: 'WJC-2026-S2', dwellSeconds: 600 },
      { kind: 'unit', unit: 'WJC-JD-01' },
      { kind: 'unit', unit: 'WJC-JD-02', dwellSeconds: 30 },
      { kind: 'overview', dwellSeconds: 12 },
    ];
    expect(checkScreenInput({ ...ok, views }).ok).toBe(true);
    const bad = (view: unknown) => {
      const r = checkScreenInput({ ...ok, views: [{ kind: 'overview' }, view] });
      return r.ok ? null : `${r.code} ${r.message}`;
    };
    for (const dwell of [4, 601, 0, -5, 7.5, '10', null, 1e308, true]) {
      expect(bad({ kind: 'tiles', dwellSeconds: dwell }), String(dwell)).toBe(
        "invalid_screen views[1].dwellSeconds: whole seconds from 5 to 600 (left out: the screen's rotation interval)",
      );
    }
    expect(bad({ kind: 'unit' })).toBe('invalid_screen views[1].unit: a unit view needs a unit code');
    expect(bad({ kind: 'unit', unit: '../x' })).toBe('invalid_screen views[1].unit: a unit view needs a unit code');
    expect(bad({ kind: 'unit', unit: 'WJC-JD-01', sectionId: 'WJC-2026-S1' })).toMatch(/^invalid_screen views\[1\]\.sectionId: unexpected field/);
    expect(bad({ kind: 'tiles', dwell: 10 })).toMatch(/^invalid_screen views\[1\]\.dwell: unexpected field/);
  });
});

describe('?stale= override', () => {
  it('takes 1 s – 1 h, else keeps the rule', () => {
    expect(staleOverrideMs('2')).toBe(2_000);
    expect(staleOverrideMs('1.5')).toBe(1_500);
    for (const bad of [null, '', '0', '0.5', '-3', 'abc', '3601', '1e3']) expect(staleOverrideMs(bad), String(bad)).toBeNull();
    const base = { connected: true, nowMs: 100_000, rotationMs: 20_000 };
    expect(freshness({ ...base, lastHeardMs: 97_000, staleAfterOverrideMs: 2_000 })).toBe('stale');
    expect(freshness({ ...base, lastHeardMs: 97_000, staleAfterOverrideMs: null })).toBe('live');
  });
});


describe('wallLang (issue 18.11)', () => {
  it('reads ?lang= as English or Chinese, anything else as not given', () => {
    expect(wallLang('en')).toBe('en');
    expect(wallLang('EN')).toBe('en');
    expect(wallLang('zh')).toBe('zh-CN');
    expect(wallLang('zh-CN')).toBe('zh-CN');
    expect(wallLang('fr')).toBeNull();
    expect(wallLang(null)).toBeNull();
  });
});

describe('msUntilChinaTime (issue 18.11)', () => {
  it('counts to the next China midnight and the nightly reload, whatever the host zone', () => {
    const at = Date.parse('2026-12-06T15:59:00Z'); // 23:59 in China
    expect(msUntilChinaTime(at, 0, 0)).toBe(60_000);
    expect(msUntilChinaTime(at, 3, 30)).toBe((3 * 60 + 31) * 60_000);
    expect(msUntilChinaTime(Date.parse('2026-12-06T16:00:00Z'), 0, 0)).toBe(86_400_000);
  });
});
