/**
 * Typed results of BIRD 2 commands. Addresses and prefixes are BIRD's own canonical text, times
 * are BIRD's text in the daemon's `timeformat` (see {@link parseBirdTime} for turning them into
 * dates): the client never guesses a time zone.
 */

/** `show status`. */
export interface BirdStatus {
  /** e.g. "2.0.12" */
  readonly version: string;
  readonly routerId: string;
  readonly hostname?: string;
  readonly serverTime?: string;
  readonly lastReboot?: string;
  readonly lastReconfiguration?: string;
  /** The closing line: "Daemon is up and running", "Reconfiguration in progress", "Shutdown in progress", … */
  readonly message: string;
  readonly isUp: boolean;
}

/** One row of `show protocols`. */
export interface BirdProtocol {
  readonly name: string;
  /** BIRD protocol type: "BGP", "Static", "Device", "Kernel", … */
  readonly proto: string;
  /** The main channel's table; undefined for protocols without one (BIRD prints "---"). */
  readonly table?: string;
  /** "up", "down", "start", "stop", "flush" */
  readonly state: string;
  readonly since: string;
  /** For BGP the session state ("Established", "Active", "Idle", …); empty when BIRD shows none. */
  readonly info: string;
  /** Text BIRD prints after the info column, e.g. "Socket: Connection refused", "BGP Error: Hold timer expired". */
  readonly infoDetail?: string;
}

export interface BirdTimer {
  /** Seconds left; undefined when the timer is not running. */
  readonly remainingS?: number;
  readonly configuredS: number;
}

export interface BirdBgpDetail {
  readonly state: string;
  readonly neighborAddress?: string;
  readonly neighborPort?: number;
  readonly neighborAs?: number;
  readonly localAs?: number;
  readonly neighborId?: string;
  /** The "Session:" flags, e.g. ["external", "multihop", "route-server", "AS4"]. */
  readonly session: readonly string[];
  readonly sourceAddress?: string;
  readonly holdTimer?: BirdTimer;
  readonly keepaliveTimer?: BirdTimer;
  readonly connectDelay?: BirdTimer;
  readonly lastError?: string;
  readonly localCapabilities: readonly string[];
  readonly neighborCapabilities: readonly string[];
}

/** Counters of one "Route change stats" row; `undefined` where BIRD prints "---". */
export interface BirdRouteChangeCounts {
  readonly received?: number;
  readonly rejected?: number;
  readonly filtered?: number;
  readonly ignored?: number;
  readonly accepted?: number;
}

export interface BirdLimit {
  readonly limit: number;
  /** "warn", "block", "restart", "disable" */
  readonly action?: string;
  /** BIRD marks a limit the channel has reached with "[HIT]". */
  readonly isHit: boolean;
}

export interface BirdChannel {
  /** "ipv4", "ipv6", … */
  readonly name: string;
  readonly state?: string;
  readonly table?: string;
  readonly preference?: number;
  readonly inputFilter?: string;
  readonly outputFilter?: string;
  readonly importLimit?: BirdLimit;
  readonly receiveLimit?: BirdLimit;
  readonly exportLimit?: BirdLimit;
  readonly routes?: {
    readonly imported: number;
    /** Present when the channel keeps filtered routes (`import keep filtered`). */
    readonly filtered?: number;
    readonly exported: number;
    readonly preferred: number;
  };
  readonly importUpdates?: BirdRouteChangeCounts;
  readonly importWithdraws?: BirdRouteChangeCounts;
  readonly exportUpdates?: BirdRouteChangeCounts;
  readonly exportWithdraws?: BirdRouteChangeCounts;
  readonly bgpNextHop?: string;
  /** Every "Key: value" line of the channel as BIRD printed it, including the ones typed above. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** `show protocols all NAME`. */
export interface BirdProtocolDetail extends BirdProtocol {
  readonly description?: string;
  readonly bgp?: BirdBgpDetail;
  readonly channels: readonly BirdChannel[];
  /** Every protocol-level "Key: value" line as BIRD printed it. */
  readonly attributes: Readonly<Record<string, string>>;
}

export type BgpOrigin = 'IGP' | 'EGP' | 'Incomplete';

/** RFC 4271 AS_PATH segment; confederation segments (RFC 5065) as BIRD shows them. */
export interface AsPathSegment {
  readonly type: 'sequence' | 'set' | 'confed_sequence' | 'confed_set';
  readonly asns: readonly number[];
}

/** RFC 4360 extended community as BIRD prints it: `(rt, 65001, 1)`, `(ro, 192.0.2.1, 7)`, `(generic, 0x…, 0x…)`. */
export interface ExtendedCommunity {
  readonly kind: string;
  readonly admin: string;
  readonly value: string;
}

export type Community = readonly [asn: number, value: number];
export type LargeCommunity = readonly [globalAdmin: number, localData1: number, localData2: number];

export interface BirdBgpAttributes {
  readonly origin?: BgpOrigin;
  /** Every ASN of the path in order, set members included. */
  readonly asPath: readonly number[];
  readonly asPathSegments: readonly AsPathSegment[];
  /** NEXT_HOP; IPv6 routes may carry a global and a link-local address. */
  readonly nextHop: readonly string[];
  readonly localPref?: number;
  readonly med?: number;
  readonly atomicAggregate: boolean;
  readonly aggregator?: string;
  readonly originatorId?: string;
  readonly clusterList: readonly string[];
  /** RFC 9234 Only-to-Customer. */
  readonly otc?: number;
  /** RFC 1997 */
  readonly communities: readonly Community[];
  /** RFC 4360 */
  readonly extendedCommunities: readonly ExtendedCommunity[];
  /** RFC 8092 */
  readonly largeCommunities: readonly LargeCommunity[];
}

export interface BirdNextHop {
  readonly gateway?: string;
  readonly interface?: string;
  readonly weight?: number;
}

/** One route of `show route [all]`. */
export interface BirdRoute {
  readonly table: string;
  readonly prefix: string;
  /** Route destination kind: "unicast", "blackhole", "unreachable", "prohibited", … */
  readonly type: string;
  readonly protocol: string;
  readonly since: string;
  /** Address the route was learnt from, when BIRD shows it (it differs from the next hop). */
  readonly from?: string;
  /** The best route for its network (BIRD's `*`). */
  readonly isPrimary: boolean;
  readonly preference: number;
  readonly igpMetric?: number;
  /** From BIRD's one-line summary `[AS65001i]`. */
  readonly originAsn?: number;
  readonly nextHops: readonly BirdNextHop[];
  /** From `Type: BGP univ` (detail only). */
  readonly source?: string;
  readonly scope?: string;
  /** BGP attributes (detail only, BGP routes only). */
  readonly bgp?: BirdBgpAttributes;
  /** Every attribute line (detail only) as BIRD printed it, wrapped lines joined: BGP ones and BIRD's internal/user ones. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface BirdTableCount {
  readonly table: string;
  /** Routes the query selected. */
  readonly routes: number;
  /** All routes in the table. */
  readonly totalRoutes: number;
  readonly networks: number;
}

/** `show route … count`. */
export interface BirdRouteCount {
  readonly tables: readonly BirdTableCount[];
  readonly routes: number;
  readonly totalRoutes: number;
  readonly networks: number;
}

/** `configure [check] ["FILE"]`. */
export type BirdConfigureResult =
  | {
      readonly ok: true;
      /** checked: `configure check` passed; reconfigured / in_progress / queued: `configure` accepted. */
      readonly status: 'checked' | 'reconfigured' | 'in_progress' | 'queued';
      readonly file?: string;
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly birdCode: number;
      readonly file?: string;
      readonly line?: number;
      readonly column?: number;
      /** BIRD's whole error line, e.g. "/etc/bird/rs1.conf:3:17 syntax error, unexpected S". */
      readonly message: string;
      /** The error without its place, when BIRD gave one ("syntax error, unexpected S"). */
      readonly reason?: string;
    };
