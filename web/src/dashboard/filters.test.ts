import { describe, expect, it } from 'vitest';
import { filterTargets, hrefWith, isFiltered, readFilter, sectionSubtree, writeFilter } from './filters';
import { sections, target } from './test-fixtures';

describe('filters in the URL', () => {
  it('reads section, unit and status, and ignores a status it does not know', () => {
    expect(readFilter(new URLSearchParams('section=S1&unit=U-A&status=behind'))).toEqual({
      section: 'S1',
      unit: 'U-A',
      status: 'behind',
    });
    expect(readFilter(new URLSearchParams('status=nonsense&unit='))).toEqual({
      section: null,
      unit: null,
      status: null,
    });
  });
  it('writes a filter keeping the other parameters and dropping cleared ones', () => {
    const p = new URLSearchParams('plan=P&status=behind');
    expect(writeFilter(p, { status: null, unit: 'U-B' })).toEqual({ plan: 'P', unit: 'U-B' });
    expect(hrefWith(p, { section: 'S2' })).toBe('?plan=P&status=behind&section=S2');
    expect(isFiltered(readFilter(p))).toBe(true);
  });
});

describe('filterTargets', () => {
  const ts = [
    target('A', { sectionId: 'S1-1', ownerUnit: 'U-A', status: 'behind' }),
    target('B', { sectionId: 'S2', ownerUnit: 'U-B', status: 'behind' }),
    target('C', { sectionId: null, ownerUnit: 'U-A', status: 'achieved' }),
  ];
  it('takes a section with everything under it', () => {
    expect([...sectionSubtree(sections, 'S1')].sort()).toEqual(['S1', 'S1-1']);
    expect(filterTargets(ts, sections, { section: 'S1', unit: null, status: null }).map((t) => t.code)).toEqual(['A']);
  });
  it('combines unit and status', () => {
    expect(filterTargets(ts, sections, { section: null, unit: 'U-A', status: 'behind' }).map((t) => t.code)).toEqual([
      'A',
    ]);
    expect(filterTargets(ts, sections, { section: null, unit: null, status: null })).toHaveLength(3);
  });
});
