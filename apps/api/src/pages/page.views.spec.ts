import type { LgRoute } from '@ixora/looking-glass';
import { neighborHref, pager, routeRow } from './page.views.js';

const route: LgRoute = {
  id: 'AS64500_v4_1/198.51.100.0/25',
  route_server_id: 'rs1',
  neighbor_id: 'AS64500_v4_1',
  network: '198.51.100.0/25',
  gateway: '192.0.2.10',
  type: 'unicast',
  primary: true,
  age: '2026-11-29 02:00:06',
  bgp: {
    as_path: [64500, 64501],
    next_hop: '192.0.2.10',
    communities: [[65535, 666]],
    large_communities: [[64700, 1101, 1]],
    ext_communities: [],
  },
  reason: { code: 1, key: 'prefix_too_long', words: 'prefix is longer than allowed' },
  community_meanings: [{ community: '64700:1101:1', meaning: 'prefix is longer than allowed' }],
};

describe('page views', () => {
  it('a route row has the reason, the path as text and each community with its meaning or none', () => {
    expect(routeRow(route)).toEqual({
      network: '198.51.100.0/25',
      routeServer: 'rs1',
      neighbor: 'AS64500_v4_1',
      neighborHref: '/routeservers/rs1/neighbors/AS64500_v4_1',
      nextHop: '192.0.2.10',
      asPath: '64500 64501',
      primary: true,
      reason: 'prefix is longer than allowed',
      communities: [
        { text: '65535:666', meaning: '' },
        { text: '64700:1101:1', meaning: 'prefix is longer than allowed' },
      ],
    });
  });

  it('links to the previous and next page only where they exist', () => {
    const href = (page: number): string => `/x?page=${page}`;
    expect(pager({ page: 0, page_size: 100, total_pages: 3, total_results: 250 }, href)).toEqual({
      summary: '250 routes, page 1 of 3',
      previousHref: '',
      nextHref: '/x?page=1',
    });
    expect(pager({ page: 2, page_size: 100, total_pages: 3, total_results: 250 }, href)).toMatchObject({
      previousHref: '/x?page=1',
      nextHref: '',
    });
    expect(pager({ page: 0, page_size: 100, total_pages: 0, total_results: 0 }, href).summary).toBe('none');
  });

  it('encodes path segments of links', () => {
    expect(neighborHref('rs 1', 'a/b')).toBe('/routeservers/rs%201/neighbors/a%2Fb');
  });
});
