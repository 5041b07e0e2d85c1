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

describe('RequestLogController in a real Fastify', () => {
  it('logs a quick 200 only at debug and a 404 once at info', async () => {
    const { default: Fastify } = await import('fastify');
    const { default: pino } = await import('pino');
    const { RequestLogController } = await import('./request-log');
    const lines: { level: number; msg: string; status?: number }[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const app = Fastify({ loggerInstance: logger, logController: new RequestLogController() });
    app.get('/ok', async () => ({ ok: true }));
    await app.ready();
    await app.inject({ url: '/ok' });
    await app.inject({ url: '/missing' });
    await app.close();
    const requestLines = lines.filter((l) => /request/.test(l.msg) || l.msg === 'Route GET:/missing not found');
    expect(requestLines.filter((l) => l.msg === 'request')).toEqual([expect.objectContaining({ level: 30, status: 404 })]);
    expect(lines.some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
    expect(lines.filter((l) => /missing/.test(JSON.stringify(l)))).toHaveLength(1);
  });
});
