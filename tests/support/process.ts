import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the URL once the server printed it. */
  ready(timeoutMs?: number): Promise<string>;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the real server entry point as its own process, as `pnpm start` does. With
 * `ownGroup` it leads a process group of its own, as in a terminal, so a test can send
 * Ctrl-C's SIGINT to the whole group (`process.kill(-pid, 'SIGINT')`).
 */
export function spawnServer(env: Record<string, string>, opts: { ownGroup?: boolean } = {}): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.ownGroup === true,
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => out,
    exited: () => exit,
    ready: (timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server not ready:\n${out}`)), timeoutMs);
        const check = (): void => {
          const m = /running at (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!.replace(/\/$/, ''));
          }
        };
        child.stdout!.on('data', check);
        void exit.then(() => {
          clearTimeout(timer);
          reject(new Error(`server exited before it was ready:\n${out}`));
        });
      }),
  };
}
