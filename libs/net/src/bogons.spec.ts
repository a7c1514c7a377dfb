import { Asn } from './asn.js';
import {
  BOGON_ASN_RANGES,
  BOGON_PREFIXES_V4,
  BOGON_PREFIXES_V6,
  findBogonAsnRange,
  findBogonPrefix,
  isBogonAsn,
  isBogonPrefix,
  isInsideGlobalUnicastV6,
} from './bogons.js';
import { IpPrefix } from './ip-prefix.js';

const p = (text: string): IpPrefix => IpPrefix.parse(text);

describe('bogon ASNs', () => {
  it.each([
    0, 23456, 64496, 64511, 64512, 65000, 65534, 65535, 65536, 65551, 65552, 131071, 4_200_000_000,
    4_294_967_294, 4_294_967_295,
  ])('%i is a bogon', (asn) => {
    expect(isBogonAsn(asn)).toBe(true);
  });

  it.each([1, 3333, 23455, 23457, 64495, 131072, 196608, 4_199_999_999])('%i is not a bogon', (asn) => {
    expect(isBogonAsn(asn)).toBe(false);
  });

  it('accepts Asn objects and gives the reason', () => {
    expect(isBogonAsn(Asn.parse('AS4200000000'))).toBe(true);
    expect(isBogonAsn(Asn.parse('AS3333'))).toBe(false);
    expect(findBogonAsnRange(23456)?.reason).toContain('RFC 6793');
    expect(findBogonAsnRange(64500)?.reason).toContain('RFC 5398');
    expect(findBogonAsnRange(3333)).toBeUndefined();
  });

  it('covers exactly DESIGN §7: 0, 23456, 64496–131071, 4200000000–4294967295', () => {
    const merged: { from: number; to: number }[] = [];
    for (const range of BOGON_ASN_RANGES) {
      const last = merged.at(-1);
      if (last && range.from <= last.to + 1) last.to = Math.max(last.to, range.to);
      else merged.push({ from: range.from, to: range.to });
    }
    expect(merged).toEqual([
      { from: 0, to: 0 },
      { from: 23456, to: 23456 },
      { from: 64496, to: 131071 },
      { from: 4_200_000_000, to: 4_294_967_295 },
    ]);
    for (const [index, range] of BOGON_ASN_RANGES.entries()) {
      expect(range.reason).toMatch(/RFC \d+|IANA/);
      expect(range.from).toBeLessThanOrEqual(range.to);
      if (index > 0) expect(range.from).toBeGreaterThan(BOGON_ASN_RANGES[index - 1]!.to);
    }
  });
});

describe('bogon prefixes', () => {
  it('lists valid prefixes of the right family', () => {
    expect(BOGON_PREFIXES_V4.length).toBeGreaterThan(10);
    expect(BOGON_PREFIXES_V6.length).toBeGreaterThan(8);
    expect(BOGON_PREFIXES_V4.every((prefix) => prefix.family === 4)).toBe(true);
    expect(BOGON_PREFIXES_V6.every((prefix) => prefix.family === 6)).toBe(true);
    expect(Object.isFrozen(BOGON_PREFIXES_V4)).toBe(true);
  });

  it.each([
    '10.0.0.0/8',
    '10.1.2.0/24',
    '172.16.0.0/12',
    '172.31.255.0/24',
    '192.168.1.0/24',
    '100.64.0.0/10',
    '127.0.0.1/32',
    '0.0.0.0/8',
    '169.254.0.0/16',
    '192.0.2.0/24',
    '198.51.100.0/24',
    '203.0.113.128/25',
    '198.19.0.0/16',
    '192.88.99.0/24',
    '224.0.0.0/4',
    '239.1.0.0/16',
    '240.0.0.0/4',
    '255.255.255.255/32',
    '::/8',
    '::1/128',
    '::ffff:192.0.2.0/120',
    '100::/64',
    '2001:2::/48',
    '2001:10::/28',
    '2001:db8::/32',
    '2001:db8:1::/48',
    '2002::/16',
    '2002:c000:204::/48',
    '3ffe::/16',
    'fc00::/7',
    'fd12:3456::/32',
    'fe80::/10',
    'fec0::/10',
    'ff02::/16',
  ])('%s is a bogon', (prefix) => {
    expect(isBogonPrefix(p(prefix))).toBe(true);
    expect(findBogonPrefix(p(prefix))?.reason).toMatch(/RFC \d+/);
  });

  it.each([
    '193.0.0.0/21',
    '8.8.8.0/24',
    '172.32.0.0/16',
    '100.128.0.0/10',
    '192.0.3.0/24',
    '198.20.0.0/16',
    '223.255.255.0/24',
    // Covering a bogon is not being one: short prefixes are for the length check.
    '0.0.0.0/0',
    '192.0.0.0/16',
    '::/0',
    '2001:7fd::/48',
    '2a00:1450::/32',
    '2001:db9::/32',
    '2001:20::/28',
  ])('%s is not a bogon', (prefix) => {
    expect(isBogonPrefix(p(prefix))).toBe(false);
  });
});

describe('isInsideGlobalUnicastV6', () => {
  it.each([
    ['2000::/3', true],
    ['2001:7fd::/48', true],
    ['3fff:ffff::/32', true],
    ['2001:db8::/32', true],
    ['4000::/3', false],
    ['::/0', false],
    ['::/8', false],
    ['fc00::/7', false],
    ['100::/64', false],
    ['193.0.0.0/21', false],
  ])('%s: %p', (prefix, expected) => {
    expect(isInsideGlobalUnicastV6(p(prefix))).toBe(expected);
  });
});
