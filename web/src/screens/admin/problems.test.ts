import { describe, expect, it } from 'vitest';
import { checkScreenInput, SCREEN_PROBLEMS } from '@luoshi/shared';
import { zh, type MessageKey } from '../../i18n/messages';
import { en } from '../../i18n/messages.en';
import { screenProblemText } from './problems';

const tZh = (k: MessageKey) => zh[k];
const tEn = (k: MessageKey) => en[k];
const good = { id: 'hall', title: '大厅', planId: 'WJC-2026', rotationSeconds: 20, views: [{ kind: 'overview' }] };

describe('screenProblemText', () => {
  it('says what the shared check found in the page language, with the entry counted from 1', () => {
    const c = checkScreenInput({ ...good, views: [{ kind: 'overview' }, { kind: 'tiles', dwellSeconds: 4 }] });
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(screenProblemText(tZh, c.problem, c.params)).toBe('轮播内容第 2 项：停留时间须为 5–600 秒的整数（留空则按轮播间隔）');
    expect(screenProblemText(tEn, c.problem, c.params)).toBe('Playlist entry 2: stay must be whole seconds from 5 to 600 (empty: the rotation interval)');
    const p = checkScreenInput({ ...good, views: [{ kind: 'section' }] });
    expect(!p.ok && screenProblemText(tZh, p.problem, p.params)).toBe('轮播内容第 1 项：请选择板块');
    const r = checkScreenInput({ ...good, rotationSeconds: 2 });
    expect(!r.ok && screenProblemText(tZh, r.problem, r.params)).toBe('轮播间隔须为 5–3600 秒的整数');
  });

  it('has words for every problem, with every placeholder filled from what the check gives', () => {
    const cases: unknown[] = [
      [1],
      { ...good, views: [{ kind: 'map' }] },
      { ...good, views: [{ kind: 'unit' }] },
      { ...good, views: [{ kind: 'ticker', dwellSeconds: 1.5 }] },
      { ...good, views: [{ kind: 'ranking', unit: 'x' }] },
      { ...good, id: 'a b' },
      { ...good, title: '' },
      { ...good, planId: '' },
      { ...good, rotationSeconds: 'x' },
      { ...good, views: [] },
      { ...good, more: 1 },
    ];
    const seen = new Set<string>();
    for (const raw of cases) {
      const c = checkScreenInput(raw);
      expect(c.ok).toBe(false);
      if (c.ok) continue;
      seen.add(c.problem);
      for (const t of [tZh, tEn]) expect(screenProblemText(t, c.problem, c.params)).not.toMatch(/[{}]|undefined/);
    }
    // The rest are the server's (against the plan), with the numbers it sends.
    const server = { unknown_plan: { plan: 'X' }, unknown_section: { view: 1, value: 'S' }, unknown_unit: { view: 2, value: 'U' }, unknown_target: { view: 3, value: 'T' }, id_mismatch: { path: 'a', body: 'b' } };
    for (const [problem, params] of Object.entries(server)) {
      seen.add(problem);
      for (const t of [tZh, tEn]) expect(screenProblemText(t, problem, params)).not.toMatch(/[{}]|undefined/);
    }
    expect([...seen].sort()).toEqual([...SCREEN_PROBLEMS].sort());
    expect(screenProblemText(tZh, 'something_else', {})).toBeNull();
  });
});
