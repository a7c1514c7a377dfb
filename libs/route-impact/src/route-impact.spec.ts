import {
  DEFAULT_IXP_POLICY,
  defaultBogons,
  resolveImportPolicy,
  type RouteServerConfigModel,
} from '@ixora/bird-config';
import {
  computeRouteImpact,
  describeGuardViolations,
  guardViolations,
  type ObservedRoute,
} from './route-impact.js';
import { RouteEvaluator } from './route.evaluator.js';

const A = 206001;
const B = 206002;

function model(
  prefixesA: readonly string[],
  vrps: RouteServerConfigModel['rpki'] = { mode: 'static', vrps: [] },
): RouteServerConfigModel {
  return {
    routeServer: { name: 'rs1', asn: 64999, routerId: '192.0.2.1' },
    ixp: { name: 'IX', peeringLanPrefixesV4: ['192.0.2.0/24'], peeringLanPrefixesV6: ['2001:db8::/64'] },
    members: [
      {
        asn: A,
        name: 'Alpha',
        irrStatus: 'ok',
        prefixesV4: [...prefixesA],
        prefixesV6: ['2a02:1000::/29'],
        asns: [A],
      },
      { asn: B, name: 'Bravo', irrStatus: 'ok', prefixesV4: ['80.64.0.0/24'], prefixesV6: [], asns: [B] },
    ],
    sessions: [
      {
        id: 1,
        memberAsn: A,
        family: 'ipv4',
        peerAddress: '192.0.2.11',
        description: '',
        isEnabled: true,
        policy: resolveImportPolicy(DEFAULT_IXP_POLICY, {}, {}, 'ipv4'),
      },
      {
        id: 2,
        memberAsn: A,
        family: 'ipv6',
        peerAddress: '2001:db8::11',
        description: '',
        isEnabled: true,
        policy: resolveImportPolicy(DEFAULT_IXP_POLICY, {}, {}, 'ipv6'),
      },
      {
        id: 3,
        memberAsn: B,
        family: 'ipv4',
        peerAddress: '192.0.2.12',
        description: '',
        isEnabled: true,
        policy: resolveImportPolicy(DEFAULT_IXP_POLICY, {}, { maxPrefixes: 1 }, 'ipv4'),
      },
    ],
    rpki: vrps,
    neverViaRouteServerAsns: [],
    transitFreeAsns: [],
    ...defaultBogons(),
  };
}

const routeOf = (protocol: string, prefix: string, isAccepted: boolean): ObservedRoute => {
  const isV6 = prefix.includes(':');
  const asn = Number(/^AS(\d+)/.exec(protocol)![1]);
  return {
    protocol,
    prefix,
    asPath: [asn],
    nextHop: asn === A ? (isV6 ? '2001:db8::11' : '192.0.2.11') : '192.0.2.12',
    communities: [],
    observed: isAccepted ? { isAccepted: true } : { isAccepted: false, code: 9 },
  };
};

const routes: ObservedRoute[] = [
  routeOf('AS206001_v4_1', '185.1.0.0/24', true),
  routeOf('AS206001_v4_1', '185.1.1.0/24', true),
  routeOf('AS206001_v4_1', '185.1.2.0/24', true),
  routeOf('AS206001_v4_1', '185.1.3.0/24', false),
  routeOf('AS206001_v6_2', '2a02:1000::/29', true),
  routeOf('AS206002_v4_3', '80.64.0.0/24', true),
  routeOf('AS206002_v4_3', '80.64.1.0/24', false),
  routeOf('AS206009_v4_9', '80.99.0.0/24', true),
];

describe('computeRouteImpact', () => {
  const before = new RouteEvaluator(model(['185.1.0.0/24', '185.1.1.0/24', '185.1.2.0/24']));
  const after = new RouteEvaluator(model(['185.1.0.0/24', '185.1.3.0/24']));

  it('counts per member and family the routes newly filtered and newly accepted, with reasons', () => {
    const impact = computeRouteImpact(before, after, routes);
    expect(impact.routesEvaluated).toBe(8);
    expect(impact.isBeforeObserved).toBe(false);
    expect(impact.removedSessions).toEqual(['AS206009_v4_9']);
    expect(impact.members).toEqual([
      expect.objectContaining({
        memberAsn: A,
        memberName: 'Alpha',
        family: 'ipv4',
        receivedRoutes: 4,
        acceptedBefore: 3,
        acceptedAfter: 2,
        newlyFilteredCount: 2,
        newlyAcceptedCount: 1,
        newlyFilteredByReason: { irr_prefix: 2 },
        newlyFiltered: [
          { prefix: '185.1.1.0/24', protocol: 'AS206001_v4_1', asPath: [A], reason: 'irr_prefix', code: 9 },
          { prefix: '185.1.2.0/24', protocol: 'AS206001_v4_1', asPath: [A], reason: 'irr_prefix', code: 9 },
        ],
        newlyAccepted: [
          { prefix: '185.1.3.0/24', protocol: 'AS206001_v4_1', asPath: [A], reason: 'irr_prefix', code: 9 },
        ],
      }),
    ]);
    expect(impact.members[0]!.newlyFilteredShare).toBeCloseTo(2 / 3);
    expect(impact.maxPrefixExceeded).toEqual([
      { protocol: 'AS206002_v4_3', receivedRoutes: 2, maxPrefixes: 1 },
    ]);
  });

  it("without the deployed model, BIRD's own decisions stand for it", () => {
    const impact = computeRouteImpact(null, after, routes);
    expect(impact.isBeforeObserved).toBe(true);
    expect(
      impact.members.map((m) => [m.memberAsn, m.family, m.newlyFilteredCount, m.newlyAcceptedCount]),
    ).toEqual([[A, 'ipv4', 2, 1]]);
  });

  it('an evaluator sharing the unchanged members of the deployed one decides the same', () => {
    const shared = new RouteEvaluator(model(['185.1.0.0/24', '185.1.3.0/24']), { shareWith: before });
    expect(computeRouteImpact(before, shared, routes)).toEqual(computeRouteImpact(before, after, routes));
  });

  it('lists at most maxListedRoutes routes but counts them all', () => {
    const impact = computeRouteImpact(before, after, routes, { maxListedRoutes: 1 });
    expect(impact.members[0]!.newlyFiltered).toHaveLength(1);
    expect(impact.members[0]!.newlyFilteredCount).toBe(2);
  });

  it('the guard names the members and families past the threshold', () => {
    const impact = computeRouteImpact(before, after, routes);
    expect(guardViolations(impact, 10)).toEqual([
      {
        memberAsn: A,
        memberName: 'Alpha',
        family: 'ipv4',
        acceptedBefore: 3,
        newlyFilteredCount: 2,
        newlyFilteredPercent: 66.7,
      },
    ]);
    expect(guardViolations(impact, 67)).toEqual([]);
    expect(describeGuardViolations(guardViolations(impact, 10))).toBe(
      'AS206001 Alpha ipv4: 2 of 3 accepted routes (66.7 %)',
    );
    expect(guardViolations(computeRouteImpact(before, before, routes), 0)).toEqual([]);
  });
});
