import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Embedded dependencies are child processes that must never outlive the server.
 * Graceful stops are handled by `stopChild`; for a server that dies hard (SIGKILL,
 * OOM) we ask the kernel to signal the child when its parent dies, via util-linux's
 * `setpriv --pdeathsig`. The uid switch happens before setpriv runs, so the
 * death signal survives it.
 */

const EXTRA_PATHS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** Finds an executable on PATH, including the sbin folders Debian puts daemons in. */
export function findExecutable(name: string, dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...EXTRA_PATHS]): string | null {
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const setpriv = findExecutable('setpriv');

export function spawnOwned(
  command: string,
  args: string[],
  options: SpawnOptions & { deathSignal?: 'TERM' | 'INT' },
): ChildProcess {
  const { deathSignal = 'TERM', ...rest } = options;
  // A process group of its own: Ctrl-C in a terminal signals the whole foreground group, and
  // PostgreSQL or nats-server stopping at the same moment as the server made its orderly stop
  // (drain NATS, finish the batch in flight, then stop the children) log errors. The server
  // stops them itself, in order; the death signal still covers a server that dies hard.
  const opts: SpawnOptions = { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...rest };
  if (setpriv) return spawn(setpriv, [`--pdeathsig=${deathSignal}`, '--', command, ...args], opts);
  return spawn(command, args, opts);
}

/** Sends `signal`, waits for the exit, and kills outright after `timeoutMs`. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves once a line matching `ready` appears on stdout/stderr; rejects with the output if the child exits first. */
export function waitForLine(child: ChildProcess, ready: RegExp, what: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
      if (ready.test(output)) done();
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`${what} exited before it was ready (code ${code}, signal ${signal}):\n${output.trim()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} was not ready after ${timeoutMs} ms:\n${output.trim()}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    const done = (): void => {
      cleanup();
      // Keep draining the pipes so a chatty child never blocks on a full buffer.
      child.stdout?.resume();
      child.stderr?.resume();
      resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Stops a process left behind by an earlier run that died hard, but only if the pid
 * still belongs to a program of that name (pids get reused).
 */
export async function killStale(pid: number, comm: string, signal: NodeJS.Signals): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  let name = '';
  try {
    name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return;
  }
  if (name !== comm) return;
  process.kill(pid, signal);
  const until = Date.now() + 20_000;
  while (isAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}
