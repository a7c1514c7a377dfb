import type { RouteImpactReport } from '@ixora/route-impact';
import { ROUTES_LISTED, routeImpactView } from './route-impact.view.js';

const change = (i: number) => ({
  prefix: `185.1.${i}.0/24`,
  protocol: 'AS59901_v4_1',
  asPath: [59901],
  reason: 'irr_prefix' as const,
  code: 9,
});

const report: RouteImpactReport = {
  routeServer: 'rs1',
  deployedVersionId: 3,
  targetVersionId: 4,
  readAt: '2026-12-06T04:00:00.000Z',
  evaluateMs: 12,
  thresholdPercent: 10,
  routesEvaluated: 40,
  isBeforeObserved: false,
  rpkiAssumedRoutes: 0,
  removedSessions: [],
  maxPrefixExceeded: [],
  members: [
    {
      memberAsn: 59901,
      memberName: 'Lab member m1',
      family: 'ipv4',
      receivedRoutes: 40,
      acceptedBefore: 40,
      acceptedAfter: 15,
      newlyFilteredCount: 25,
      newlyAcceptedCount: 0,
      newlyFilteredShare: 25 / 40,
      newlyFilteredByReason: { irr_prefix: 25 },
      newlyFiltered: Array.from({ length: 25 }, (_, i) => change(i)),
      newlyAccepted: [],
    },
  ],
  violations: [
    {
      memberAsn: 59901,
      memberName: 'Lab member m1',
      family: 'ipv4',
      acceptedBefore: 40,
      newlyFilteredCount: 25,
      newlyFilteredPercent: 62.5,
    },
  ],
};

describe('routeImpactView', () => {
  it('names the member over the guard, lists the first routes with the reason in words', () => {
    const view = routeImpactView(report);
    expect(view).toMatchObject({
      target: 'version 4',
      deployed: 'version 3',
      readAt: '2026-12-06 04:00:00 UTC',
      isGuardTripped: true,
      violations: 'AS59901 Lab member m1 ipv4: 25 of 40 accepted routes (62.5 %)',
    });
    expect(view.members[0]).toMatchObject({
      member: 'AS59901 Lab member m1',
      family: 'IPv4',
      share: '62.5 %',
      isOverGuard: true,
      moreFiltered: 25 - ROUTES_LISTED,
    });
    expect(view.members[0]!.filteredRoutes).toHaveLength(ROUTES_LISTED);
    expect(view.members[0]!.filteredRoutes[0]).toEqual({
      prefix: '185.1.0.0/24',
      session: 'AS59901_v4_1',
      asPath: '59901',
      reason: "prefix is not in the member's IRR data (9)",
    });
  });

  it('without violations, the guard lets the deploy through', () => {
    expect(routeImpactView({ ...report, violations: [], members: [] })).toMatchObject({
      isGuardTripped: false,
      hasChanges: false,
    });
  });
});
