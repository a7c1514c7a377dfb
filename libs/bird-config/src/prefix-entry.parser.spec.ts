import { IpPrefix } from '@ixora/net';
import { compareParsedPrefixes, parsePrefix, prefixContains } from './prefix-entry.parser.js';

describe('parsePrefix', () => {
  const inputs = [
    '0.0.0.0/0',
    '11.0.0.0/8',
    '185.32.0.0/22',
    '255.255.255.255/32',
    '2001:db8::/32',
    '2001:DB8:0:0::/64',
    '2001:0db8:0000:0000:0000:0000:0000:0000/32',
    '2a00:0:1::/48',
    '2a00:1:0::/48',
    '::/0',
    '1:0:0:1:0:0:0:0/64',
    '1:0:0:0:1:0:0:0/80',
    '::ffff:192.0.2.0/120',
    '2001:db8:1:2:3:4:5:6/128',
  ];

  it.each(inputs)('agrees with IpPrefix on %s', (input) => {
    const reference = IpPrefix.parse(input);
    const parsed = parsePrefix(input, 'prefix');
    expect(parsed.text).toBe(reference.toString());
    expect(parsed.length).toBe(reference.length);
    expect(parsed.family).toBe(reference.family);
  });

  it.each([
    '192.0.2.1/24',
    '2001:db8::1/64',
    '01.2.3.0/24',
    '256.0.0.0/8',
    '10.0.0.0/33',
    '1::2::3/64',
    'x/8',
    '10.0.0.0',
  ])('rejects %s with IpPrefix’s message', (input) => {
    expect(() => parsePrefix(input, 'members[0].prefixesV4[3]')).toThrow(/members\[0\]\.prefixesV4\[3\]/);
  });

  it('orders like IpPrefix.compare', () => {
    const inputs2 = [
      '2a00::/12',
      '10.0.0.0/8',
      '10.0.0.0/16',
      '9.255.0.0/16',
      '2001:db8::/32',
      '2001:db8::/48',
    ];
    const ours = inputs2
      .map((p) => parsePrefix(p, 'p'))
      .sort(compareParsedPrefixes)
      .map((p) => p.text);
    const theirs = inputs2
      .map((p) => IpPrefix.parse(p))
      .sort((a, b) => a.compare(b))
      .map(String);
    expect(ours).toEqual(theirs);
  });

  it.each([
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/8', '11.0.0.0/16', false],
    ['10.0.0.0/16', '10.0.0.0/8', false],
    ['0.0.0.0/0', '203.0.113.0/24', true],
    ['2001:db8::/33', '2001:db8:7fff::/48', true],
    ['2001:db8::/33', '2001:db8:8000::/48', false],
    ['2001:db8::/30', '2001:dbb::/32', true],
    ['2001:db8::/30', '2001:dbc::/32', false],
    ['10.0.0.0/8', '2001:db8::/32', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(prefixContains(parsePrefix(outer, 'p'), parsePrefix(inner, 'p'))).toBe(expected);
    expect(IpPrefix.parse(outer).contains(IpPrefix.parse(inner))).toBe(expected);
  });
});
