import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findExecutable, stopChild } from '../../server/src/embedded/child';
import { repoRoot } from '../support/process';

/**
 * The cluster test's processes: every one a real program started from the repository's
 * own configuration files (deploy/), killed with SIGKILL and started again like an
 * operator's machine would be.
 */
export interface Proc {
  name: string;
  child: ChildProcess;
  output(): string;
  /** Starts it again with the same command and environment; resolves when it is ready. */
  restart(): Promise<void>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** `ready`: a line the program prints when it is ready, or a probe polled every 100 ms. */
export function startProc(name: string, command: string, args: string[], env: Record<string, string>, ready: RegExp | (() => Promise<boolean>), timeoutMs = 90_000): Promise<Proc> {
  let child: ChildProcess;
  let out = '';
  const launch = (): Promise<void> =>
    new Promise((resolve, reject) => {
      out = '';
      child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      const timer = setTimeout(() => reject(new Error(`${name} not ready after ${timeoutMs} ms:\n${out.slice(-4000)}`)), timeoutMs);
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve();
      };
      const onData = (c: Buffer): void => {
        out = (out + c.toString()).slice(-200_000);
        if (ready instanceof RegExp && ready.test(out)) finish();
      };
      if (!(ready instanceof RegExp)) {
        const poll = (): void => {
          if (done || child.exitCode !== null) return;
          void ready().then(
            (ok) => (ok ? finish() : setTimeout(poll, 100)),
            () => setTimeout(poll, 100),
          );
        };
        setTimeout(poll, 100);
      }
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        reject(new Error(`${name} exited (code ${code}, signal ${signal}) before it was ready:\n${out.slice(-4000)}`));
      });
    });
  const proc: Proc = {
    name,
    get child() {
      return child;
    },
    output: () => out,
    restart: launch,
    kill9: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await exited;
    },
    stop: () => stopChild(child, 'SIGTERM', 10_000),
  };
  return launch().then(() => proc);
}

/** `deploy/…` read as text. */
export function deployFile(rel: string): string {
  return readFileSync(path.join(repoRoot, 'deploy', rel), 'utf8');
}

/** The version of the nats-server on this machine, e.g. [2, 9, 10]. */
export function natsServerVersion(): number[] {
  const bin = findExecutable('nats-server')!;
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout;
  return (/v(\d+)\.(\d+)\.(\d+)/.exec(out) ?? ['', '0', '0', '0']).slice(1).map(Number);
}

/**
 * deploy/nats/cluster.conf as this machine's nats-server can run it: older than 2.10 it does
 * not know `sync_interval` (added in 2.10), so that line is left out — and said so.
 */
export function natsClusterConf(dir: string): { file: string; note: string | null } {
  const [major, minor] = natsServerVersion();
  let text = deployFile('nats/cluster.conf');
  let note: string | null = null;
  if (major! < 2 || (major === 2 && minor! < 10)) {
    text = text.replace(/^\s*sync_interval: always\s*$/m, '');
    note = `nats-server ${natsServerVersion().join('.')} does not know sync_interval: ran without it (production: >= 2.12.3 with it)`;
  }
  const file = path.join(dir, 'cluster.conf');
  writeFileSync(file, text);
  return { file, note };
}

/** deploy/nginx/luoshi.conf with its ${…} placeholders filled, as envsubst would. */
export function nginxConf(prefix: string, vars: Record<string, string>): string {
  mkdirSync(prefix, { recursive: true });
  const text = deployFile('nginx/luoshi.conf').replace(/\$\{([A-Z0-9_]+)\}/g, (m, k: string) => {
    if (k === 'NGINX_PREFIX') return prefix;
    const v = vars[k];
    if (v === undefined) throw new Error(`deploy/nginx/luoshi.conf: no value for ${m}`);
    return v;
  });
  const file = path.join(prefix, 'nginx.conf');
  writeFileSync(file, text);
  return file;
}
