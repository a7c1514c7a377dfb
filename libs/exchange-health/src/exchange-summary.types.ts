/** The MANRS-for-IXPs actions, by number (https://www.manrs.org/ixps/). */
export const MANRS_IXP_ACTIONS = {
  1: 'Prevent propagation of incorrect routing information',
  2: 'Promote MANRS to the IXP membership',
  3: 'Protect the peering platform',
  4: 'Facilitate global operational communication and coordination',
  5: 'Provide monitoring and debugging tools to the members',
} as const;

export type ManrsActionNumber = keyof typeof MANRS_IXP_ACTIONS;

/** `unknown`: ixora holds nothing that shows whether the exchange does it. */
export type ManrsActionStatus = 'met' | 'not_met' | 'unknown';

export interface ManrsAction {
  readonly action: ManrsActionNumber;
  readonly title: string;
  readonly status: ManrsActionStatus;
  /** Why, in words a visitor understands. */
  readonly why: string;
}

/** RFC 6811 origin validation states of the routes the route servers received. */
export interface RpkiShare {
  readonly valid: number;
  readonly unknown: number;
  readonly invalid: number;
}

/**
 * The exchange's figures on one day, as the public may see them: members hidden from the public
 * are left out of every figure (their routes too).
 */
export interface ExchangeFigures {
  /** Active members with a connection to the exchange. */
  readonly members: number;
  /** Members with at least one enabled route-server session. */
  readonly routeServerParticipants: number;
  /** Members with an enabled IPv6 route-server session. */
  readonly participantsWithIpv6: number;
  /** Distinct routes (member, prefix, origin) the route servers received, accepted or filtered. */
  readonly routesReceived: number;
  readonly rpki: RpkiShare;
  /** Received routes whose prefix is one of the announcing member's IRR route objects. */
  readonly irrCovered: number;
  readonly routeServers: number;
  /** Route servers whose routes could be read when the figures were computed. */
  readonly routeServersRead: number;
}

/** One day's summary of one exchange. */
export interface ExchangeDailySummary {
  readonly ixpId: number;
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly computedAt: Date;
  readonly figures: ExchangeFigures;
  readonly manrs: readonly ManrsAction[];
}
