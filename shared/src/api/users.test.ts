import { describe, expect, it } from 'vitest';
import { passwordProblem } from './users';

describe('passwordProblem', () => {
  it('accepts long, varied passwords and names what is wrong with the rest', () => {
    expect(passwordProblem('correct horse battery', 'wang')).toBeNull();
    expect(passwordProblem('落实街道工作计划二〇二六年', 'wang')).toBeNull();
    expect(passwordProblem('short-1', 'wang')).toBe('too_short');
    expect(passwordProblem('x'.repeat(257), 'wang')).toBe('too_long');
    expect(passwordProblem('aaaaaaaaaaaaaaaa', 'wang')).toBe('too_simple');
    expect(passwordProblem('121212121212', 'wang')).toBe('too_simple');
    expect(passwordProblem('my-Wang-password-2026', 'wang')).toBe('contains_username');
  });
});
