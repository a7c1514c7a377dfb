import type { BirdRoute } from '@ixora/bird-client';
import { IpAddress, IpPrefix } from '@ixora/net';
import { toLgRoute } from './lg-route.mapper.js';
import { indexRoute, matchesSearch, RouteIndex } from './route.index.js';
import { RouteInterner } from './route.interner.js';

function birdRoute(prefix: string, asPath: number[], protocol = 'AS64500_v4_1'): BirdRoute {
  return {
    table: prefix.includes(':') ? 'master6' : 'master4',
    prefix,
    type: 'unicast',
    protocol,
    since: '2026-11-29 02:00:06',
    isPrimary: true,
    preference: 100,
    nextHops: [],
    attributes: {},
    bgp: {
      asPath,
      asPathSegments: [],
      nextHop: ['192.0.2.10'],
      atomicAggregate: false,
      clusterList: [],
      communities: [[65535, 666]],
      extendedCommunities: [],
      largeCommunities: [[64700, 1000, 1]],
    },
  };
}

const routes = [
  ['198.51.100.0/22', [64500]],
  ['198.51.100.0/24', [64500, 64501]],
  ['198.51.100.128/25', [64500, 64501]],
  ['198.51.101.0/24', [64500]],
  ['203.0.113.0/24', [64500, 64502]],
  ['2001:db8::/32', [64500]],
  ['2001:db8:1::/48', [64500, 64501]],
] as const;

function buildIndex(): RouteIndex {
  const interner = new RouteInterner(64700);
  const index = new RouteIndex();
  for (const [prefix, path] of [...routes].reverse())
    index.add(
      indexRoute(
        toLgRoute(birdRoute(prefix, [...path]), {
          routeServerId: 'rs1',
          rsAsn: 64700,
          isFiltered: false,
          interner,
        }),
        false,
      ),
    );
  index.seal();
  return index;
}

const networks = (found: { route: { network: string } }[]): string[] =>
  found.map((entry) => entry.route.network);

describe('RouteIndex', () => {
  const index = buildIndex();

  it('finds the prefixes covering an address, most specific first', () => {
    expect(
      networks(index.search({ kind: 'address', address: IpAddress.parse('198.51.100.200') }, 10)),
    ).toEqual(['198.51.100.128/25', '198.51.100.0/24', '198.51.100.0/22']);
    expect(
      networks(index.search({ kind: 'address', address: IpAddress.parse('2001:db8:1::7') }, 10)),
    ).toEqual(['2001:db8:1::/48', '2001:db8::/32']);
    expect(index.search({ kind: 'address', address: IpAddress.parse('192.0.2.1') }, 10)).toEqual([]);
  });

  it('finds a prefix, what covers it and what lies inside it', () => {
    expect(networks(index.search({ kind: 'prefix', prefix: IpPrefix.parse('198.51.100.0/24') }, 10))).toEqual(
      ['198.51.100.0/24', '198.51.100.0/22', '198.51.100.128/25'],
    );
    expect(networks(index.search({ kind: 'prefix', prefix: IpPrefix.parse('198.51.100.0/23') }, 10))).toEqual(
      ['198.51.100.0/22', '198.51.100.0/24', '198.51.100.128/25', '198.51.101.0/24'],
    );
  });

  it('finds routes by origin ASN and stops at the limit', () => {
    expect(networks(index.search({ kind: 'asn', asn: 64501 }, 10)).sort()).toEqual([
      '198.51.100.0/24',
      '198.51.100.128/25',
      '2001:db8:1::/48',
    ]);
    expect(index.search({ kind: 'address', address: IpAddress.parse('198.51.100.200') }, 2)).toHaveLength(2);
  });

  it('matchesSearch agrees with the index for a neighbor filter', () => {
    const entry = indexRoute(
      toLgRoute(birdRoute('198.51.100.0/24', [64500]), {
        routeServerId: 'rs1',
        rsAsn: 64700,
        isFiltered: false,
      }),
      false,
    );
    expect(matchesSearch(entry, { kind: 'prefix', prefix: IpPrefix.parse('198.51.0.0/16') })).toBe(true);
    expect(matchesSearch(entry, { kind: 'prefix', prefix: IpPrefix.parse('198.51.100.0/25') })).toBe(true);
    expect(matchesSearch(entry, { kind: 'prefix', prefix: IpPrefix.parse('198.51.101.0/24') })).toBe(false);
    expect(matchesSearch(entry, { kind: 'address', address: IpAddress.parse('198.51.100.9') })).toBe(true);
    expect(matchesSearch(entry, { kind: 'asn', asn: 64500 })).toBe(true);
  });
});

describe('RouteInterner', () => {
  it('shares AS_PATHs and community sets (with their meanings) between routes', () => {
    const interner = new RouteInterner(64700);
    const context = { routeServerId: 'rs1', rsAsn: 64700, isFiltered: false, interner };
    const a = toLgRoute(birdRoute('198.51.100.0/24', [64500, 64501]), context);
    const b = toLgRoute(birdRoute('198.51.101.0/24', [64500, 64501]), context);
    expect(b.bgp.as_path).toBe(a.bgp.as_path);
    expect(b.bgp.large_communities).toBe(a.bgp.large_communities);
    expect(b.community_meanings).toBe(a.community_meanings);
    expect(a.community_meanings).toEqual([
      { community: '65535:666', meaning: 'blackhole (RFC 7999)' },
      { community: '64700:1000:1', meaning: 'RPKI valid' },
    ]);
    expect(a.id).toBe('AS64500_v4_1/198.51.100.0/24');
  });
});

describe('IndexedRoute', () => {
  const context = {
    routeServerId: 'rs1',
    rsAsn: 64700,
    isFiltered: true,
    interner: new RouteInterner(64700),
  };

  it('gives back the route it was made from, field for field and in the same order', () => {
    const route = toLgRoute(birdRoute('198.51.100.0/24', [64500, 64501]), context);
    const entry = indexRoute(route, true);
    expect(JSON.stringify(entry.route)).toBe(JSON.stringify(route));
    expect(entry.neighborId).toBe('AS64500_v4_1');
    expect(entry.originAsn).toBe(64501);
  });

  it('shares one attributes object between routes that differ only in prefix and age', () => {
    const interner = new RouteInterner(64700);
    const share = (attributes: Parameters<RouteInterner['shared']>[0]) => interner.shared(attributes);
    const made = (prefix: string, path: number[], since: string, protocol?: string) => {
      const bird = { ...birdRoute(prefix, path, protocol), since };
      return indexRoute(toLgRoute(bird, { ...context, interner }), true, share);
    };
    const a = made('198.51.100.0/24', [64500, 64501], '2026-11-29 02:00:06');
    const b = made('198.51.101.0/24', [64500, 64501], '2026-11-29 03:10:00');
    const otherPath = made('198.51.102.0/24', [64500, 64502], '2026-11-29 02:00:06');
    const otherNeighbor = made('198.51.103.0/24', [64500, 64501], '2026-11-29 02:00:06', 'AS64510_v4_1');
    expect(b.shared).toBe(a.shared);
    expect(otherPath.shared).not.toBe(a.shared);
    expect(otherNeighbor.shared).not.toBe(a.shared);
    expect(b.route).toMatchObject({
      id: 'AS64500_v4_1/198.51.101.0/24',
      network: '198.51.101.0/24',
      age: '2026-11-29 03:10:00',
    });
    expect(a.route.age).toBe('2026-11-29 02:00:06');
    expect(otherPath.route.bgp.as_path).toEqual([64500, 64502]);
    expect(otherNeighbor.route.neighbor_id).toBe('AS64510_v4_1');
  });
});
