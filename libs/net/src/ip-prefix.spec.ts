import { IxoraError } from '@ixora/errors';
import { IpAddress } from './ip-address.js';
import { hostmask, IpPrefix, netmask, parseInterfaceAddress } from './ip-prefix.js';

const p = (text: string): IpPrefix => IpPrefix.parse(text);

describe('IpPrefix', () => {
  it.each([
    ['192.0.2.0/24', 4, 24, '192.0.2.0/24'],
    ['0.0.0.0/0', 4, 0, '0.0.0.0/0'],
    ['192.0.2.1/32', 4, 32, '192.0.2.1/32'],
    [' 198.18.0.0/15 ', 4, 15, '198.18.0.0/15'],
    ['::/0', 6, 0, '::/0'],
    ['2001:DB8::/32', 6, 32, '2001:db8::/32'],
    ['2001:db8:0:0:0:0:0:1/128', 6, 128, '2001:db8::1/128'],
    ['::ffff:192.0.2.0/120', 6, 120, '::ffff:192.0.2.0/120'],
    ['2000::/3', 6, 3, '2000::/3'],
  ] as const)('parses %p', (input, family, length, canonical) => {
    const prefix = p(input);
    expect(prefix.family).toBe(family);
    expect(prefix.length).toBe(length);
    expect(prefix.toString()).toBe(canonical);
    expect(IpPrefix.isValid(input)).toBe(true);
  });

  it.each([
    ['192.0.2.1', 'has no prefix length'],
    ['2001:db8::', 'has no prefix length'],
    ['192.0.2.0/33', 'prefix length outside 0..32'],
    ['2001:db8::/129', 'prefix length outside 0..128'],
    ['192.0.2.0/', 'invalid prefix length'],
    ['192.0.2.0/024', 'invalid prefix length'],
    ['192.0.2.0/-1', 'invalid prefix length'],
    ['192.0.2.0/24/24', 'invalid prefix length'],
    ['192.0.2.0/ 24', 'invalid prefix length'],
    ['192.0.2/24', 'is not a valid prefix (its address is not an IP address)'],
    ['192.0.02.0/24', 'leading zeros'],
    ['fe80::%eth0/64', 'zone id'],
    ['/24', 'is not a valid prefix'],
  ])('rejects %p (%s)', (input, reason) => {
    expect(() => p(input)).toThrow(reason);
    expect(IpPrefix.isValid(input)).toBe(false);
  });

  describe('host bits', () => {
    it('rejects them by default, naming the network', () => {
      expect(() => p('192.0.2.1/24')).toThrow(
        new IxoraError('invalid_value', 'prefix: "192.0.2.1/24" has host bits set (network is 192.0.2.0/24)'),
      );
      expect(() => p('2001:db8::1/64')).toThrow('has host bits set (network is 2001:db8::/64)');
      expect(() => p('0.0.0.1/0')).toThrow('(network is 0.0.0.0/0)');
      expect(IpPrefix.isValid('192.0.2.1/24')).toBe(false);
    });

    it('clears them on request', () => {
      expect(IpPrefix.parse('192.0.2.1/24', { hostBits: 'clear' }).toString()).toBe('192.0.2.0/24');
      expect(IpPrefix.parse('2001:db8:1:2:3:4:5:6/48', { hostBits: 'clear' }).toString()).toBe(
        '2001:db8:1::/48',
      );
      expect(IpPrefix.parse('255.255.255.255/0', { hostBits: 'clear' }).toString()).toBe('0.0.0.0/0');
      expect(IpPrefix.parse('192.0.2.0/24', { hostBits: 'clear' }).toString()).toBe('192.0.2.0/24');
    });

    it('uses the given field name', () => {
      expect(() => IpPrefix.parse('192.0.2.1/24', { field: 'routes[3].prefix' })).toThrow(
        'routes[3].prefix: "192.0.2.1/24" has host bits set',
      );
    });
  });

  it('builds a prefix from an address and a length', () => {
    const address = IpAddress.parse('2001:db8::1');
    expect(IpPrefix.from(address, 128).toString()).toBe('2001:db8::1/128');
    expect(IpPrefix.from(address, 32, { hostBits: 'clear' }).toString()).toBe('2001:db8::/32');
    expect(() => IpPrefix.from(address, 32)).toThrow('prefix: "2001:db8::1/32" has host bits set');
    expect(() => IpPrefix.from(address, 129)).toThrow('outside 0..128');
    expect(() => IpPrefix.from(address, 1.5)).toThrow('outside 0..128');
  });

  it('knows its first and last address', () => {
    expect(p('192.0.2.0/24').firstAddress.toString()).toBe('192.0.2.0');
    expect(p('192.0.2.0/24').lastAddress.toString()).toBe('192.0.2.255');
    expect(p('0.0.0.0/0').lastAddress.toString()).toBe('255.255.255.255');
    expect(p('192.0.2.7/32').lastAddress.toString()).toBe('192.0.2.7');
    expect(p('2001:db8::/32').lastAddress.toString()).toBe('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(p('::/0').lastAddress.toString()).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(p('2001:db8::1/128').firstAddress.equals(p('2001:db8::1/128').lastAddress)).toBe(true);
  });

  describe('contains', () => {
    it.each([
      ['192.0.2.0/24', '192.0.2.0/24', true],
      ['192.0.2.0/24', '192.0.2.128/25', true],
      ['192.0.2.0/24', '192.0.2.255/32', true],
      ['192.0.2.0/24', '192.0.3.0/24', false],
      ['192.0.2.128/25', '192.0.2.0/24', false],
      ['192.0.2.0/25', '192.0.2.128/25', false],
      ['0.0.0.0/0', '203.0.113.0/24', true],
      ['0.0.0.0/0', '0.0.0.0/0', true],
      ['2001:db8::/32', '2001:db8:ffff::/48', true],
      ['2001:db8::/32', '2001:db9::/48', false],
      ['::/0', '2001:db8::1/128', true],
      ['2001:db8::1/128', '2001:db8::1/128', true],
      ['2001:db8::/128', '2001:db8::1/128', false],
      // Never across families, not even for IPv4-mapped addresses.
      ['0.0.0.0/0', '::/0', false],
      ['::/0', '0.0.0.0/0', false],
      ['::ffff:0.0.0.0/96', '192.0.2.0/24', false],
      ['192.0.2.0/24', '::ffff:192.0.2.0/120', false],
    ])('%s contains %s: %p', (outer, inner, expected) => {
      expect(p(outer).contains(p(inner))).toBe(expected);
    });

    it.each([
      ['192.0.2.0/24', '192.0.2.77', true],
      ['192.0.2.0/24', '192.0.3.1', false],
      ['0.0.0.0/0', '255.255.255.255', true],
      ['192.0.2.1/32', '192.0.2.1', true],
      ['2001:db8::/64', '2001:db8::abcd', true],
      ['2001:db8::/64', '2001:db8:0:1::1', false],
      ['::ffff:0:0/96', '192.0.2.1', false],
      ['::ffff:0:0/96', '::ffff:192.0.2.1', true],
      ['192.0.2.0/24', '::ffff:192.0.2.1', false],
    ])('%s contains address %s: %p', (prefix, address, expected) => {
      expect(p(prefix).contains(IpAddress.parse(address))).toBe(expected);
    });
  });

  it.each([
    ['192.0.2.0/24', '192.0.2.0/25', true],
    ['192.0.2.0/25', '192.0.2.0/24', true],
    ['192.0.2.0/25', '192.0.2.128/25', false],
    ['192.0.2.0/24', '192.0.2.0/24', true],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['2001:db8::/48', '2001:db8:1::/48', false],
    ['0.0.0.0/0', '::/0', false],
  ])('%s overlaps %s: %p', (a, b, expected) => {
    expect(p(a).overlaps(p(b))).toBe(expected);
  });

  it('compares by family, network, then length', () => {
    const sorted = [
      '2001:db8::/48',
      '192.0.2.0/25',
      '2001:db8::/32',
      '10.0.0.0/8',
      '192.0.2.0/24',
      '192.0.2.128/25',
      '::/0',
    ]
      .map(p)
      .sort((a, b) => a.compare(b))
      .map(String);
    expect(sorted).toEqual([
      '10.0.0.0/8',
      '192.0.2.0/24',
      '192.0.2.0/25',
      '192.0.2.128/25',
      '::/0',
      '2001:db8::/32',
      '2001:db8::/48',
    ]);
  });

  it('is equal by network and length', () => {
    expect(p('2001:DB8::/32').equals(p('2001:db8:0::/32'))).toBe(true);
    expect(p('2001:db8::/32').equals(p('2001:db8::/33'))).toBe(false);
    expect(p('0.0.0.0/0').equals(p('::/0'))).toBe(false);
  });

  it('serialises to its canonical text', () => {
    expect(JSON.stringify({ prefix: p('2001:0DB8::/32') })).toBe('{"prefix":"2001:db8::/32"}');
  });

  it('is not valid for non-strings', () => {
    expect(IpPrefix.isValid(undefined)).toBe(false);
    expect(() => IpPrefix.parse(24 as unknown as string)).toThrow('prefix: 24 is not a prefix');
  });
});

describe('masks', () => {
  it('computes netmask and hostmask', () => {
    expect(netmask(4, 24)).toBe(0xffffff00n);
    expect(netmask(4, 0)).toBe(0n);
    expect(netmask(4, 32)).toBe(0xffffffffn);
    expect(hostmask(4, 24)).toBe(0xffn);
    expect(netmask(6, 128)).toBe((1n << 128n) - 1n);
    expect(hostmask(6, 64)).toBe((1n << 64n) - 1n);
    expect(hostmask(6, 0)).toBe((1n << 128n) - 1n);
    expect(() => netmask(4, 33)).toThrow('length: 33 is outside 0..32');
    expect(() => hostmask(6, -1)).toThrow('length: -1 is outside 0..128');
  });
});

describe('parseInterfaceAddress', () => {
  it('keeps the host address and clears the prefix', () => {
    const { address, prefix } = parseInterfaceAddress('192.0.2.10/24');
    expect(address.toString()).toBe('192.0.2.10');
    expect(prefix.toString()).toBe('192.0.2.0/24');
    expect(prefix.contains(address)).toBe(true);
  });

  it('handles IPv6 and point-to-point lengths', () => {
    expect(String(parseInterfaceAddress('2001:DB8::A/64').address)).toBe('2001:db8::a');
    expect(String(parseInterfaceAddress('2001:DB8::A/64').prefix)).toBe('2001:db8::/64');
    expect(String(parseInterfaceAddress('198.51.100.1/31').prefix)).toBe('198.51.100.0/31');
    expect(String(parseInterfaceAddress('2001:db8::1/128').prefix)).toBe('2001:db8::1/128');
  });

  it('rejects a bare address and bad input, naming the field', () => {
    expect(() => parseInterfaceAddress('192.0.2.10', 'ipv4')).toThrow(
      'ipv4: "192.0.2.10" has no prefix length',
    );
    expect(() => parseInterfaceAddress('192.0.2.300/24', 'ipv4')).toThrow('ipv4: "192.0.2.300/24"');
    expect(() => parseInterfaceAddress('192.0.2.1/33')).toThrow('outside 0..32');
  });
});
