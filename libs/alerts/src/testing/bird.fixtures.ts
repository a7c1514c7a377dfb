import type { BirdProtocolDetail, BirdRoute } from '@ixora/bird-client';
import { FILTER_REASON_FUNCTION } from '@ixora/bird-config';

/**
 * BIRD's own shapes (what `show protocols all` and `show route filtered all` parse into) for tests
 * of the alerts above the reader: one member's session in any state, and filtered routes.
 */

export function birdSession(
  name: string,
  options: {
    asn?: number;
    state?: string;
    bgpState?: string;
    lastError?: string;
    imported?: number;
    filtered?: number;
    limit?: number;
    isHit?: boolean;
    address?: string;
  } = {},
): BirdProtocolDetail {
  const state = options.state ?? 'up';
  const bgpState = options.bgpState ?? (state === 'up' ? 'Established' : 'Active');
  return {
    name,
    proto: 'BGP',
    table: '---',
    state,
    since: '2026-01-01 00:00:00',
    info: bgpState,
    description: `Member AS${options.asn ?? 64500}`,
    bgp: {
      state: bgpState,
      neighborAddress: options.address ?? '192.0.2.11',
      neighborAs: options.asn ?? 64500,
      session: [],
      localCapabilities: [],
      neighborCapabilities: [],
      ...(options.lastError ? { lastError: options.lastError } : {}),
    },
    channels:
      state === 'up'
        ? [
            {
              name: 'ipv4',
              table: 'master4',
              attributes: {},
              routes: {
                imported: options.imported ?? 5,
                filtered: options.filtered ?? 0,
                exported: 10,
                preferred: 5,
              },
              ...(options.limit === undefined
                ? {}
                : {
                    receiveLimit: { limit: options.limit, action: 'disable', isHit: options.isHit ?? false },
                  }),
            },
          ]
        : [],
    attributes: {},
  };
}

export function birdFilteredRoute(
  prefix: string,
  reasonCode: number,
  options: { asn: number; rsAsn: number; asPath?: number[] },
): BirdRoute {
  const asPath = options.asPath ?? [options.asn];
  return {
    table: 'master4',
    prefix,
    type: 'unicast',
    protocol: `AS${options.asn}_v4_1`,
    since: '2026-01-01 00:00:00',
    isPrimary: false,
    preference: 100,
    nextHops: [{ gateway: '192.0.2.11' }],
    attributes: {},
    bgp: {
      asPath,
      asPathSegments: [{ type: 'sequence', asns: asPath }],
      nextHop: ['192.0.2.11'],
      atomicAggregate: false,
      clusterList: [],
      communities: [],
      extendedCommunities: [],
      largeCommunities: [[options.rsAsn, FILTER_REASON_FUNCTION, reasonCode]],
    },
  };
}
