import { IxoraError } from '@ixora/errors';
import { IpAddress } from './ip-address.js';

describe('IpAddress', () => {
  describe('IPv4', () => {
    it.each([
      ['192.0.2.1', '192.0.2.1'],
      ['0.0.0.0', '0.0.0.0'],
      ['255.255.255.255', '255.255.255.255'],
      [' 198.51.100.7 ', '198.51.100.7'],
      ['10.0.0.0', '10.0.0.0'],
    ])('parses %p as %p', (input, canonical) => {
      const address = IpAddress.parse(input);
      expect(address.family).toBe(4);
      expect(address.toString()).toBe(canonical);
      expect(IpAddress.isValid(input)).toBe(true);
    });

    it.each([
      ['192.0.2.01', 'leading zeros'],
      ['010.0.0.1', 'leading zeros'],
      ['192.0.2.256', 'above 255'],
      ['192.0.2', 'not an IP address'],
      ['192.0.2.1.5', 'not an IP address'],
      ['192.0.2.-1', 'not an IP address'],
      ['192.0.2.1/32', 'is a prefix'],
      ['192.0.2. 1', 'not an IP address'],
      ['1', 'not an IP address'],
      ['', 'not an IP address'],
      ['3232235777', 'not an IP address'],
    ])('rejects %p (%s)', (input, reason) => {
      expect(() => IpAddress.parse(input)).toThrow(reason);
      expect(IpAddress.isValid(input)).toBe(false);
    });

    it('converts to and from bigint', () => {
      expect(IpAddress.parse('192.0.2.1').toBigInt()).toBe(0xc0000201n);
      expect(IpAddress.fromBigInt(0xc0000201n, 4).toString()).toBe('192.0.2.1');
      expect(IpAddress.fromBigInt(0xffffffffn, 4).toString()).toBe('255.255.255.255');
      expect(() => IpAddress.fromBigInt(0x1_0000_0000n, 4)).toThrow('outside the IPv4 address range');
      expect(() => IpAddress.fromBigInt(-1n, 6)).toThrow('outside the IPv6 address range');
    });
  });

  describe('IPv6', () => {
    it.each([
      ['2001:db8::1', '2001:db8::1'],
      ['2001:DB8::1', '2001:db8::1'],
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['::', '::'],
      ['::1', '::1'],
      ['1::', '1::'],
      ['0:0:0:0:0:0:0:0', '::'],
      // RFC 5952 §4.2.2: a single zero group is not compressed.
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['2001:db8::1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      // RFC 5952 §4.2.3: the longest run wins; on a tie the first.
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['FE80::ABCD', 'fe80::abcd'],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
      ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
      ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
      // IPv4-mapped stays IPv6 and keeps the dotted quad (RFC 5952 §5).
      ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
      ['::FFFF:c000:0201', '::ffff:192.0.2.1'],
      ['0:0:0:0:0:ffff:192.0.2.1', '::ffff:192.0.2.1'],
      // Other embedded IPv4 forms are written in hex.
      ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
      ['::192.0.2.1', '::c000:201'],
    ])('parses %p as %p', (input, canonical) => {
      const address = IpAddress.parse(input);
      expect(address.family).toBe(6);
      expect(address.toString()).toBe(canonical);
      expect(IpAddress.isValid(input)).toBe(true);
    });

    it.each([
      ['fe80::1%eth0', 'zone id'],
      ['fe80::1%1', 'zone id'],
      ['2001:db8::/32', 'is a prefix'],
      ['2001:db8::1::1', '"::" may appear only once'],
      ['2001:db8:::1', 'not a valid IPv6'],
      [':::', 'not a valid IPv6'],
      ['1:2:3:4:5:6:7:8:9', 'not a valid IPv6'],
      ['1:2:3:4:5:6:7', 'not a valid IPv6'],
      ['1:2:3:4:5:6::7:8', 'not a valid IPv6'],
      ['1:2:3:4:5:6:7:8::', 'not a valid IPv6'],
      ['12345::', 'not a valid IPv6'],
      ['2001:db8::g', 'not a valid IPv6'],
      [':1::', 'not a valid IPv6'],
      ['1::2:', 'not a valid IPv6'],
      ['::ffff:192.0.2.256', 'embedded IPv4 address'],
      ['::ffff:192.0.2.01', 'embedded IPv4 address: has leading zeros'],
      ['::192.0.2.1:1', 'not a valid IPv6'],
      ['1:2:3:4:5:6:7:192.0.2.1', 'not a valid IPv6'],
    ])('rejects %p (%s)', (input, reason) => {
      expect(() => IpAddress.parse(input)).toThrow(reason);
      expect(IpAddress.isValid(input)).toBe(false);
    });

    it('converts to and from bigint', () => {
      expect(IpAddress.parse('::1').toBigInt()).toBe(1n);
      expect(IpAddress.parse('2001:db8::').toBigInt()).toBe(0x20010db8n << 96n);
      expect(IpAddress.fromBigInt((1n << 128n) - 1n, 6).toString()).toBe(
        'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      );
      expect(IpAddress.fromBigInt(0xffffc0000201n, 6).toString()).toBe('::ffff:192.0.2.1');
      expect(() => IpAddress.fromBigInt(1n << 128n, 6)).toThrow('outside the IPv6 address range');
    });

    it('knows IPv4-mapped addresses', () => {
      expect(IpAddress.parse('::ffff:192.0.2.1').isIpv4Mapped()).toBe(true);
      expect(IpAddress.parse('::192.0.2.1').isIpv4Mapped()).toBe(false);
      expect(IpAddress.parse('192.0.2.1').isIpv4Mapped()).toBe(false);
    });
  });

  it('names the field and the value in the error', () => {
    let error: unknown;
    try {
      IpAddress.parse('192.0.2.300', 'routerId');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IxoraError);
    expect((error as IxoraError).field).toBe('routerId');
    expect((error as IxoraError).message).toBe('routerId: "192.0.2.300" has an IPv4 octet above 255');
  });

  it('is not valid for non-strings', () => {
    expect(IpAddress.isValid(3232235777)).toBe(false);
    expect(IpAddress.isValid(null)).toBe(false);
    expect(() => IpAddress.parse(42 as unknown as string)).toThrow('address: 42 is not an IP address');
  });

  it('compares IPv4 before IPv6, then numerically', () => {
    const sorted = ['2001:db8::1', '192.0.2.10', '::ffff:0.0.0.1', '192.0.2.9', '::', '10.0.0.1']
      .map((text) => IpAddress.parse(text))
      .sort((a, b) => a.compare(b))
      .map(String);
    expect(sorted).toEqual(['10.0.0.1', '192.0.2.9', '192.0.2.10', '::', '::ffff:0.0.0.1', '2001:db8::1']);
  });

  it('tells the mapped address apart from the IPv4 address', () => {
    const v4 = IpAddress.parse('192.0.2.1');
    const mapped = IpAddress.parse('::ffff:192.0.2.1');
    expect(v4.equals(mapped)).toBe(false);
    expect(v4.compare(mapped)).toBeLessThan(0);
    expect(mapped.equals(IpAddress.parse('::ffff:c000:201'))).toBe(true);
  });

  it('serialises to its canonical text', () => {
    expect(JSON.stringify([IpAddress.parse('2001:DB8:0::1')])).toBe('["2001:db8::1"]');
  });
});
