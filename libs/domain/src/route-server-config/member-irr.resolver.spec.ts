import type { PrefixSet } from '../entities/index.js';
import { resolveMemberIrr } from './member-irr.resolver.js';

const member = { asn: 64500, name: 'Example', asSets: ['RIPE::AS-EXAMPLE'] };
const both = new Set<4 | 6>([4, 6]);

function set(family: 4 | 6, fields: Partial<PrefixSet> = {}): PrefixSet {
  return {
    id: family,
    memberId: 1,
    family,
    asSets: ['RIPE::AS-EXAMPLE'],
    asns: [64500, 64501],
    prefixes: family === 4 ? ['185.0.0.0/24'] : ['2a0b:100::/32'],
    aggregated: family === 4 ? ['185.0.0.0/24{24,24}'] : ['2a0b:100::/32{32,32}'],
    source: 'RIPE',
    fetchedAt: new Date(0),
    attemptedAt: new Date(0),
    status: 'ok',
    error: null,
    warnings: [],
    ...fields,
  };
}

describe('resolveMemberIrr: what one member contributes to a build', () => {
  it('uses good data without a warning and names the set without its source pin', () => {
    const { irr, warnings } = resolveMemberIrr(member, [set(4), set(6)], both);
    expect(warnings).toEqual([]);
    expect(irr).toEqual({
      asSet: 'AS-EXAMPLE',
      irrStatus: 'ok',
      prefixesV4: [{ prefix: '185.0.0.0/24', low: 24, high: 24 }],
      prefixesV6: [{ prefix: '2a0b:100::/32', low: 32, high: 32 }],
      asns: [64500, 64501],
    });
  });

  it('names an ASN as_macro by its canonical ASN', () => {
    expect(resolveMemberIrr({ ...member, asSets: ['as64500'] }, [set(4), set(6)], both).irr.asSet).toBe(
      'AS64500',
    );
  });

  it.each([
    [
      'an invalid stored name',
      { ...member, asSets: ['AS-OK', 'AS-FOO"; }'] },
      [set(4), set(6)],
      'as_set_invalid',
    ],
    ['no IRR data at all', member, [], 'irr_missing'],
    [
      'a failed first expansion',
      member,
      [set(4, { status: 'failed', error: 'timeout' }), set(6, { status: 'failed', error: 'timeout' })],
      'irr_failed',
    ],
    [
      'a stored entry that is no prefix',
      member,
      [set(4, { aggregated: ['185.0.0.0/33'] }), set(6)],
      'irr_data_invalid',
    ],
    [
      'an IPv6 entry in the IPv4 set',
      member,
      [set(4, { aggregated: ['2a0b:100::/32'] }), set(6)],
      'irr_data_invalid',
    ],
    ['an ASN that is none', member, [set(4, { asns: [0] }), set(6)], 'irr_data_invalid'],
  ])('never throws on %s: empty sets and one warning naming the member', (_, m, sets, code) => {
    const { irr, warnings } = resolveMemberIrr(m, sets, both);
    expect(irr).toMatchObject({ irrStatus: 'empty', prefixesV4: [], prefixesV6: [], asns: [] });
    expect(warnings).toEqual([
      {
        asn: 64500,
        member: 'Example',
        code,
        message: expect.stringMatching(/^AS64500 \(Example\): .*accept no routes through the IRR step$/),
      },
    ]);
  });

  it('warns about an empty family only where the member has sessions, and about stale data', () => {
    const sets = [set(4, { status: 'stale', error: 'refused' }), set(6, { status: 'empty', aggregated: [] })];
    expect(resolveMemberIrr(member, sets, new Set([4])).warnings.map((w) => w.code)).toEqual(['irr_stale']);
    const { irr, warnings } = resolveMemberIrr(member, sets, both);
    expect(irr.irrStatus).toBe('stale');
    expect(warnings.map((w) => w.message)).toEqual([
      'AS64500 (Example): the last IRR refresh failed (refused); using the last good data',
      'AS64500 (Example): its IRR expansion has no route6 objects; its IPv6 sessions accept no routes through the IRR step',
    ]);
  });
});
