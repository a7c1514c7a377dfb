import type { BirdProtocolDetail, BirdReplyLine, BirdRoute, BirdStatus } from '@ixora/bird-client';

/**
 * The reads the looking glass makes of one route server — the only ones: the routing tables its
 * BGP sessions use, for the snapshot (not `table all`: ROA tables hold no routes), and one
 * neighbor's exported / not-exported routes. A user never chooses a command;
 * the protocol name comes from the route server's own neighbor list.
 */
export type RouteRead =
  | { readonly kind: 'accepted'; readonly table: string }
  | { readonly kind: 'filtered'; readonly table: string }
  | { readonly kind: 'export'; readonly protocol: string }
  | { readonly kind: 'noexport'; readonly protocol: string };

export const ROUTE_READ_KINDS = ['accepted', 'filtered', 'export', 'noexport'] as const;

/** One route server, read through its control socket or through `ixora agent`. */
export interface RouteServerReader {
  /** Where it reads from, for messages: the socket path or the agent URL. */
  readonly target: string;
  status(): Promise<BirdStatus>;
  /** `show protocols all`: every protocol with its BGP state and channel counters. */
  protocols(): Promise<BirdProtocolDetail[]>;
  /** Routes streamed as BIRD sends them; stop iterating to abandon the read. */
  routes(read: RouteRead): AsyncIterable<BirdRoute>;
  /**
   * The same read as BIRD's raw reply lines (readers on a control socket have it): the snapshot
   * then parses only the routes whose attributes it has not seen yet.
   */
  routeLines?(read: RouteRead): AsyncIterable<readonly BirdReplyLine[]>;
  close(): Promise<void>;
}
