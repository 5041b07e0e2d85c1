import { describe, expect, it } from 'vitest';
import { chinaTime } from './time';

describe('chinaTime', () => {
  it('shows instants in China time whatever the zone they were written in', () => {
    expect(chinaTime('2026-06-09T17:30:00Z')).toBe('2026-06-10 01:30');
    expect(chinaTime('2026-06-10T09:00:00+08:00')).toBe('2026-06-10 09:00');
  });
});
