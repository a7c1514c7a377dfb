import { IxoraError } from '@ixora/errors';
import { DEFAULT_IXP_POLICY, resolveImportPolicy } from './import-policy.resolver.js';
import type { IxpPolicyDefaults } from './route-server-config.model.js';

const ixp: IxpPolicyDefaults = {
  ...DEFAULT_IXP_POLICY,
  maxPrefixesV4: 150,
  maxPrefixesV6: 40,
  maxPrefixHeadroomPercent: 20,
};

function errorOf(run: () => unknown): IxoraError {
  try {
    run();
  } catch (error) {
    if (error instanceof IxoraError) return error;
    throw error;
  }
  throw new Error('expected an IxoraError');
}

describe('resolveImportPolicy', () => {
  it('takes every setting from the Ixp defaults when nothing overrides it', () => {
    const policy = resolveImportPolicy(ixp, {}, {}, 'ipv4');
    expect(policy).toMatchObject({
      family: 'ipv4',
      nextHopPolicy: 'strict',
      maxAsPathLength: 64,
      minPrefixLength: 8,
      maxPrefixLength: 24,
      irrEnforceOrigin: true,
      irrEnforcePrefix: true,
      irrAllowMoreSpecifics: false,
      rpkiPolicy: 'reject-invalid',
      maxPrefixes: 150,
      maxPrefixSource: 'ixp',
      maxPrefixAction: 'restart',
      bgpRole: 'rs_server',
      md5Password: null,
    });
  });

  it('uses the family-specific prefix lengths and limit for IPv6', () => {
    const policy = resolveImportPolicy(ixp, { maxPrefixLengthV6: 44 }, {}, 'ipv6');
    expect([policy.minPrefixLength, policy.maxPrefixLength, policy.maxPrefixes]).toEqual([16, 44, 40]);
  });

  it('lets a session override win over the member, and the member over the Ixp', () => {
    const member = { rpkiPolicy: 'tag-only', passive: true, maxAsPathLength: 32 } as const;
    const policy = resolveImportPolicy(ixp, member, { rpkiPolicy: 'off' }, 'ipv4');
    expect([policy.rpkiPolicy, policy.passive, policy.maxAsPathLength]).toEqual(['off', true, 32]);
  });

  it('treats null overrides as "not set"', () => {
    const policy = resolveImportPolicy(ixp, { passive: null } as never, { maxPrefixes: null }, 'ipv4');
    expect([policy.passive, policy.maxPrefixSource]).toEqual([false, 'ixp']);
  });

  describe('max-prefix (DESIGN §7 step 8)', () => {
    it('prefers the session override', () => {
      const policy = resolveImportPolicy(
        ixp,
        { maxPrefixesV4: 500, peeringDbPrefixesV4: 90 },
        { maxPrefixes: 77 },
        'ipv4',
      );
      expect([policy.maxPrefixes, policy.maxPrefixSource]).toEqual([77, 'session']);
    });

    it("then the member's staff override", () => {
      const policy = resolveImportPolicy(ixp, { maxPrefixesV4: 500, peeringDbPrefixesV4: 90 }, {}, 'ipv4');
      expect([policy.maxPrefixes, policy.maxPrefixSource]).toEqual([500, 'member']);
    });

    it('then PeeringDB plus headroom, rounded up', () => {
      const policy = resolveImportPolicy(
        ixp,
        { peeringDbPrefixesV4: 91, peeringDbPrefixesV6: 5 },
        {},
        'ipv4',
      );
      // 91 × 1.2 = 109.2 → 110
      expect([policy.maxPrefixes, policy.maxPrefixSource]).toEqual([110, 'peeringdb']);
      expect(resolveImportPolicy(ixp, { peeringDbPrefixesV6: 5 }, {}, 'ipv6').maxPrefixes).toBe(6);
    });

    it('ignores a PeeringDB value of 0 (not published)', () => {
      const policy = resolveImportPolicy(ixp, { peeringDbPrefixesV4: 0 }, {}, 'ipv4');
      expect([policy.maxPrefixes, policy.maxPrefixSource]).toEqual([150, 'ixp']);
    });

    it('rejects a zero or fractional limit, naming the field', () => {
      expect(errorOf(() => resolveImportPolicy(ixp, {}, { maxPrefixes: 0 }, 'ipv4')).field).toBe(
        'sessionOverrides.maxPrefixes',
      );
      expect(errorOf(() => resolveImportPolicy(ixp, { maxPrefixesV6: 2.5 }, {}, 'ipv6')).field).toBe(
        'memberOverrides.maxPrefixesV6',
      );
    });
  });

  it('rejects unknown enum values and wrong types with the level and field', () => {
    const error = errorOf(() => resolveImportPolicy(ixp, { nextHopPolicy: 'anything' as never }, {}, 'ipv4'));
    expect(error.field).toBe('memberOverrides.nextHopPolicy');
    expect(error.message).toContain('strict, same-member');
    expect(errorOf(() => resolveImportPolicy(ixp, {}, { passive: 'yes' as never }, 'ipv4')).field).toBe(
      'sessionOverrides.passive',
    );
    expect(errorOf(() => resolveImportPolicy({ ...ixp, maxAsPathLength: 0 }, {}, {}, 'ipv4')).field).toBe(
      'ixpDefaults.maxAsPathLength',
    );
  });

  it('rejects a minimum prefix length above the maximum', () => {
    const error = errorOf(() => resolveImportPolicy(ixp, { minPrefixLengthV4: 25 }, {}, 'ipv4'));
    expect(error.field).toBe('prefixLengthV4');
  });

  it('rejects an unknown family', () => {
    expect(errorOf(() => resolveImportPolicy(ixp, {}, {}, 'ipv5' as never)).field).toBe('family');
  });

  it('keeps a valid MD5 password and refuses one that could break out of a BIRD string', () => {
    expect(resolveImportPolicy(ixp, {}, { md5Password: 'Tr0ub4dor&3' }, 'ipv4').md5Password).toBe(
      'Tr0ub4dor&3',
    );
    const error = errorOf(() => resolveImportPolicy(ixp, {}, { md5Password: 'x"; protocol' }, 'ipv4'));
    expect(error.field).toBe('sessionOverrides.md5Password');
    expect(error.message).not.toContain('protocol');
  });

  it('returns a frozen object, so a builder cannot change a decision after the fact', () => {
    expect(Object.isFrozen(resolveImportPolicy(ixp, {}, {}, 'ipv4'))).toBe(true);
  });
});
