import {
  bgpProtocolName,
  parseModelPrefix,
  filterReasonByCode,
  parseBgpProtocolName,
  type AddressFamily,
  type FilterReasonKey,
} from '@ixora/bird-config';
import type { ReceivedRoute, RouteDecision, RouteEvaluator } from './route.evaluator.js';

/** What BIRD did with a route when it was read: accepted, or filtered with the code of its `RS:1101:code`. */
export type ObservedDecision =
  { readonly isAccepted: true } | { readonly isAccepted: false; readonly code: number | null };

/** A route the route server holds, read from the looking glass: where it came from and what BIRD did. */
export interface ObservedRoute extends ReceivedRoute {
  /** The BIRD protocol (session) it was received on, `AS<asn>_v4_<id>`. */
  readonly protocol: string;
  readonly observed: ObservedDecision;
}

/** One route whose fate the change turns around. */
export interface RouteChange {
  readonly prefix: string;
  readonly protocol: string;
  readonly asPath: readonly number[];
  /** Why the route is filtered: after the change for a newly filtered route, before it for a newly accepted one. */
  readonly reason: FilterReasonKey | null;
  readonly code: number | null;
}

/** The change for one member and family. */
export interface MemberFamilyImpact {
  readonly memberAsn: number;
  readonly memberName: string | null;
  readonly family: AddressFamily;
  readonly receivedRoutes: number;
  readonly acceptedBefore: number;
  readonly acceptedAfter: number;
  readonly newlyFilteredCount: number;
  readonly newlyAcceptedCount: number;
  /** Newly filtered routes as a share of the routes accepted before (0..1); 0 when none were. */
  readonly newlyFilteredShare: number;
  /** Newly filtered routes per reason key. */
  readonly newlyFilteredByReason: Readonly<Partial<Record<FilterReasonKey, number>>>;
  /** The first {@link ImpactOptions.maxListedRoutes} of each, sorted by prefix. */
  readonly newlyFiltered: readonly RouteChange[];
  readonly newlyAccepted: readonly RouteChange[];
}

export interface RouteImpact {
  /** Routes the snapshot held (accepted and filtered). */
  readonly routesEvaluated: number;
  /** Members and families whose routes change, by ASN then family. */
  readonly members: readonly MemberFamilyImpact[];
  /** Protocols of the snapshot that the new config no longer has (their routes go with the session). */
  readonly removedSessions: readonly string[];
  /** Where the before side is BIRD's own decision as read, not the deployed model (no stored model). */
  readonly isBeforeObserved: boolean;
  /** Routes whose RPKI state had to be assumed (RTR mode, never validated by BIRD). */
  readonly rpkiAssumedRoutes: number;
  /** Sessions that would receive more routes than their new max-prefix limit (step 8). */
  readonly maxPrefixExceeded: readonly { protocol: string; receivedRoutes: number; maxPrefixes: number }[];
}

export interface ImpactOptions {
  /** Routes listed per member and family and direction (the counts are always complete). Default 1,000. */
  readonly maxListedRoutes?: number;
}

interface Tally {
  memberAsn: number;
  family: AddressFamily;
  received: number;
  acceptedBefore: number;
  acceptedAfter: number;
  newlyFiltered: RouteChange[];
  newlyAccepted: RouteChange[];
  newlyFilteredCount: number;
  newlyAcceptedCount: number;
  byReason: Partial<Record<FilterReasonKey, number>>;
}

function observedAsDecision(observed: ObservedDecision): { isAccepted: boolean; code: number | null } {
  return observed.isAccepted ? { isAccepted: true, code: null } : { isAccepted: false, code: observed.code };
}

function summary(decision: RouteDecision): { isAccepted: boolean; code: number | null } {
  return decision.isAccepted ? { isAccepted: true, code: null } : { isAccepted: false, code: decision.code };
}

/**
 * Evaluates every route the route server holds under the deployed model (`before`; null: BIRD's
 * own decision as read stands for it) and under the next one (`after`), and counts per member and
 * family the routes that would become filtered or accepted, with the reasons. Pure: the routes,
 * the models and nothing else.
 */
export function computeRouteImpact(
  before: RouteEvaluator | null,
  after: RouteEvaluator,
  routes: Iterable<ObservedRoute>,
  options: ImpactOptions = {},
): RouteImpact {
  const maxListed = options.maxListedRoutes ?? 1000;
  const tallies = new Map<string, Tally>();
  const removed = new Set<string>();
  const receivedPerProtocol = new Map<string, number>();
  let evaluated = 0;
  let rpkiAssumed = 0;
  for (const route of routes) {
    evaluated++;
    const parsed = parseBgpProtocolName(route.protocol);
    if (!parsed) continue;
    const compiledAfter = after.compile(parsed.sessionId);
    if (!compiledAfter || compiledAfter.session.memberAsn !== parsed.memberAsn) {
      removed.add(route.protocol);
      continue;
    }
    receivedPerProtocol.set(route.protocol, (receivedPerProtocol.get(route.protocol) ?? 0) + 1);
    const net = parseModelPrefix(route.prefix, 'prefix');
    const compiledBefore = before?.compile(parsed.sessionId);
    const was = compiledBefore
      ? summary(before!.evaluateCompiled(compiledBefore, route, net))
      : observedAsDecision(route.observed);
    const decisionAfter = after.evaluateCompiled(compiledAfter, route, net);
    if (decisionAfter.isRpkiAssumed) rpkiAssumed++;
    const now = summary(decisionAfter);
    const key = `${parsed.memberAsn}/${parsed.family}`;
    let tally = tallies.get(key);
    if (!tally) {
      tally = {
        memberAsn: parsed.memberAsn,
        family: parsed.family,
        received: 0,
        acceptedBefore: 0,
        acceptedAfter: 0,
        newlyFiltered: [],
        newlyAccepted: [],
        newlyFilteredCount: 0,
        newlyAcceptedCount: 0,
        byReason: {},
      };
      tallies.set(key, tally);
    }
    tally.received++;
    if (was.isAccepted) tally.acceptedBefore++;
    if (now.isAccepted) tally.acceptedAfter++;
    if (was.isAccepted && !now.isAccepted) {
      const reason = decisionAfter.isAccepted ? null : decisionAfter.reason;
      tally.newlyFilteredCount++;
      if (reason) tally.byReason[reason] = (tally.byReason[reason] ?? 0) + 1;
      if (tally.newlyFiltered.length < maxListed)
        tally.newlyFiltered.push({
          prefix: route.prefix,
          protocol: route.protocol,
          asPath: route.asPath,
          reason,
          code: now.code,
        });
    } else if (!was.isAccepted && now.isAccepted) {
      tally.newlyAcceptedCount++;
      if (tally.newlyAccepted.length < maxListed)
        tally.newlyAccepted.push({
          prefix: route.prefix,
          protocol: route.protocol,
          asPath: route.asPath,
          reason: was.code === null ? null : (filterReasonByCode(was.code)?.key ?? null),
          code: was.code,
        });
    }
  }
  const names = new Map(after.model.members.map((member) => [member.asn, member.name]));
  const byPrefix = (a: RouteChange, b: RouteChange): number =>
    a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : a.protocol < b.protocol ? -1 : 1;
  const members = [...tallies.values()]
    .filter((tally) => tally.newlyFilteredCount > 0 || tally.newlyAcceptedCount > 0)
    .sort((a, b) => a.memberAsn - b.memberAsn || (a.family < b.family ? -1 : 1))
    .map((tally): MemberFamilyImpact => ({
      memberAsn: tally.memberAsn,
      memberName: names.get(tally.memberAsn) ?? null,
      family: tally.family,
      receivedRoutes: tally.received,
      acceptedBefore: tally.acceptedBefore,
      acceptedAfter: tally.acceptedAfter,
      newlyFilteredCount: tally.newlyFilteredCount,
      newlyAcceptedCount: tally.newlyAcceptedCount,
      newlyFilteredShare: tally.acceptedBefore === 0 ? 0 : tally.newlyFilteredCount / tally.acceptedBefore,
      newlyFilteredByReason: tally.byReason,
      newlyFiltered: tally.newlyFiltered.sort(byPrefix),
      newlyAccepted: tally.newlyAccepted.sort(byPrefix),
    }));
  const maxPrefixExceeded = [];
  for (const session of after.model.sessions) {
    const protocol = bgpProtocolName(session);
    const received = receivedPerProtocol.get(protocol) ?? 0;
    if (received > session.policy.maxPrefixes)
      maxPrefixExceeded.push({ protocol, receivedRoutes: received, maxPrefixes: session.policy.maxPrefixes });
  }
  return {
    routesEvaluated: evaluated,
    members,
    removedSessions: [...removed].sort(),
    isBeforeObserved: before === null,
    rpkiAssumedRoutes: rpkiAssumed,
    maxPrefixExceeded,
  };
}

/** A member and family whose newly filtered share passes the guard's threshold. */
export interface GuardViolation {
  readonly memberAsn: number;
  readonly memberName: string | null;
  readonly family: AddressFamily;
  readonly acceptedBefore: number;
  readonly newlyFilteredCount: number;
  /** Percent, one decimal. */
  readonly newlyFilteredPercent: number;
}

/** Default of the exchange-wide setting `impactGuardPercent`. */
export const DEFAULT_IMPACT_GUARD_PERCENT = 10;

/**
 * The members and families of which the change would newly filter more than `thresholdPercent`
 * of the routes accepted now. Empty: the deploy may go ahead.
 */
export function guardViolations(impact: RouteImpact, thresholdPercent: number): GuardViolation[] {
  return impact.members
    .filter((m) => m.acceptedBefore > 0 && m.newlyFilteredShare * 100 > thresholdPercent)
    .map((m) => ({
      memberAsn: m.memberAsn,
      memberName: m.memberName,
      family: m.family,
      acceptedBefore: m.acceptedBefore,
      newlyFilteredCount: m.newlyFilteredCount,
      newlyFilteredPercent: Math.round(m.newlyFilteredShare * 1000) / 10,
    }));
}

/** One line naming each violation: `AS64500 Example ipv4: 12 of 40 accepted routes (30.0 %)`. */
export function describeGuardViolations(violations: readonly GuardViolation[]): string {
  return violations
    .map(
      (v) =>
        `AS${v.memberAsn}${v.memberName ? ` ${v.memberName}` : ''} ${v.family}: ${v.newlyFilteredCount} of ${v.acceptedBefore} accepted routes (${v.newlyFilteredPercent.toFixed(1)} %)`,
    )
    .join('; ');
}
