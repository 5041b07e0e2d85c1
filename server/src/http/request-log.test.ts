import { describe, expect, it } from 'vitest';
import { requestLogLevel, SLOW_REQUEST_MS } from './request-log';

describe('requestLogLevel (issue 18.13)', () => {
  it('quick successful requests go to debug', () => {
    expect(requestLogLevel(200, 12)).toBe('debug');
    expect(requestLogLevel(304, 3)).toBe('debug');
  });
  it('failed or slow ones get a line at info, server faults at warn', () => {
    expect(requestLogLevel(404, 2)).toBe('info');
    expect(requestLogLevel(401, 2)).toBe('info');
    expect(requestLogLevel(200, SLOW_REQUEST_MS)).toBe('info');
    expect(requestLogLevel(503, 2)).toBe('warn');
  });
});
