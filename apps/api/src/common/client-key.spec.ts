import { clientKey } from './client-key.js';

describe('clientKey', () => {
  it('counts an IPv6 client by its /64, so stepping through the /64 does not reset the limit', () => {
    expect(clientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });

  it('counts an IPv4 client by its address, also when the socket shows it IPv4-mapped', () => {
    expect(clientKey('192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('::ffff:c000:207')).toBe('192.0.2.7');
  });

  it('keeps anything that is no address as it is', () => {
    expect(clientKey(undefined)).toBe('unknown');
    expect(clientKey('not-an-address')).toBe('not-an-address');
  });
});
