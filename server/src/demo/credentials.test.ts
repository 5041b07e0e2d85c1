import { describe, expect, it } from 'vitest';
import { demoCredentialsText } from './credentials';

describe('demoCredentialsText (issue 18.13)', () => {
  const text = demoCredentialsText(
    [
      { username: 'admin', password: 'pw-admin-123', role: 'admin', unit: null },
      { username: 'staff-a', password: 'pw-a', role: 'staff', unit: 'YP-WJC-FWB' },
    ],
    'tok',
    new Map([['YP-WJC-FWB', '社区服务办公室']]),
  );
  it('lists the admin with its password, so it is in DATA_DIR/demo-accounts.txt as well as on the console', () => {
    expect(text).toMatch(/^ {2}admin +pw-admin-123 +admin/m);
  });
  it('names units beside their codes', () => {
    expect(text).toContain('YP-WJC-FWB 社区服务办公室');
    expect(text).toContain('Screen token (read-only, for a wall screen):  tok');
  });
});
