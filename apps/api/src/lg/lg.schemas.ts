import { z } from 'zod';
import { MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH } from '@ixora/looking-glass';

// OpenAPI shapes of `/api/lg/v1` (Alice-LG's names). Query strings are checked here for shape and
// by @ixora/looking-glass for meaning (a prefix, an address or an ASN), once, before any read.

const searchText = z
  .string()
  .max(MAX_QUERY_LENGTH)
  .describe('a prefix (192.0.2.0/24), an address (192.0.2.7, 2001:db8::7) or an ASN (AS64500 or 64500)');

export const routesQuery = z.object({
  page: z.string().max(9).optional().describe(`0-based page, up to ${MAX_PAGE}`),
  page_size: z.string().max(9).optional().describe(`routes per page, 1..${MAX_PAGE_SIZE} (default 100)`),
  q: searchText
    .optional()
    .describe('only routes covering this address, or overlapping this prefix, or from this origin ASN'),
});

export const lookupQuery = routesQuery.extend({ q: searchText });

export const routeServerParams = z.object({ routeServerId: z.string().max(64) });
export const neighborParams = routeServerParams.extend({ neighborId: z.string().max(64) });

export type RoutesQuery = z.output<typeof routesQuery>;
export type LookupQuery = z.output<typeof lookupQuery>;
export type RouteServerParams = z.output<typeof routeServerParams>;
export type NeighborParams = z.output<typeof neighborParams>;

const apiStatus = z.object({
  version: z.string(),
  read_at: z.string().describe('when the data was read from the route server (ISO 8601)'),
  result_from_cache: z.boolean(),
  cache_status: z.object({ cached_at: z.string(), orig_ttl: z.number().int() }),
  ttl: z.number().int().describe('seconds until this answer is replaced'),
});

const lgRouteServer = z.object({
  id: z.string(),
  name: z.string(),
  asn: z.number().int(),
  status: z.enum(['up', 'unreachable', 'pending']),
  version: z.string().optional(),
  router_id: z.string().optional(),
  server_time: z.string().optional(),
  last_reboot: z.string().optional(),
  last_reconfig: z.string().optional(),
  message: z.string().optional(),
  error: z.string().optional().describe('why the last read failed'),
  read_at: z.string().optional(),
  neighbor_count: z.number().int(),
  route_count: z.number().int(),
  filtered_count: z.number().int(),
});

const counts = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  filtered: z.number().int(),
  exported: z.number().int(),
});

const lgNeighbor = z.object({
  id: z.string().describe('the BIRD protocol name'),
  route_server_id: z.string(),
  address: z.string(),
  asn: z.number().int(),
  family: z.enum(['ipv4', 'ipv6']).optional(),
  state: z.string(),
  bgp_state: z.string(),
  description: z.string(),
  uptime: z.number().int().optional().describe('seconds since the last state change'),
  since: z.string(),
  last_error: z.string().optional(),
  routes_received: z.number().int(),
  routes_accepted: z.number().int(),
  routes_filtered: z.number().int(),
  routes_exported: z.number().int(),
  routes_preferred: z.number().int(),
  routes_per_family: z.object({ ipv4: counts.optional(), ipv6: counts.optional() }),
  max_prefix_limit: z
    .number()
    .int()
    .optional()
    .describe("the session's max-prefix: routes_received counts against it"),
});

const lgRoute = z.object({
  id: z.string(),
  route_server_id: z.string(),
  neighbor_id: z.string(),
  network: z.string(),
  gateway: z.string().optional(),
  learnt_from: z.string().optional(),
  type: z.string(),
  primary: z.boolean(),
  age: z.string().describe("BIRD's time of the last change"),
  bgp: z.object({
    origin: z.string().optional(),
    as_path: z.array(z.number().int()),
    next_hop: z.string().optional(),
    local_pref: z.number().int().optional(),
    med: z.number().int().optional(),
    communities: z.array(z.tuple([z.number().int(), z.number().int()])),
    large_communities: z.array(z.tuple([z.number().int(), z.number().int(), z.number().int()])),
    ext_communities: z.array(z.tuple([z.string(), z.string(), z.string()])),
  }),
  reason: z
    .object({ code: z.number().int(), key: z.string(), words: z.string() })
    .optional()
    .describe('filtered routes: why, from the RS:1101:code community'),
  community_meanings: z.array(z.object({ community: z.string(), meaning: z.string() })),
});

const pagination = z.object({
  page: z.number().int(),
  page_size: z.number().int(),
  total_pages: z.number().int(),
  total_results: z.number().int(),
});

export const routeServersResponse = z.object({ api: apiStatus, routeservers: z.array(lgRouteServer) });
export const statusResponse = z.object({ api: apiStatus, status: lgRouteServer });
export const neighborsResponse = z.object({ api: apiStatus, neighbors: z.array(lgNeighbor) });
export const routesResponse = (list: 'imported' | 'filtered' | 'not_exported' | 'exported') =>
  z.object({ api: apiStatus, neighbor: lgNeighbor, [list]: z.array(lgRoute), pagination });
export const lookupResponse = z.object({
  api: apiStatus,
  query: z.object({ q: z.string(), kind: z.enum(['prefix', 'address', 'asn']) }),
  imported: z.object({ routes: z.array(lgRoute), pagination }),
  filtered: z.object({ routes: z.array(lgRoute), pagination }),
  unavailable: z.array(z.object({ route_server_id: z.string(), error: z.string() })),
});

const exchangePoint = z.object({
  day: z.string().describe('UTC day, YYYY-MM-DD'),
  members: z.number().int().describe('active members the public may see'),
  route_server_participants: z.number().int().describe('members with an enabled route-server session'),
  participants_with_ipv6: z.number().int().describe('members with an enabled IPv6 route-server session'),
  routes_received: z
    .number()
    .int()
    .describe('distinct routes (member, prefix, origin) received, accepted or filtered'),
  rpki_valid: z.number().int(),
  rpki_unknown: z.number().int(),
  rpki_invalid: z.number().int(),
  irr_covered: z.number().int().describe("routes whose prefix is one of the member's IRR route objects"),
});

const share = z.number().nullable().describe('0..1; null when there is nothing to divide by');

export const exchangeResponse = z.object({
  today: z.string().describe('UTC day of the answer'),
  exchanges: z.array(
    z.object({
      shortname: z.string(),
      name: z.string().nullable(),
      country: z.string().nullable(),
      url: z.string().nullable(),
      latest: z
        .object({
          day: z.string(),
          computed_at: z.string(),
          figures: exchangePoint.extend({
            route_servers: z.number().int(),
            route_servers_read: z.number().int().describe('route servers whose routes could be read'),
          }),
          shares: z.object({
            members_with_ipv6: share,
            rpki_valid: share,
            rpki_unknown: share,
            rpki_invalid: share,
            irr_covered: share,
          }),
          manrs: z.array(
            z.object({
              action: z.number().int().describe('MANRS-for-IXPs action 1..5'),
              title: z.string(),
              status: z.enum(['met', 'not_met', 'unknown']),
              why: z.string(),
            }),
          ),
        })
        .nullable()
        .describe('the latest day with figures'),
      daily: z.array(exchangePoint).describe('the last 90 days with figures, oldest first'),
      monthly: z.array(exchangePoint).describe('the last day with figures of each of the last 12 months'),
    }),
  ),
});
