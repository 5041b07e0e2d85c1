#!/usr/bin/env node
// One command to run Luoshi on a fresh machine: installs dependencies when needed,
// builds the web app when it is missing or older than its sources, then starts the
// server with embedded PostgreSQL, a nats-server it launches, demo data and a live feed.
// Plain Node (no dependencies), so `npm start` works before anything is installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = 'pnpm@10.34.9';

/** @param {string} cmd @param {string[]} args */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** @param {string[]} args */
function pnpm(args) {
  const has = spawnSync('pnpm', ['--version'], { stdio: 'ignore' }).status === 0;
  if (has) run('pnpm', args);
  else run('npx', ['--yes', PNPM, ...args]);
}

/** @param {string} dir @returns {number} */
function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const lock = path.join(root, 'pnpm-lock.yaml');
const marker = path.join(root, 'node_modules', '.modules.yaml');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  console.log('Installing dependencies…');
  pnpm(['install', '--frozen-lockfile']);
}

const dist = path.join(root, 'web', 'dist', 'index.html');
const webSources = Math.max(newest(path.join(root, 'web', 'src')), newest(path.join(root, 'shared', 'src')));
if (!existsSync(dist) || statSync(dist).mtimeMs < webSources) {
  console.log('Building the web app…');
  pnpm(['--filter', '@luoshi/web', 'build']);
}

// One process (node with the tsx loader, not the tsx CLI, which would add a parent
// process): signals reach the server directly and it stops its children itself.
const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], { cwd: root, stdio: 'inherit' });
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
