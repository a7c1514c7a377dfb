import { createHash } from 'node:crypto';
import { filterReason, type FilterReasonKey, REASON_COMMUNITIES } from '@ixora/bird-config';
import { adviceFor, type CoveringVrp } from '@ixora/looking-glass';
import type { AlertCondition } from './alert.types.js';
import type {
  FilteredRouteObservation,
  RouteServerObservation,
  SessionObservation,
} from './route-server.observation.js';

/** A session at or above this share of its max-prefix limit gets a warning. */
export const MAX_PREFIX_WARNING_RATIO = 0.8;
/** Prefixes named in a routes-filtered alert; the looking glass has the rest. */
const LISTED_PREFIXES = 10;
/** Prefixes given their own advice (the rest share it). */
const ADVISED_PREFIXES = 3;

/** What the detector knows about members beyond BIRD's view, for names and advice. */
export interface MemberFacts {
  readonly names?: ReadonlyMap<number, string>;
  readonly asSets?: ReadonlyMap<number, readonly string[]>;
  /** The IRR databases each member's route objects were read from (its PrefixSets' sources). */
  readonly irrSources?: ReadonlyMap<number, readonly string[]>;
  /** Covering VRPs by prefix, for the RPKI-invalid routes of the observation. */
  readonly vrps?: ReadonlyMap<string, readonly CoveringVrp[]>;
}

export const routeServerScope = (routeServer: string): string => `rs:${routeServer}`;
export const DATA_SCOPE = 'data';
export const CONFIG_SCOPE = 'config';

function memberLabel(asn: number, facts: MemberFacts): string {
  const name = facts.names?.get(asn);
  return name ? `${name} (AS${asn})` : `AS${asn}`;
}

function sessionLabel(rs: string, session: SessionObservation): string {
  const family = session.family === 'ipv6' ? 'IPv6' : session.family === 'ipv4' ? 'IPv4' : '';
  return `${family ? `${family} ` : ''}session ${session.protocol}${session.address ? ` (${session.address})` : ''} on ${rs}`;
}

function sessionConditions(
  rs: string,
  session: SessionObservation,
  facts: MemberFacts,
): AlertCondition | undefined {
  const scope = routeServerScope(rs);
  const member = memberLabel(session.asn, facts);
  const what = sessionLabel(rs, session);
  const base = {
    scope,
    routeServer: rs,
    asn: session.asn,
    details: {
      protocol: session.protocol,
      address: session.address,
      state: session.state,
      bgpState: session.bgpState,
      lastError: session.lastError ?? null,
      routesReceived: session.routesReceived,
      maxPrefixLimit: session.maxPrefixLimit ?? null,
    },
  };
  const limit = session.maxPrefixLimit;
  if (session.isMaxPrefixHit) {
    const isShut = session.state !== 'up';
    return {
      ...base,
      kind: 'max_prefix_hit',
      key: `max_prefix_hit:${rs}:${session.protocol}`,
      title: `${member}: ${what} ${isShut ? 'shut by its' : 'reached its'} max-prefix limit${limit === undefined ? '' : ` of ${limit}`}`,
      text: isShut
        ? `The route server closed the ${what} of ${member}: it sent more routes than its max-prefix limit${limit === undefined ? '' : ` (${limit})`}.${session.lastError ? ` BIRD says: ${session.lastError}.` : ''}`
        : `The ${what} of ${member} has ${session.routesReceived} routes, at its max-prefix limit${limit === undefined ? '' : ` of ${limit}`}; routes above it are not taken.`,
      advice:
        'Check what your router announces to the route server (a leak of a full table or of a customer’s routes is the usual cause) and filter it; if the count is right, ask the exchange for a higher limit (a max-prefix request in the portal). Staff bring a shut session back with `birdc enable ' +
        session.protocol +
        '` once the announcements are fixed.',
      resolvedText: `The ${what} of ${member} is below its max-prefix limit again (state ${session.bgpState}).`,
    };
  }
  const isAdminDown = session.state === 'down' && session.lastError === undefined;
  if (session.state !== 'up' && !isAdminDown) {
    return {
      ...base,
      kind: 'session_down',
      key: `session_down:${rs}:${session.protocol}`,
      title: `${member}: ${what} is down (${session.bgpState})`,
      text: `The ${what} of ${member} is not established: BGP state ${session.bgpState}${session.lastError ? `, last error: ${session.lastError}` : ''}. No routes are exchanged over it.`,
      advice: `Check your router's BGP session towards the route server${session.address ? ` (your address ${session.address})` : ''}: interface and VLAN up, neighbor configured with the route server's ASN and address, MD5 password if one was agreed, and that no max-prefix or filter on your side shut it.`,
      resolvedText: `The ${what} of ${member} is established again.`,
    };
  }
  if (
    session.state === 'up' &&
    limit !== undefined &&
    limit > 0 &&
    session.routesReceived / limit >= MAX_PREFIX_WARNING_RATIO
  ) {
    const percent = Math.floor((session.routesReceived / limit) * 100);
    return {
      ...base,
      kind: 'max_prefix_warning',
      key: `max_prefix_warning:${rs}:${session.protocol}`,
      title: `${member}: ${what} at ${percent} % of its max-prefix limit (${session.routesReceived} of ${limit})`,
      text: `The ${what} of ${member} has ${session.routesReceived} routes; its max-prefix limit is ${limit}. At the limit the route server shuts the session.`,
      advice:
        'If the growth is expected, ask the exchange for a higher limit now (a max-prefix request in the portal); if not, check what your router announces to the route server.',
      resolvedText: `The ${what} of ${member} is below ${Math.round(MAX_PREFIX_WARNING_RATIO * 100)} % of its max-prefix limit again.`,
    };
  }
  return undefined;
}

function isReasonKey(key: string): key is FilterReasonKey {
  return REASON_COMMUNITIES.some((reason) => reason.key === key);
}

function filteredConditions(observation: RouteServerObservation, facts: MemberFacts): AlertCondition[] {
  const rs = observation.routeServer;
  const groups = new Map<string, FilteredRouteObservation[]>();
  for (const route of observation.filtered) {
    const key = `${route.asn}:${route.reasonKey}`;
    const list = groups.get(key);
    if (list) list.push(route);
    else groups.set(key, [route]);
  }
  const conditions: AlertCondition[] = [];
  for (const routes of groups.values()) {
    routes.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
    const first = routes[0]!;
    const asn = first.asn;
    const reasonKey = isReasonKey(first.reasonKey) ? first.reasonKey : 'unknown';
    const words = isReasonKey(first.reasonKey) ? filterReason(first.reasonKey).words : first.reasonWords;
    const member = memberLabel(asn, facts);
    const prefixes = routes.map((route) => route.prefix);
    const listed =
      prefixes.slice(0, LISTED_PREFIXES).join(', ') +
      (prefixes.length > LISTED_PREFIXES ? `, and ${prefixes.length - LISTED_PREFIXES} more` : '');
    const advice = routes.slice(0, ADVISED_PREFIXES).map((route) =>
      adviceFor(
        reasonKey,
        {
          prefix: route.prefix,
          originAsn: route.asPath.at(-1),
          asPath: route.asPath,
          nextHop: route.nextHop,
        },
        {
          asn,
          asSets: facts.asSets?.get(asn),
          irrSources: facts.irrSources?.get(asn),
          vrps: facts.vrps?.get(route.prefix),
        },
      ),
    );
    const uniqueAdvice = [...new Set(advice)];
    conditions.push({
      kind: 'routes_filtered',
      key: `routes_filtered:${rs}:${asn}:${first.reasonKey}`,
      scope: routeServerScope(rs),
      routeServer: rs,
      asn,
      title: `${member}: ${routes.length} route${routes.length === 1 ? '' : 's'} filtered on ${rs}: ${words}`,
      text: `The route server ${rs} filters ${routes.length} route${routes.length === 1 ? '' : 's'} of ${member} because: ${words}. Prefixes: ${listed}.`,
      advice: uniqueAdvice.map((line) => `${line.charAt(0).toUpperCase()}${line.slice(1)}.`).join(' '),
      resolvedText: `The route server ${rs} no longer filters routes of ${member} for: ${words}.`,
      details: {
        reason: first.reasonKey,
        reasonWords: words,
        count: routes.length,
        prefixes: prefixes.slice(0, 100),
        sessions: [...new Set(routes.map((route) => route.protocol))].sort(),
      },
    });
  }
  return conditions;
}

/** Every alert condition one route server's observation shows. */
export function routeServerConditions(
  observation: RouteServerObservation,
  facts: MemberFacts = {},
): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  for (const session of observation.sessions) {
    const condition = sessionConditions(observation.routeServer, session, facts);
    if (condition) conditions.push(condition);
  }
  conditions.push(...filteredConditions(observation, facts));
  return conditions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Ages of the outside data, as the database says. `undefined`: never loaded (nothing to be stale). */
export interface DataAges {
  readonly peeringDbSyncedAt?: Date;
  readonly rpkiLoadedAt?: Date;
  /** Each member's oldest IRR PrefixSet. */
  readonly irrFetchedAt: readonly { readonly asn: number; readonly fetchedAt: Date }[];
}

/** Hours after which data is stale; 0 turns a check off. */
export interface StaleThresholds {
  readonly irrHours: number;
  readonly rpkiHours: number;
  readonly peeringDbHours: number;
}

const HOUR_MS = 3_600_000;

function hoursOld(now: Date, then: Date): number {
  return Math.floor((now.getTime() - then.getTime()) / HOUR_MS);
}

/** IRR, RPKI and PeeringDB data older than their thresholds: one staff alert per source. */
export function dataConditions(ages: DataAges, thresholds: StaleThresholds, now: Date): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  const base = { kind: 'data_stale' as const, scope: DATA_SCOPE, routeServer: null, asn: null };
  const isStale = (at: Date, hours: number) => hours > 0 && now.getTime() - at.getTime() > hours * HOUR_MS;
  if (ages.peeringDbSyncedAt && isStale(ages.peeringDbSyncedAt, thresholds.peeringDbHours)) {
    const age = hoursOld(now, ages.peeringDbSyncedAt);
    conditions.push({
      ...base,
      key: 'data_stale:peeringdb',
      title: `PeeringDB data is ${age} hours old (threshold ${thresholds.peeringDbHours} h)`,
      text: `The PeeringDB mirror was last synced ${ages.peeringDbSyncedAt.toISOString()}, ${age} hours ago.`,
      advice:
        'Look at the last `peeringdb.sync` jobs (`GET /api/v1/jobs`) for the error; run `ixora peeringdb sync` by hand, and check PEERINGDB_API_KEY and that SCHEDULE_PEERINGDB_MINUTES is set.',
      resolvedText: 'The PeeringDB mirror is up to date again.',
      details: { source: 'peeringdb', at: ages.peeringDbSyncedAt.toISOString(), ageHours: age },
    });
  }
  if (ages.rpkiLoadedAt && isStale(ages.rpkiLoadedAt, thresholds.rpkiHours)) {
    const age = hoursOld(now, ages.rpkiLoadedAt);
    conditions.push({
      ...base,
      key: 'data_stale:rpki',
      title: `RPKI data is ${age} hours old (threshold ${thresholds.rpkiHours} h)`,
      text: `The current RPKI snapshot was loaded ${ages.rpkiLoadedAt.toISOString()}, ${age} hours ago: new ROAs are not honoured and revoked ones still are.`,
      advice:
        'Check the validator (rpki-client, Routinator) that writes the VRP file, and the last `rpki.refresh` jobs; run `ixora rpki refresh` by hand, and check that SCHEDULE_RPKI_MINUTES is set.',
      resolvedText: 'The RPKI snapshot is up to date again.',
      details: { source: 'rpki', at: ages.rpkiLoadedAt.toISOString(), ageHours: age },
    });
  }
  const staleIrr = ages.irrFetchedAt
    .filter((entry) => isStale(entry.fetchedAt, thresholds.irrHours))
    .sort((a, b) => a.asn - b.asn);
  if (staleIrr.length > 0) {
    const oldest = staleIrr.reduce((a, b) => (b.fetchedAt < a.fetchedAt ? b : a));
    conditions.push({
      ...base,
      key: 'data_stale:irr',
      title: `IRR data of ${staleIrr.length} member${staleIrr.length === 1 ? '' : 's'} is older than ${thresholds.irrHours} hours`,
      text: `The IRR prefix sets of ${staleIrr.map((entry) => `AS${entry.asn}`).join(', ')} were last fetched more than ${thresholds.irrHours} hours ago (the oldest ${hoursOld(now, oldest.fetchedAt)} hours ago).`,
      advice:
        'Look at the last `irr.refresh` jobs (`GET /api/v1/jobs`) for the error (IRR server unreachable, AS-SET gone); run `ixora irr refresh` by hand, and check that SCHEDULE_IRR_MINUTES is set.',
      resolvedText: "Every member's IRR data is up to date again.",
      details: { source: 'irr', asns: staleIrr.map((entry) => entry.asn) },
    });
  }
  return conditions;
}

/** A route server's latest built config version and latest deploy attempt. */
export interface ConfigFacts {
  readonly routeServer: string;
  readonly latestBuild?: {
    readonly versionId: number;
    readonly warnings: readonly { readonly asn: number; readonly message: string }[];
  };
  readonly latestDeploy?: {
    readonly versionId: number;
    readonly status: 'deployed' | 'failed';
    readonly output: string | null;
  };
}

/** Builds with warnings and deploys that failed (the previous config is restored then). */
export function configConditions(facts: readonly ConfigFacts[]): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  for (const rs of facts) {
    const build = rs.latestBuild;
    if (build && build.warnings.length > 0) {
      const messages = build.warnings.map((warning) => warning.message);
      const digest = createHash('sha256').update(messages.join('\n')).digest('hex').slice(0, 16);
      conditions.push({
        kind: 'build_warnings',
        key: `build_warnings:${rs.routeServer}:${digest}`,
        scope: CONFIG_SCOPE,
        routeServer: rs.routeServer,
        asn: null,
        title: `${rs.routeServer}: config version ${build.versionId} built with ${messages.length} warning${messages.length === 1 ? '' : 's'}`,
        text: `The config build of ${rs.routeServer} (version ${build.versionId}) worked around: ${messages.join('; ')}.`,
        advice:
          'Each warning names the member and the cause: fix the member’s AS-SET or IRR data (or ask the member to), run `ixora irr refresh --asn N`, then `ixora config build --rs ' +
          rs.routeServer +
          '`; `--strict` refuses to store a build with warnings.',
        resolvedText: `A later config build of ${rs.routeServer} no longer has these warnings.`,
        details: { versionId: build.versionId, warnings: build.warnings },
      });
    }
    const deploy = rs.latestDeploy;
    if (deploy && deploy.status === 'failed') {
      conditions.push({
        kind: 'deploy_failed',
        key: `deploy_failed:${rs.routeServer}:${deploy.versionId}`,
        scope: CONFIG_SCOPE,
        routeServer: rs.routeServer,
        asn: null,
        title: `${rs.routeServer}: deploy of config version ${deploy.versionId} failed and was rolled back`,
        text: `Deploying config version ${deploy.versionId} to ${rs.routeServer} failed${deploy.output ? `: ${deploy.output}` : ''}. The previous config was restored; BIRD keeps running on it.`,
        advice: `Read the output above and \`ixora config diff --rs ${rs.routeServer}\`; check the control socket or the agent (AGENT_TOKENS, TLS), then deploy again with \`ixora config deploy --rs ${rs.routeServer}\`.`,
        resolvedText: `A later deploy to ${rs.routeServer} succeeded.`,
        details: { versionId: deploy.versionId, output: deploy.output },
      });
    }
  }
  return conditions;
}

/** Open alerts to open and to resolve, given what holds now. */
export interface AlertChanges {
  readonly toOpen: readonly AlertCondition[];
  /** Keys of open alerts whose condition no longer holds. */
  readonly toResolve: readonly string[];
}

/**
 * Compares what holds now with what is open. A condition not yet open opens; an open alert whose
 * scope was observed and whose condition is gone resolves; one whose scope was not observed this
 * time (route server unreachable) stays as it is.
 */
export function diffConditions(
  open: readonly { readonly key: string; readonly scope: string }[],
  current: readonly AlertCondition[],
  observedScopes: ReadonlySet<string>,
): AlertChanges {
  const openKeys = new Set(open.map((alert) => alert.key));
  const currentKeys = new Set(current.map((condition) => condition.key));
  const seen = new Set<string>();
  const toOpen = current.filter((condition) => {
    if (openKeys.has(condition.key) || seen.has(condition.key)) return false;
    seen.add(condition.key);
    return true;
  });
  const toResolve = open
    .filter((alert) => observedScopes.has(alert.scope) && !currentKeys.has(alert.key))
    .map((alert) => alert.key);
  return { toOpen, toResolve };
}

/** What changes between two consecutive observations of one route server. */
export function detectAlerts(
  previous: RouteServerObservation | undefined,
  current: RouteServerObservation,
  facts: MemberFacts = {},
): AlertChanges {
  const open = previous ? routeServerConditions(previous, facts) : [];
  return diffConditions(
    open,
    routeServerConditions(current, facts),
    new Set([routeServerScope(current.routeServer)]),
  );
}
