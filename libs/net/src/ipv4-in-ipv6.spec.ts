import { IpAddress } from './ip-address.js';
import { IpPrefix } from './ip-prefix.js';
import { ipv4InIpv6Reason } from './ipv4-in-ipv6.js';

describe('ipv4InIpv6Reason', () => {
  it.each(['::ffff:10.0.0.0/120', '::ffff:0:0/96', '::ffff:192.0.2.0/120', '::/96', '::a00:0/120', '::/64'])(
    'finds the prefix %s',
    (text) => {
      expect(ipv4InIpv6Reason(IpPrefix.parse(text))).toMatch(/IPv4-(mapped|compatible)/);
    },
  );
  it.each(['::ffff:192.0.2.1', '::ffff:c000:201', '::192.0.2.1', '::1'])('finds the address %s', (text) => {
    expect(ipv4InIpv6Reason(IpAddress.parse(text))).toMatch(/IPv4-(mapped|compatible)/);
  });
  it('leaves other IPv6 and all IPv4 alone', () => {
    expect(ipv4InIpv6Reason(IpPrefix.parse('2001:db8::/64'))).toBeUndefined();
    expect(ipv4InIpv6Reason(IpPrefix.parse('64:ff9b::/96'))).toBeUndefined();
    expect(ipv4InIpv6Reason(IpAddress.parse('2001:db8::ffff:0:1'))).toBeUndefined();
    expect(ipv4InIpv6Reason(IpPrefix.parse('10.0.0.0/8'))).toBeUndefined();
  });
});
