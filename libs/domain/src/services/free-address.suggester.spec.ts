import { suggestFreeAddresses } from './free-address.suggester.js';

describe('suggestFreeAddresses', () => {
  it('skips the network and broadcast addresses and those in use (IPv4)', () => {
    expect(suggestFreeAddresses('192.0.2.0/29', ['192.0.2.1', '192.0.2.3', '2001:db8::2'], 10)).toEqual([
      '192.0.2.2',
      '192.0.2.4',
      '192.0.2.5',
      '192.0.2.6',
    ]);
  });

  it('skips the subnet-router anycast address (RFC 4291) and stops at the count (IPv6)', () => {
    expect(suggestFreeAddresses('2001:db8::/64', ['2001:db8::1', '2001:db8::3'], 3)).toEqual([
      '2001:db8::2',
      '2001:db8::4',
      '2001:db8::5',
    ]);
  });

  it('offers both addresses of a point-to-point prefix (RFC 3021)', () => {
    expect(suggestFreeAddresses('192.0.2.0/31', [], 5)).toEqual(['192.0.2.0', '192.0.2.1']);
  });
});
