import { indexRoute, type LgMemberSession, type LgNeighbor, type LgRoute } from '@ixora/looking-glass';
import {
  parseMemberRoutesQuery,
  selectRoutes,
  toMemberRouteRow,
  type MemberAdviceFacts,
} from './member-routes.builder.js';

const ASN = 64501;

function neighbor(id: string, family: 'ipv4' | 'ipv6', address: string): LgNeighbor {
  return {
    id,
    route_server_id: 'rs1',
    address,
    asn: ASN,
    family,
    state: 'up',
    bgp_state: 'Established',
    description: '',
    since: '2026-11-29 02:00:06',
    routes_received: 0,
    routes_accepted: 0,
    routes_filtered: 0,
    routes_exported: 0,
    routes_preferred: 0,
    routes_per_family: {},
  };
}

function route(
  protocol: string,
  network: string,
  reason?: { code: number; key: string; words: string },
): LgRoute {
  return {
    id: `${protocol}/${network}`,
    route_server_id: 'rs1',
    neighbor_id: protocol,
    network,
    type: 'BGP univ',
    primary: true,
    age: '2026-11-29 02:00:06',
    bgp: {
      as_path: [ASN],
      next_hop: network.includes(':') ? '2001:db8::99' : '192.0.2.99',
      communities: [],
      large_communities: [],
      ext_communities: [],
    },
    ...(reason ? { reason } : {}),
    community_meanings: [],
  };
}

const IRR = { code: 9, key: 'irr_prefix', words: "prefix is not in the member's IRR data" };
const NEXT_HOP = { code: 8, key: 'next_hop_not_peer', words: "NEXT_HOP is not the peer's address" };
const RPKI = { code: 13, key: 'rpki_invalid', words: 'RPKI origin validation: invalid' };

const v4: LgMemberSession = {
  routeServerId: 'rs1',
  neighbor: neighbor('AS64501_v4_1', 'ipv4', '192.0.2.11'),
  accepted: ['203.0.112.0/24', '203.0.114.0/24'].map((p) => indexRoute(route('AS64501_v4_1', p), false)),
  filtered: [
    indexRoute(route('AS64501_v4_1', '198.51.100.0/24', NEXT_HOP), true),
    indexRoute(route('AS64501_v4_1', '203.0.113.0/24', IRR), true),
  ],
  readAt: new Date('2026-11-29T02:10:00Z'),
};
const v6: LgMemberSession = {
  routeServerId: 'rs1',
  neighbor: neighbor('AS64501_v6_1', 'ipv6', '2001:db8::11'),
  accepted: [indexRoute(route('AS64501_v6_1', '2001:db8:100::/48'), false)],
  filtered: [indexRoute(route('AS64501_v6_1', '2001:db8:200::/48', RPKI), true)],
  readAt: new Date('2026-11-29T02:10:00Z'),
};

const FACTS: MemberAdviceFacts = {
  asn: ASN,
  asSets: ['AS-FOO'],
  irr: [
    { family: 4, prefixes: ['203.0.112.0/23'], sources: ['RIPE'] },
    { family: 6, prefixes: ['2001:db8:100::/48'], sources: ['RIPE', 'RADB'] },
  ],
  interfaceAddresses: ['192.0.2.11', '2001:db8::11'],
  lengths: { 4: { min: 8, max: 24 }, 6: { min: 16, max: 48 } },
  isMoreSpecificAllowed: false,
  vrps: new Map([['2001:db8:200::/48', [{ prefix: '2001:db8::/32', maxLength: 32, asn: ASN }]]]),
};

describe('parseMemberRoutesQuery', () => {
  it('defaults to every session, accepted and filtered, the first 100', () => {
    expect(parseMemberRoutesQuery({})).toEqual({ state: 'all', offset: 0, limit: 100 });
    expect(
      parseMemberRoutesQuery({ session: 'rs1/AS64501_v6_1', state: 'filtered', offset: '100', limit: '50' }),
    ).toEqual({ session: 'rs1/AS64501_v6_1', state: 'filtered', offset: 100, limit: 50 });
  });

  it.each([
    [{ session: 'rs1/AS64501_v4_1 all' }, 'session'],
    [{ session: 'AS64501_v4_1' }, 'session'],
    [{ state: 'rejected' }, 'state'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
  ])('%j is refused naming %s', (input, field) => {
    expect(() => parseMemberRoutesQuery(input)).toThrow(expect.objectContaining({ field }));
  });
});

describe('selectRoutes', () => {
  const prefixes = (query: Parameters<typeof parseMemberRoutesQuery>[0]) =>
    selectRoutes([v4, v6], parseMemberRoutesQuery(query)).page.map(({ route }) => route.prefixText);

  it('lists filtered routes of every session first, then accepted ones, a page at a time', () => {
    expect(prefixes({})).toEqual([
      '198.51.100.0/24',
      '203.0.113.0/24',
      '2001:db8:200::/48',
      '203.0.112.0/24',
      '203.0.114.0/24',
      '2001:db8:100::/48',
    ]);
    expect(prefixes({ offset: '2', limit: '2' })).toEqual(['2001:db8:200::/48', '203.0.112.0/24']);
    expect(selectRoutes([v4, v6], parseMemberRoutesQuery({ limit: '1' })).total).toBe(6);
  });

  it('filters by session and by state', () => {
    expect(prefixes({ session: 'rs1/AS64501_v6_1' })).toEqual(['2001:db8:200::/48', '2001:db8:100::/48']);
    expect(prefixes({ state: 'accepted', session: 'rs1/AS64501_v4_1' })).toEqual([
      '203.0.112.0/24',
      '203.0.114.0/24',
    ]);
    expect(prefixes({ state: 'filtered' })).toHaveLength(3);
    expect(prefixes({ session: 'rs2/AS64501_v4_1' })).toEqual([]);
  });
});

describe('toMemberRouteRow', () => {
  it('an accepted route has no reason and no advice', () => {
    expect(toMemberRouteRow(v4, v4.accepted[0]!, FACTS)).toEqual({
      sessionId: 'rs1/AS64501_v4_1',
      routeServerId: 'rs1',
      prefix: '203.0.112.0/24',
      state: 'accepted',
      asPath: [ASN],
      nextHop: '192.0.2.99',
      originAsn: ASN,
    });
  });

  it('IPv4: the covering route object, and the member’s own next hop', () => {
    expect(toMemberRouteRow(v4, v4.filtered[1]!, FACTS).advice).toBe(
      'your route object for 203.0.112.0/23 covers 203.0.113.0/24, but the route server takes only the exact prefixes of route objects: create a route object for 203.0.113.0/24 with origin AS64501 (in RIPE), or announce 203.0.112.0/23 instead',
    );
    const nextHop = toMemberRouteRow(v4, v4.filtered[0]!, FACTS);
    expect(nextHop).toMatchObject({ state: 'filtered', reason: NEXT_HOP });
    expect(nextHop.advice).toBe(
      "the NEXT_HOP 192.0.2.99 is not your router's address on the peering LAN (192.0.2.11): announce with your own address as next hop (next-hop-self towards the route server)",
    );
  });

  it('IPv6: the covering ROA of the page', () => {
    expect(toMemberRouteRow(v6, v6.filtered[0]!, FACTS).advice).toMatch(
      /^the ROA for 2001:db8::\/32 allows AS64501 up to \/32, and you announce 2001:db8:200::\/48, a \/48/,
    );
  });
});
