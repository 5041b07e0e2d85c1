/**
 * Usage: npx tsx shared/src/extract/cli.ts [--min-confidence N] [FILE]
 * Prints the commitments found in FILE (or stdin) as a JSON array. Exit 0 on success,
 * 2 on a usage error or an unreadable file.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { COMMITMENT_THRESHOLD, extractCommitments } from './extract';

export interface CliIo {
  readFile: (path: string) => Promise<string>;
  readStdin: () => Promise<string>;
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = 'usage: extract [--min-confidence N] [FILE]   (reads stdin when FILE is omitted)';

type Parsed = { file: string | undefined; minConfidence: number } | { error: string } | { help: true };

function parseArgs(argv: readonly string[]): Parsed {
  let file: string | undefined;
  let minConfidence = COMMITMENT_THRESHOLD;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg === '--min-confidence' || arg.startsWith('--min-confidence=')) {
      const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const n = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(n) || n < 0 || n > 1)
        return { error: `--min-confidence needs a number from 0 to 1, got ${raw ?? 'nothing'}` };
      minConfidence = n;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { error: `unknown option ${arg}` };
    } else if (file !== undefined) {
      return { error: `only one FILE may be given (got ${file} and ${arg})` };
    } else {
      file = arg;
    }
  }
  return { file: file === '-' ? undefined : file, minConfidence };
}

/** The whole CLI behind injectable I/O, so that it can be tested without a process. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if ('help' in parsed) {
    io.out(USAGE + '\n');
    return 0;
  }
  if ('error' in parsed) {
    io.err(`extract: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = parsed.file === undefined ? await io.readStdin() : await io.readFile(parsed.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(e);
    io.err(`extract: cannot read ${parsed.file ?? 'stdin'}: ${reason}\n`);
    return 2;
  }
  const commitments = extractCommitments(text, { minConfidence: parsed.minConfidence });
  io.out(JSON.stringify(commitments, null, 2) + '\n');
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  process.exitCode = await runCli(process.argv.slice(2), {
    readFile: (path) => readFile(path, 'utf8'),
    readStdin,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
