import { describe, expect, it } from 'vitest';
import { classifyWriteError, retryDelayMs } from './worker';

describe('retryDelayMs', () => {
  it('doubles from one second and stops growing at thirty', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

describe('classifyWriteError', () => {
  it('retries conflicts, splits on data errors, and naks everything else', () => {
    expect(classifyWriteError({ code: '40P01' })).toBe('conflict');
    expect(classifyWriteError({ code: '40001' })).toBe('conflict');
    expect(classifyWriteError({ code: '23505' })).toBe('data');
    expect(classifyWriteError({ code: '22P02' })).toBe('data');
    expect(classifyWriteError({ code: 'P0001' })).toBe('data');
    expect(classifyWriteError({ code: '57P01' })).toBe('transient');
    expect(classifyWriteError({ code: '08006' })).toBe('transient');
    expect(classifyWriteError({ code: 'ECONNREFUSED' })).toBe('transient');
    expect(classifyWriteError(new Error('Connection terminated unexpectedly'))).toBe('transient');
  });
});
