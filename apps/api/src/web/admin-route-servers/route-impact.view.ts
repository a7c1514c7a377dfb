import { filterReason } from '@ixora/bird-config';
import { describeGuardViolations, type RouteChange, type RouteImpactReport } from '@ixora/route-impact';

/** Routes listed per member, family and direction on the page (the counts are complete). */
export const ROUTES_LISTED = 20;

function changeRow(change: RouteChange) {
  return {
    prefix: change.prefix,
    session: change.protocol,
    asPath: change.asPath.join(' ') || '(empty)',
    reason: change.reason ? `${filterReason(change.reason).words} (${change.code})` : 'no reason tagged',
  };
}

/** What the console's route-impact page prints of a report: words and numbers only. */
export function routeImpactView(report: RouteImpactReport) {
  const members = report.members.map((m) => ({
    member: `AS${m.memberAsn}${m.memberName ? ` ${m.memberName}` : ''}`,
    family: m.family === 'ipv4' ? 'IPv4' : 'IPv6',
    acceptedBefore: m.acceptedBefore,
    newlyFiltered: m.newlyFilteredCount,
    share: `${(m.newlyFilteredShare * 100).toFixed(1)} %`,
    newlyAccepted: m.newlyAcceptedCount,
    isOverGuard: report.violations.some((v) => v.memberAsn === m.memberAsn && v.family === m.family),
    filteredRoutes: m.newlyFiltered.slice(0, ROUTES_LISTED).map(changeRow),
    acceptedRoutes: m.newlyAccepted.slice(0, ROUTES_LISTED).map(changeRow),
    hasFilteredRoutes: m.newlyFiltered.length > 0,
    hasAcceptedRoutes: m.newlyAccepted.length > 0,
    moreFiltered: Math.max(0, m.newlyFilteredCount - ROUTES_LISTED),
    moreAccepted: Math.max(0, m.newlyAcceptedCount - ROUTES_LISTED),
  }));
  return {
    target: report.targetVersionId === null ? 'the next build' : `version ${report.targetVersionId}`,
    targetVersionId: report.targetVersionId ?? 0,
    deployed:
      report.deployedVersionId === null ? 'nothing deployed yet' : `version ${report.deployedVersionId}`,
    readAt: `${report.readAt.replace('T', ' ').slice(0, 19)} UTC`,
    routesEvaluated: report.routesEvaluated,
    isBeforeObserved: report.isBeforeObserved,
    thresholdPercent: report.thresholdPercent,
    members,
    hasChanges: members.length > 0,
    removedSessions: report.removedSessions.join(', '),
    hasRemovedSessions: report.removedSessions.length > 0,
    maxPrefixExceeded: report.maxPrefixExceeded.map(
      (s) => `${s.protocol}: ${s.receivedRoutes} routes, new limit ${s.maxPrefixes}`,
    ),
    hasMaxPrefixExceeded: report.maxPrefixExceeded.length > 0,
    rpkiAssumedRoutes: report.rpkiAssumedRoutes,
    hasRpkiAssumed: report.rpkiAssumedRoutes > 0,
    isGuardTripped: report.violations.length > 0,
    violations: describeGuardViolations(report.violations),
  };
}
