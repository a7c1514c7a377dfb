import { IpPrefix } from '@ixora/net';
import { summariseCoverage, validateOrigin, VrpIndex } from './origin.validator.js';
import type { Vrp } from './vrp.js';

const vrp = (prefix: string, maxLength: number, asn: number, trustAnchor = 'ripe'): Vrp => ({
  prefix: IpPrefix.parse(prefix),
  maxLength,
  asn,
  trustAnchor,
});
const p = (text: string): IpPrefix => IpPrefix.parse(text);

const index = new VrpIndex([
  vrp('192.0.2.0/24', 24, 64496),
  vrp('198.51.100.0/24', 25, 64497),
  vrp('198.51.100.0/24', 24, 4_200_000_001),
  vrp('203.0.113.0/24', 24, 0),
  vrp('203.0.113.128/25', 25, 64498),
  vrp('10.0.0.0/8', 24, 64499),
  vrp('2001:db8::/32', 48, 65550),
  vrp('2001:db8:1000::/36', 36, 64498),
  vrp('2001:db8:ffff::/48', 48, 0),
  vrp('2001:db8:abcd::1/128', 128, 4_294_967_295),
]);

describe('validateOrigin (RFC 6811 §2)', () => {
  it.each([
    // Exact match on prefix, length and origin.
    ['192.0.2.0/24', 64496, 'valid'],
    // Covered, but a different origin.
    ['192.0.2.0/24', 64497, 'invalid'],
    // Covered by the right origin, but longer than maxLength.
    ['192.0.2.0/25', 64496, 'invalid'],
    ['192.0.2.255/32', 64496, 'invalid'],
    // Not covered: a less-specific of a VRP prefix is NotFound.
    ['192.0.0.0/16', 64496, 'unknown'],
    ['0.0.0.0/0', 64496, 'unknown'],
    // No VRP at all.
    ['192.0.3.0/24', 64496, 'unknown'],
    // maxLength allows more-specifics.
    ['198.51.100.128/25', 64497, 'valid'],
    ['198.51.100.0/26', 64497, 'invalid'],
    // Several covering VRPs: one match is enough (32-bit origin).
    ['198.51.100.0/24', 4_200_000_001, 'valid'],
    ['198.51.100.0/25', 4_200_000_001, 'invalid'],
    // AS0 covers but never matches; a more specific VRP still makes the route valid.
    ['203.0.113.0/24', 0, 'invalid'],
    ['203.0.113.0/24', 64498, 'invalid'],
    ['203.0.113.128/25', 64498, 'valid'],
    ['203.0.113.0/25', 64498, 'invalid'],
    // An origin of 0 (none, e.g. an AS_SET at the end of the path) matches nothing.
    ['10.1.0.0/16', 0, 'invalid'],
    ['10.1.0.0/16', 64499, 'valid'],
    ['10.1.2.0/24', 64499, 'valid'],
    ['10.1.2.0/25', 64499, 'invalid'],
    // IPv6.
    ['2001:db8::/32', 65550, 'valid'],
    ['2001:db8:1::/48', 65550, 'valid'],
    ['2001:db8:1::/49', 65550, 'invalid'],
    ['2001:db8:1000::/36', 64498, 'valid'],
    ['2001:db8:1000::/40', 64498, 'invalid'],
    // Covered by 65550's /32 (maxLength 48) and by 64498's /36.
    ['2001:db8:1000::/48', 65550, 'valid'],
    ['2001:db8:1000::/48', 64498, 'invalid'],
    ['2001:db8:ffff::/48', 65550, 'valid'],
    ['2001:db8:ffff::/48', 64496, 'invalid'],
    ['2001:db8:abcd::1/128', 4_294_967_295, 'valid'],
    ['2001:db8:abcd::1/128', 65550, 'invalid'],
    ['2001:db8::/31', 65550, 'unknown'],
    ['2001:db9::/32', 65550, 'unknown'],
    ['::/0', 65550, 'unknown'],
    // IPv4-mapped IPv6 is not covered by IPv4 VRPs.
    ['::ffff:192.0.2.0/120', 64496, 'unknown'],
  ] as const)('%s from AS%i is %s', (prefix, origin, state) => {
    expect(validateOrigin(p(prefix), origin, index)).toBe(state);
  });

  it('finds every covering VRP of both families separately', () => {
    const covering = index
      .coveringVrps(p('2001:db8:1000::/48'))
      .map((entry) => `${entry.prefix.toString()} AS${entry.asn}`);
    expect(covering.sort()).toEqual(['2001:db8:1000::/36 AS64498', '2001:db8::/32 AS65550']);
    expect(index.coveringVrps(p('192.0.2.0/23'))).toEqual([]);
    expect(index.coveringVrps(p('192.0.2.1/32')).map((entry) => entry.asn)).toEqual([64496]);
    expect(index.size).toBe(10);
  });

  it('makes everything unknown with no VRPs', () => {
    const empty = new VrpIndex([]);
    expect(empty.size).toBe(0);
    expect(validateOrigin(p('192.0.2.0/24'), 64496, empty)).toBe('unknown');
    expect(validateOrigin(p('2001:db8::/32'), 64496, empty)).toBe('unknown');
  });

  it('handles a VRP for the whole address space', () => {
    const whole = new VrpIndex([vrp('0.0.0.0/0', 32, 64496), vrp('::/0', 0, 64496)]);
    expect(validateOrigin(p('192.0.2.7/32'), 64496, whole)).toBe('valid');
    expect(validateOrigin(p('192.0.2.7/32'), 64497, whole)).toBe('invalid');
    expect(validateOrigin(p('::/0'), 64496, whole)).toBe('valid');
    expect(validateOrigin(p('2001:db8::/32'), 64496, whole)).toBe('invalid');
  });

  it('finds VRPs on both sides of /52, where keys switch from numbers to strings', () => {
    const around = new VrpIndex([
      vrp('2001:db8:0:f000::/52', 64, 64500),
      vrp('2001:db8:0:f800::/53', 53, 64501),
      vrp('2001:db8:0:f800::/64', 64, 64502),
      vrp('2001:db8:0:f801::/64', 64, 64503),
    ]);
    expect(validateOrigin(p('2001:db8:0:f000::/52'), 64500, around)).toBe('valid');
    expect(validateOrigin(p('2001:db8:0:f800::/53'), 64501, around)).toBe('valid');
    expect(validateOrigin(p('2001:db8:0:f000::/53'), 64501, around)).toBe('invalid');
    expect(validateOrigin(p('2001:db8:0:f800::/64'), 64502, around)).toBe('valid');
    expect(validateOrigin(p('2001:db8:0:f801::/64'), 64502, around)).toBe('invalid');
    expect(validateOrigin(p('2001:db8:0:f801::/64'), 64503, around)).toBe('valid');
    expect(validateOrigin(p('2001:db8:0:f800::1/128'), 64502, around)).toBe('invalid');
    expect(validateOrigin(p('2001:db8:0:e000::/52'), 64500, around)).toBe('unknown');
    expect(
      around
        .coveringVrps(p('2001:db8:0:f800::/64'))
        .map((entry) => entry.asn)
        .sort(),
    ).toEqual([64500, 64501, 64502]);
  });

  it('keeps VRPs that differ only in trust anchor or max length', () => {
    const twice = new VrpIndex([
      vrp('192.0.2.0/24', 24, 64496, 'ripe'),
      vrp('192.0.2.0/24', 26, 64496, 'arin'),
    ]);
    expect(twice.coveringVrps(p('192.0.2.0/26'))).toHaveLength(2);
    expect(validateOrigin(p('192.0.2.0/26'), 64496, twice)).toBe('valid');
  });
});

describe('summariseCoverage', () => {
  it('counts valid, invalid and unknown prefixes', () => {
    const routes = [
      { prefix: p('192.0.2.0/24'), origin: 64496 },
      { prefix: p('192.0.2.0/25'), origin: 64496 },
      { prefix: p('192.0.3.0/24'), origin: 64496 },
      { prefix: p('2001:db8::/32'), origin: 65550 },
      { prefix: p('2001:db8::/32'), origin: 64496 },
      { prefix: p('2001:db9::/32'), origin: 64496 },
      { prefix: p('2001:db8:1::/48'), origin: 65550 },
    ];
    expect(summariseCoverage(routes, index)).toEqual({ valid: 3, invalid: 2, unknown: 2 });
  });

  it('is all zero for no prefixes', () => {
    expect(summariseCoverage([], index)).toEqual({ valid: 0, invalid: 0, unknown: 0 });
  });
});
