import type { Vrp } from '@ixora/rpki';

/** How a finding weighs: `ok` says what was checked and found right. */
export const READINESS_SEVERITIES = ['ok', 'warning', 'error'] as const;
export type ReadinessSeverity = (typeof READINESS_SEVERITIES)[number];

/** The areas the report checks, in the order it lists them. */
export const READINESS_CHECKS = ['peeringdb', 'irr', 'rpki', 'max_prefix', 'route_servers'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

/** One thing the report found, with what to do about it. */
export interface ReadinessFinding {
  readonly check: ReadinessCheck;
  /** Stable, for scripts: `irr_stale`, `rpki_invalid`, `routes_filtered`, … */
  readonly code: string;
  readonly severity: ReadinessSeverity;
  /** One sentence: what was found. */
  readonly message: string;
  /** What to do about it; null for `ok`. */
  readonly action: string | null;
  /** The prefixes, addresses or lines the finding is about (the first ones, when there are many). */
  readonly items: readonly string[];
  /** How many items there are in all (more than `items` holds when the list was cut). */
  readonly itemCount: number;
}

/**
 * `before_turn_up`: none of the member's route-server sessions is established, so the report says
 * what would happen; `after_turn_up`: at least one is, and the route servers' own view is in it.
 */
export type ReadinessPhase = 'before_turn_up' | 'after_turn_up';

export interface MemberReadinessReport {
  readonly asn: number;
  readonly name: string;
  readonly status: string;
  readonly phase: ReadinessPhase;
  readonly generatedAt: Date;
  /** The worst severity among the findings. */
  readonly severity: ReadinessSeverity;
  readonly counts: Readonly<Record<ReadinessSeverity, number>>;
  readonly findings: readonly ReadinessFinding[];
}

/** A member's IRR expansion for one family, as stored. */
export interface ReadinessPrefixSet {
  readonly status: 'ok' | 'stale' | 'empty' | 'failed';
  readonly asSets: readonly string[];
  readonly asns: readonly number[];
  readonly prefixes: readonly string[];
  readonly fetchedAt: Date | null;
  readonly error: string | null;
  /** What the expansion warned about (unresolved AS-SET members, dropped prefixes, …). */
  readonly warnings: readonly string[];
}

export interface ReadinessNetixlan {
  readonly id: number;
  readonly ipv4Address: string | null;
  readonly ipv6Address: string | null;
  readonly isRsPeer: boolean;
}

/** The PeeringDB mirror's view of the member's network. */
export interface ReadinessPeeringDbNet {
  readonly id: number;
  readonly name: string;
  /** `irr_as_set` as PeeringDB has it. */
  readonly irrAsSet: string | null;
  readonly infoPrefixes4: number | null;
  readonly infoPrefixes6: number | null;
  readonly isNeverViaRouteServers: boolean;
  /** Its netixlan rows on this exchange. */
  readonly netixlans: readonly ReadinessNetixlan[];
}

/** One BGP session of the member on a route server, as the looking glass read it. */
export interface ReadinessSessionState {
  readonly protocol: string;
  readonly family: 'ipv4' | 'ipv6' | undefined;
  readonly address: string;
  /** BIRD's protocol state, lower case: `up`, `start`, `down`. */
  readonly state: string;
  readonly bgpState: string;
  readonly lastError: string | undefined;
  readonly routesReceived: number;
  readonly routesAccepted: number;
  readonly routesFiltered: number;
  readonly maxPrefixLimit: number | undefined;
}

/** One route of the member the route server filtered, with the reason from its community. */
export interface ReadinessFilteredRoute {
  readonly prefix: string;
  /** A `FilterReasonKey` of `@ixora/bird-config`, or `unknown`. */
  readonly reasonKey: string;
  readonly reasonWords: string;
  readonly asPath: readonly number[];
  readonly nextHop: string | undefined;
}

/** What one route server shows of the member (from the looking glass's snapshot). */
export interface ReadinessRouteServerView {
  readonly routeServer: string;
  /** Why the route server could not be read; the rest is then empty. */
  readonly error: string | undefined;
  readonly sessions: readonly ReadinessSessionState[];
  readonly filtered: readonly ReadinessFilteredRoute[];
  /** Filtered routes in all (more than `filtered` holds when the read was capped). */
  readonly filteredTotal: number;
}

export interface ReadinessMaxPrefix {
  readonly limit: number;
  /** Where the limit comes from: `session`, `member`, `peeringdb` or `ixp`. */
  readonly source: string;
}

/** Everything the pure builder judges; the service loads it. */
export interface ReadinessFacts {
  /** The member does not exist yet: the onboarding preview of what it would be. */
  readonly isNew?: boolean;
  readonly member: {
    readonly asn: number;
    readonly name: string;
    readonly status: string;
    readonly asSets: readonly string[];
    readonly isNeverViaRouteServers: boolean;
    readonly interfaces: readonly {
      readonly id: number;
      readonly ipv4Address: string | null;
      readonly ipv6Address: string | null;
      readonly isRouteServerClient: boolean;
    }[];
    /** Its route-server sessions in ixora (not what BIRD runs). */
    readonly sessions: readonly {
      readonly routeServer: string;
      readonly family: 4 | 6;
      readonly isEnabled: boolean;
    }[];
  };
  readonly peeringDb: {
    /** When the mirror's networks were last synced; null: never. */
    readonly syncedAt: Date | null;
    /** Mirror object types whose last sync failed. */
    readonly staleTypes: readonly string[];
    readonly net: ReadinessPeeringDbNet | null;
  };
  readonly irr: { readonly v4: ReadinessPrefixSet | null; readonly v6: ReadinessPrefixSet | null };
  readonly rpki: {
    /** When the current VRP snapshot was loaded; null: none is. */
    readonly loadedAt: Date | null;
    /** The VRPs covering the member's IRR prefixes and filtered routes (all of them is fine too). */
    readonly vrps: readonly Vrp[];
  };
  readonly maxPrefix: { readonly v4: ReadinessMaxPrefix; readonly v6: ReadinessMaxPrefix };
  /** Null when the route servers were not read (the report then says what would happen only). */
  readonly routeServers: readonly ReadinessRouteServerView[] | null;
}
