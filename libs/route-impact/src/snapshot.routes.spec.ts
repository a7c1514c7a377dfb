import { indexRoute, type IndexedRoute, type LgRoute } from '@ixora/looking-glass';
import { observedRouteOf } from './snapshot.routes.js';

const RS = 59900;

function indexed(prefix: string, bgp: Partial<LgRoute['bgp']>, isFiltered: boolean): IndexedRoute {
  return indexRoute(
    {
      id: `AS59901_v4_1/${prefix}`,
      route_server_id: 'rs1',
      neighbor_id: 'AS59901_v4_1',
      network: prefix,
      ...(bgp.next_hop === undefined ? {} : { gateway: bgp.next_hop }),
      type: 'BGP',
      primary: !isFiltered,
      age: '2026-12-06 03:00:00',
      bgp: { as_path: [59901], communities: [], large_communities: [], ext_communities: [], ...bgp },
      community_meanings: [],
    },
    isFiltered,
  );
}

describe('observedRouteOf: a snapshot route as the member sent it', () => {
  it("takes the route server's reason and RPKI state off and keeps the rest", () => {
    const route = observedRouteOf(
      indexed(
        '185.1.1.0/24',
        {
          next_hop: '192.0.2.11',
          as_path: [59901, 3333],
          communities: [[65535, 0]],
          large_communities: [
            [RS, 1000, 2],
            [RS, 1101, 9],
            [64500, 1101, 3],
          ],
        },
        true,
      ),
      RS,
    );
    expect(route).toEqual({
      prefix: '185.1.1.0/24',
      protocol: 'AS59901_v4_1',
      asPath: [59901, 3333],
      nextHop: '192.0.2.11',
      communities: [[65535, 0]],
      observedRpkiState: 'unknown',
      observed: { isAccepted: false, code: 9 },
    });
  });

  it('an accepted blackhole route with the next hop the config rewrote has none', () => {
    const blackhole = { next_hop: '192.0.2.66', communities: [[65535, 666]] as [number, number][] };
    expect(
      observedRouteOf(indexed('185.1.0.1/32', blackhole, false), RS, { ipv4: '192.0.2.66' }),
    ).toMatchObject({
      nextHop: null,
      observed: { isAccepted: true },
    });
    // Without a blackhole next hop in the config, or filtered, the next hop is what it is.
    expect(observedRouteOf(indexed('185.1.0.1/32', blackhole, false), RS).nextHop).toBe('192.0.2.66');
    expect(
      observedRouteOf(indexed('185.1.0.1/32', blackhole, true), RS, { ipv4: '192.0.2.66' }).nextHop,
    ).toBe('192.0.2.66');
  });
});
