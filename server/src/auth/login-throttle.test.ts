import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

const make = (maxUnknown = 100) => {
  let t = 0;
  const throttle = new LoginThrottle({ max: 3, windowMs: 1_000, maxUnknown, now: () => t });
  return { throttle, advance: (ms: number) => void (t += ms) };
};
const user = { kind: 'user', id: 'u1' } as const;

describe('LoginThrottle', () => {
  it('blocks after max failures until the window ends, and a success clears the count', () => {
    const { throttle, advance } = make();
    for (let i = 0; i < 3; i++) {
      expect(throttle.blockedFor(user)).toBe(0);
      throttle.failed(user);
    }
    expect(throttle.blockedFor(user)).toBe(1_000);
    advance(600);
    expect(throttle.blockedFor(user)).toBe(400);
    advance(400);
    expect(throttle.blockedFor(user)).toBe(0);
    throttle.failed(user);
    throttle.failed(user);
    throttle.clear(user);
    throttle.failed(user);
    throttle.failed(user);
    expect(throttle.blockedFor(user)).toBe(0);
  });

  it('keeps unknown logins under their cap without ever dropping an account’s count', () => {
    const { throttle } = make(50);
    for (let i = 0; i < 3; i++) throttle.failed(user);
    for (let i = 0; i < 10_000; i++) throttle.failed({ kind: 'unknown', id: `nobody-${i}` });
    expect(throttle.size()).toEqual({ known: 1, unknown: 50 });
    expect(throttle.blockedFor(user)).toBeGreaterThan(0);
    // The newest invented names are the ones kept.
    for (let i = 0; i < 2; i++) throttle.failed({ kind: 'unknown', id: 'nobody-9999' });
    expect(throttle.blockedFor({ kind: 'unknown', id: 'nobody-9999' })).toBeGreaterThan(0);
  });
});
