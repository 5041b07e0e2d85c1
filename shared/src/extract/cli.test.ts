import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from './cli';
import type { Commitment } from './extract';

function fakeIo(files: Record<string, string>, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) return Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));
      return Promise.resolve(text);
    },
    readStdin: () => Promise.resolve(stdin),
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  };
  return { io, out, err };
}

const plan = '全年新增企业10家,街道机关103名党员代表参加会议。';

describe('runCli', () => {
  it('prints the commitments of a file as JSON', async () => {
    const { io, out } = fakeIo({ 'plan.txt': plan });
    expect(await runCli(['plan.txt'], io)).toBe(0);
    const parsed = JSON.parse(out.join('')) as Commitment[];
    expect(parsed.map((c) => [c.value, c.unit])).toEqual([[10, '家']]);
  });

  it('reads stdin when no file is given', async () => {
    const { io, out } = fakeIo({}, plan);
    expect(await runCli([], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toHaveLength(1);
  });

  it('lowers the bar with --min-confidence', async () => {
    const { io, out } = fakeIo({ 'plan.txt': plan });
    expect(await runCli(['--min-confidence', '0', 'plan.txt'], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toHaveLength(2);
  });

  it('exits 2 with a clear message on a missing file', async () => {
    const { io, out, err } = fakeIo({});
    expect(await runCli(['nope.txt'], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('')).toContain('cannot read nope.txt: no such file');
  });

  it.each([[['--min-confidence', 'high']], [['--min-confidence']], [['--bogus']], [['a.txt', 'b.txt']]])(
    'exits 2 on bad arguments %j',
    async (argv) => {
      const { io, err } = fakeIo({ 'a.txt': plan, 'b.txt': plan });
      expect(await runCli(argv, io)).toBe(2);
      expect(err.join('')).toContain('usage:');
    },
  );
});
