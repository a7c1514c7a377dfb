import { invalidValue } from '@ixora/errors';
import {
  adviceFor,
  adviceReasonOf,
  type AdviceContext,
  type CoveringVrp,
  type IndexedRoute,
  type LgMemberSession,
} from '@ixora/looking-glass';
import { IpPrefix } from '@ixora/net';

export const ROUTE_STATES = ['all', 'accepted', 'filtered'] as const;
export type RouteStateFilter = (typeof ROUTE_STATES)[number];
export const DEFAULT_ROUTES_PAGE_SIZE = 100;
export const MAX_ROUTES_PAGE_SIZE = 500;

/** Which of a member's routes to list: one session or all, accepted, filtered or both, one page. */
export interface MemberRoutesQuery {
  /** `<route server>/<session>` (`rs1/AS64501_1`); all sessions when absent. */
  readonly session?: string;
  readonly state: RouteStateFilter;
  /** Routes to skip, and how many to list. */
  readonly offset: number;
  readonly limit: number;
}

/** A session of the member on a route server, with its counts. */
export interface MemberSessionSummary {
  /** `<route server>/<session>`, the `session` filter's value. */
  readonly id: string;
  readonly routeServerId: string;
  readonly protocol: string;
  readonly family?: 'ipv4' | 'ipv6';
  readonly address: string;
  readonly bgpState: string;
  readonly accepted: number;
  readonly filtered: number;
}

export interface MemberRouteRow {
  readonly sessionId: string;
  readonly routeServerId: string;
  readonly prefix: string;
  readonly state: 'accepted' | 'filtered';
  readonly asPath: readonly number[];
  readonly nextHop?: string;
  readonly originAsn?: number;
  /** Filtered routes: the reason community decoded, in words, and what to do about it. */
  readonly reason?: { readonly code: number; readonly key: string; readonly words: string };
  readonly advice?: string;
}

export interface MemberRoutesReport {
  readonly asn: number;
  readonly sessions: readonly MemberSessionSummary[];
  readonly routes: readonly MemberRouteRow[];
  /** Routes matching the query, over all pages. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** Route servers that could not be read. */
  readonly unavailable: readonly { readonly routeServerId: string; readonly error: string }[];
  /** When the oldest snapshot shown was read. */
  readonly readAt?: Date;
}

/** What the advice knows of the member, beyond each route (see `AdviceContext`). */
export interface MemberAdviceFacts {
  readonly asn: number;
  readonly asSets: readonly string[];
  readonly irr: readonly {
    readonly family: 4 | 6;
    readonly prefixes: readonly string[];
    readonly sources: readonly string[];
  }[];
  readonly interfaceAddresses: readonly string[];
  readonly lengths: { readonly 4: { min: number; max: number }; readonly 6: { min: number; max: number } };
  readonly maxAsPathLength?: number;
  readonly isMoreSpecificAllowed?: boolean;
  /** The exchange's transit-free ASNs (else ixora's default list). */
  readonly transitFreeAsns?: readonly number[];
  /** ASNs of the page's AS_PATHs that PeeringDB marks as never reached via route servers. */
  readonly neverViaRouteServerAsns?: readonly number[];
  /** Covering VRPs by route prefix (for the filtered routes on the page). */
  readonly vrps: ReadonlyMap<string, readonly CoveringVrp[]>;
}

function integerIn(field: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[0-9]{1,9}$/.test(text))
    throw invalidValue(field, value, `must be a whole number from ${min} to ${max}`);
  const number = Number(text);
  if (number < min || number > max) throw invalidValue(field, value, `must be from ${min} to ${max}`);
  return number;
}

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\/[A-Za-z0-9_]{1,64}$/;

/** Checks the query of a member's routes (page, API); every field named in its error. */
export function parseMemberRoutesQuery(input: {
  session?: unknown;
  state?: unknown;
  offset?: unknown;
  limit?: unknown;
}): MemberRoutesQuery {
  const session = input.session === '' ? undefined : input.session;
  if (session !== undefined && (typeof session !== 'string' || !SESSION_ID.test(session)))
    throw invalidValue('session', session, 'must be "<route server>/<session>", e.g. "rs1/AS64500_1"');
  const state = input.state === undefined || input.state === '' ? 'all' : input.state;
  if (!ROUTE_STATES.includes(state as RouteStateFilter))
    throw invalidValue('state', state, `must be one of ${ROUTE_STATES.join(', ')}`);
  return {
    ...(session === undefined ? {} : { session }),
    state: state as RouteStateFilter,
    offset: integerIn('offset', input.offset, 0, 100_000_000, 0),
    limit: integerIn('limit', input.limit, 1, MAX_ROUTES_PAGE_SIZE, DEFAULT_ROUTES_PAGE_SIZE),
  };
}

export function sessionIdOf(session: LgMemberSession): string {
  return `${session.routeServerId}/${session.neighbor.id}`;
}

/** The sessions a query selects, and the page of their routes: filtered first, then accepted. */
export function selectRoutes(
  sessions: readonly LgMemberSession[],
  query: MemberRoutesQuery,
): { page: { session: LgMemberSession; route: IndexedRoute }[]; total: number } {
  const chosen = query.session ? sessions.filter((s) => sessionIdOf(s) === query.session) : sessions;
  const lists: { session: LgMemberSession; routes: readonly IndexedRoute[] }[] = [];
  if (query.state !== 'accepted')
    for (const session of chosen) lists.push({ session, routes: session.filtered });
  if (query.state !== 'filtered')
    for (const session of chosen) lists.push({ session, routes: session.accepted });
  const total = lists.reduce((sum, list) => sum + list.routes.length, 0);
  const start = query.offset;
  const end = start + query.limit;
  const page: { session: LgMemberSession; route: IndexedRoute }[] = [];
  let offset = 0;
  for (const list of lists) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, list.routes.length);
    for (let i = from; i < to; i++) page.push({ session: list.session, route: list.routes[i]! });
    offset += list.routes.length;
    if (offset >= end) break;
  }
  return { page, total };
}

/** The member's route objects equal to or covering `prefix` (for the IRR advice). */
function irrCoveringOf(prefixText: string, facts: MemberAdviceFacts): string[] {
  let prefix: IpPrefix;
  try {
    prefix = IpPrefix.parse(prefixText, { hostBits: 'clear' });
  } catch {
    return [];
  }
  const set = facts.irr.find((candidate) => candidate.family === prefix.family);
  if (!set) return [];
  const found: string[] = [];
  for (const text of set.prefixes) {
    const candidate = IpPrefix.parse(text, { hostBits: 'clear' });
    if (candidate.length <= prefix.length && candidate.contains(prefix)) found.push(candidate.toString());
  }
  return found;
}

/** A route of the page as the portal and the API show it, filtered ones with their advice. */
export function toMemberRouteRow(
  session: LgMemberSession,
  route: IndexedRoute,
  facts: MemberAdviceFacts,
): MemberRouteRow {
  const bgp = route.shared.bgp;
  const base = {
    sessionId: sessionIdOf(session),
    routeServerId: session.routeServerId,
    prefix: route.prefixText,
    asPath: bgp.as_path,
    ...(bgp.next_hop === undefined ? {} : { nextHop: bgp.next_hop }),
    ...(route.originAsn === undefined ? {} : { originAsn: route.originAsn }),
  };
  if (!route.isFiltered) return { ...base, state: 'accepted' };
  const reason = route.shared.reason ?? { code: 0, key: 'unknown', words: 'filtered by the import policy' };
  const family = route.family;
  const sources = facts.irr.find((set) => set.family === family)?.sources ?? [];
  const context: AdviceContext = {
    asn: facts.asn,
    asSets: facts.asSets,
    irrSources: sources,
    irrCovering: reason.key === 'irr_prefix' ? irrCoveringOf(route.prefixText, facts) : [],
    ...(facts.isMoreSpecificAllowed === undefined
      ? {}
      : { isMoreSpecificAllowed: facts.isMoreSpecificAllowed }),
    vrps: facts.vrps.get(IpPrefix.parse(route.prefixText, { hostBits: 'clear' }).toString()) ?? [],
    interfaceAddresses: facts.interfaceAddresses,
    prefixLengths: facts.lengths[family],
    ...(facts.maxAsPathLength === undefined ? {} : { maxAsPathLength: facts.maxAsPathLength }),
    ...(facts.transitFreeAsns === undefined ? {} : { transitFreeAsns: facts.transitFreeAsns }),
    ...(facts.neverViaRouteServerAsns === undefined
      ? {}
      : { neverViaRouteServerAsns: facts.neverViaRouteServerAsns }),
  };
  return {
    ...base,
    state: 'filtered',
    reason: { code: reason.code, key: reason.key, words: reason.words },
    advice: adviceFor(
      adviceReasonOf(reason.key),
      {
        prefix: route.prefixText,
        ...(route.originAsn === undefined ? {} : { originAsn: route.originAsn }),
        asPath: bgp.as_path,
        ...(bgp.next_hop === undefined ? {} : { nextHop: bgp.next_hop }),
      },
      context,
    ),
  };
}
