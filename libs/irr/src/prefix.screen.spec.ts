import { IpPrefix } from '@ixora/net';
import { describeDropped, screenPrefixes, type PrefixScreen } from './prefix.screen.js';

const screen: PrefixScreen = {
  lengthsV4: { min: 8, max: 24 },
  lengthsV6: { min: 16, max: 48 },
  peeringLans: [IpPrefix.parse('185.1.0.0/24'), IpPrefix.parse('2001:7f8:1::/64')],
};

describe('screenPrefixes: IRR answers the route servers reject anyway', () => {
  it.each([
    ['0.0.0.0/0', 'shorter than /8'],
    ['10.0.0.0/8', 'bogon: private use (RFC 1918)'],
    ['10.1.2.0/24', 'bogon: private use (RFC 1918)'],
    ['192.0.2.0/24', 'bogon: documentation TEST-NET-1 (RFC 5737)'],
    ['240.0.0.0/4', 'shorter than /8'],
    ['224.1.0.0/16', 'bogon: multicast (RFC 5771)'],
    ['185.1.0.0/24', 'inside the peering LAN 185.1.0.0/24'],
    ['185.1.0.128/25', 'longer than /24'],
    ['185.0.0.0/25', 'longer than /24'],
    ['11.0.0.0/7', 'shorter than /8'],
  ])('drops IPv4 %s (%s)', (prefix, reason) => {
    expect(screenPrefixes(4, [prefix, '185.0.0.0/24'], screen)).toEqual({
      kept: ['185.0.0.0/24'],
      dropped: [{ prefix, reason }],
    });
  });

  it.each([
    ['::/0', 'shorter than /16'],
    ['::ffff:10.0.0.0/104', 'longer than /48'],
    ['fc00::/7', 'shorter than /16'],
    ['fd00:1::/32', 'outside 2000::/3'],
    ['2001:db8::/32', 'bogon: documentation (RFC 3849)'],
    ['2002:a00::/24', 'bogon: 6to4 (RFC 3056)'],
    ['2001:7f8:1::/64', 'longer than /48'],
    ['2001:7f8:1::/48', undefined],
    ['2a0b::/12', 'shorter than /16'],
  ])('judges IPv6 %s: %s', (prefix, reason) => {
    const result = screenPrefixes(6, [prefix], screen);
    expect(result.dropped).toEqual(reason === undefined ? [] : [{ prefix, reason }]);
  });

  it('drops a route object inside a peering LAN longer than the policy allows, and keeps ones that cover it', () => {
    const lanScreen = { ...screen, lengthsV6: { min: 16, max: 128 } };
    expect(screenPrefixes(6, ['2001:7f8:1::/64', '2001:7f8::/32'], lanScreen)).toEqual({
      kept: ['2001:7f8::/32'],
      dropped: [{ prefix: '2001:7f8:1::/64', reason: 'inside the peering LAN 2001:7f8:1::/64' }],
    });
  });

  it('leaves text that is no prefix to the aggregator, which fails the member (last good data kept)', () => {
    expect(screenPrefixes(4, ['garbage', '11.x.0.0/24'], screen).dropped).toEqual([]);
  });

  it('says how many were dropped and shows the first few', () => {
    const dropped = Array.from({ length: 12 }, (_, i) => ({ prefix: `10.${i}.0.0/16`, reason: 'bogon' }));
    expect(describeDropped(4, dropped, 2)).toBe(
      'dropped 12 route object prefix(es) the route servers reject anyway: 10.0.0.0/16 (bogon), 10.1.0.0/16 (bogon), and 10 more',
    );
  });
});
