import { describe, expect, it } from 'vitest';
import { createNKeyUser, natsAuthorization } from './nats-config';

describe('natsAuthorization', () => {
  it('allows each producer only its units’ progress subjects', () => {
    const conf = natsAuthorization({ name: 'luoshi', publicKey: 'USERVICE' }, [
      { name: '网格系统', publicKey: 'UGRID', units: ['YP-WJC-CYZX', 'YP-WJC-GLB'] },
    ]);
    expect(conf).toContain('{ nkey: "USERVICE" }');
    expect(conf).toContain(
      '{ nkey: "UGRID", permissions: { publish: { allow: ["progress.YP-WJC-CYZX.>", "progress.YP-WJC-GLB.>"] }, subscribe: { allow: ["_INBOX.>"] } } }',
    );
  });

  it('refuses a unit that is not a code (it would widen the subject)', () => {
    expect(() => natsAuthorization({ name: 's', publicKey: 'U' }, [{ name: 'p', publicKey: 'U2', units: ['*'] }])).toThrow(/not a unit code: \*/);
    expect(() => natsAuthorization({ name: 's', publicKey: 'U' }, [{ name: 'p', publicKey: 'U2', units: [] }])).toThrow(/at least one unit/);
  });

  it('creates NKey users whose seed stays out of the config', () => {
    const u = createNKeyUser();
    expect(u.publicKey).toMatch(/^U[A-Z0-9]{55}$/);
    expect(u.seed).toMatch(/^SU[A-Z0-9]{56}$/);
    expect(natsAuthorization({ name: 's', publicKey: u.publicKey }, [])).not.toContain(u.seed);
  });
});
