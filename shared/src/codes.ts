/**
 * Unit and target codes travel as NATS subject tokens (`progress.<unit>.<target>`),
 * so they may not contain `.`, `*`, `>` or whitespace. One pattern, used everywhere.
 */
export const CODE_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
const codeRe = new RegExp(CODE_PATTERN);

export function isCode(s: string): boolean {
  return codeRe.test(s);
}

export const PROGRESS_SUBJECT_PREFIX = 'progress';
export const PROGRESS_STREAM = 'PROGRESS';
export const LIVE_SUBJECT_PREFIX = 'live';

export function progressSubject(unitCode: string, targetCode: string): string {
  return `${PROGRESS_SUBJECT_PREFIX}.${unitCode}.${targetCode}`;
}

/** Parses `progress.<unit>.<target>`; null when the subject has another shape. */
export function parseProgressSubject(subject: string): { unitCode: string; targetCode: string } | null {
  // Ingest reads each message's subject several times, and a deployment has only as many
  // subjects as targets: memoised (frozen, since every caller shares the object).
  const hit = subjects.get(subject);
  if (hit !== undefined) return hit;
  const parts = subject.split('.');
  let parsed: { unitCode: string; targetCode: string } | null = null;
  if (parts.length === 3 && parts[0] === PROGRESS_SUBJECT_PREFIX) {
    const [, unitCode, targetCode] = parts as [string, string, string];
    parsed = Object.freeze({ unitCode, targetCode });
  }
  if (subjects.size >= 10_000) subjects.clear();
  subjects.set(subject, parsed);
  return parsed;
}
const subjects = new Map<string, { unitCode: string; targetCode: string } | null>();

export function liveSubject(planId: string, targetCode: string): string {
  return `${LIVE_SUBJECT_PREFIX}.${planId}.${targetCode}`;
}
