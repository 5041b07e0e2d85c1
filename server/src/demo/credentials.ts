import type { Credential } from '../auth/bootstrap';

/**
 * The demo credentials as a table: printed once at the first demo start and kept in DATA_DIR.
 * Units are named beside their codes ("T-JD-A 社区服务办公室"): a code alone tells a newcomer nothing.
 */
export function demoCredentialsText(
  accounts: Credential[],
  screenToken: string | null,
  unitNames: ReadonlyMap<string, string> = new Map(),
): string {
  const unit = (code: string | null): string => (code ? `${code} ${unitNames.get(code) ?? ''}`.trim() : '');
  const rows = accounts.map((a) => [a.username, a.password, a.role, unit(a.unit)]);
  const head = ['username', 'password', 'role', 'unit'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => '  ' + r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [
    '  Demo accounts (sign in at /login):',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(screenToken ? ['', `  Screen token (read-only, for a wall screen):  ${screenToken}`] : []),
  ].join('\n');
}
