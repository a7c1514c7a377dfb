import { IpPrefix } from '@ixora/net';
import { VrpIndex } from '@ixora/rpki';
import {
  computeExchangeSummary,
  type ExchangeSummaryInput,
  type SummaryRoute,
} from './exchange-summary.calculator.js';
import type { ManrsFacts } from './manrs.assessment.js';

const vrp = (prefix: string, maxLength: number, asn: number) => ({
  prefix: IpPrefix.parse(prefix),
  maxLength,
  asn,
  trustAnchor: 'ripe',
});

const STRICT: Omit<ManrsFacts, 'routeServers' | 'routeServersRead'> = {
  rpkiMode: 'static',
  sessions: 5,
  sessionsRejectingRpkiInvalid: 5,
  sessionsFilteringIrr: 5,
  vrpCount: 3,
  peeringLans: 1,
  peeringLansWithPrefix: 1,
  hasSupportEmail: true,
  hasPeeringDbRecord: true,
};

function route(neighborAsn: number, prefix: string, asPath: number[], isFiltered = false): SummaryRoute {
  return { neighborAsn, prefix, asPath, isFiltered };
}

function input(overrides: Partial<ExchangeSummaryInput> = {}): ExchangeSummaryInput {
  return {
    members: [
      { asn: 64500, status: 'active', isHiddenFromPublic: false },
      { asn: 64501, status: 'active', isHiddenFromPublic: false },
      { asn: 64502, status: 'active', isHiddenFromPublic: true },
      { asn: 64503, status: 'onboarding', isHiddenFromPublic: false },
      { asn: 4200000001, status: 'active', isHiddenFromPublic: false },
    ],
    sessions: [
      { asn: 64500, family: 4, isEnabled: true },
      { asn: 64500, family: 6, isEnabled: true },
      { asn: 64501, family: 4, isEnabled: true },
      { asn: 64501, family: 6, isEnabled: false },
      { asn: 64502, family: 6, isEnabled: true },
      { asn: 64503, family: 6, isEnabled: true },
    ],
    routeServers: [
      { name: 'rs1', isRead: true },
      { name: 'rs2', isRead: true },
    ],
    routes: [
      // valid, covered by IRR; sent to both route servers: counted once
      route(64500, '198.51.100.0/24', [64500]),
      route(64500, '198.51.100.0/24', [64500]),
      // invalid (ROA allows /24 only), filtered, not in IRR
      route(64500, '198.51.100.0/25', [64500], true),
      // unknown, IRR-covered IPv6 written differently from the IRR data
      route(64501, '2001:DB8:1000::/36', [64501]),
      // valid for the origin behind the peer
      route(64501, '203.0.113.0/24', [64501, 65551]),
      // a hidden member's and a member not yet active: left out
      route(64502, '192.0.2.0/24', [64502]),
      route(64503, '192.0.2.128/25', [64503]),
    ],
    vrps: new VrpIndex([
      vrp('198.51.100.0/24', 24, 64500),
      vrp('203.0.113.0/24', 24, 65551),
      vrp('192.0.2.0/24', 24, 64502),
    ]),
    prefixSets: [
      { asn: 64500, family: 4, prefixes: ['198.51.100.0/24'] },
      { asn: 64501, family: 6, prefixes: ['2001:db8:1000::/36'] },
      { asn: 64502, family: 4, prefixes: ['192.0.2.0/24'] },
    ],
    manrs: STRICT,
    ...overrides,
  };
}

describe('computeExchangeSummary', () => {
  it('counts the public members, route-server participants and IPv6, and classifies received routes', () => {
    const { figures } = computeExchangeSummary(input());
    expect(figures).toEqual({
      members: 3,
      routeServerParticipants: 2,
      participantsWithIpv6: 1,
      routesReceived: 4,
      rpki: { valid: 2, unknown: 1, invalid: 1 },
      irrCovered: 2,
      routeServers: 2,
      routeServersRead: 2,
    });
  });

  it('leaves hidden members out of every figure, routes and IRR data included', () => {
    const { figures } = computeExchangeSummary(
      input({
        routes: [route(64502, '192.0.2.0/24', [64502])],
        sessions: [{ asn: 64502, family: 4, isEnabled: true }],
      }),
    );
    expect(figures.routeServerParticipants).toBe(0);
    expect(figures.routesReceived).toBe(0);
    expect(figures.irrCovered).toBe(0);
    expect(figures.rpki).toEqual({ valid: 0, unknown: 0, invalid: 0 });
  });

  it('treats a route without an origin (empty AS_PATH) as matching no VRP (RFC 6811)', () => {
    const { figures } = computeExchangeSummary(input({ routes: [route(64500, '198.51.100.0/24', [])] }));
    expect(figures.rpki).toEqual({ valid: 0, unknown: 0, invalid: 1 });
  });

  it("without VRPs in ixora (RTR mode), counts the route servers' own RPKI tags", () => {
    const { figures, manrs } = computeExchangeSummary(
      input({
        vrps: new VrpIndex([]),
        routes: [
          { ...route(64500, '198.51.100.0/24', [64500]), rpkiTag: 'valid' },
          { ...route(64500, '198.51.100.0/25', [64500], true), rpkiTag: 'invalid' },
          route(64501, '203.0.113.0/24', [64501]),
        ],
        manrs: { ...STRICT, vrpCount: 0, rpkiMode: 'rtr' },
      }),
    );
    expect(figures.rpki).toEqual({ valid: 1, unknown: 1, invalid: 1 });
    expect(manrs[0]).toMatchObject({ status: 'met' });
    expect(manrs[0]?.why).toContain('VRPs from an RTR cache');
  });

  it('counts the route servers read, and a day without routes has no RPKI or IRR figures', () => {
    const { figures, manrs } = computeExchangeSummary(
      input({
        routes: [],
        routeServers: [
          { name: 'rs1', isRead: false },
          { name: 'rs2', isRead: false },
        ],
      }),
    );
    expect(figures).toMatchObject({ routesReceived: 0, routeServers: 2, routeServersRead: 0, irrCovered: 0 });
    expect(manrs.find((a) => a.action === 5)).toMatchObject({ status: 'not_met' });
  });
});

describe('MANRS actions', () => {
  it('meets 1, 3, 4 and 5 with strict filtering, recorded LANs, NOC and PeeringDB, and a readable route server; 2 is not known', () => {
    const { manrs } = computeExchangeSummary(input());
    expect(manrs.map((a) => [a.action, a.status])).toEqual([
      [1, 'met'],
      [2, 'unknown'],
      [3, 'met'],
      [4, 'met'],
      [5, 'met'],
    ]);
    for (const action of manrs) expect(action.why.length).toBeGreaterThan(20);
  });

  it('says why an action is not met', () => {
    const { manrs } = computeExchangeSummary(
      input({
        manrs: {
          ...STRICT,
          sessionsRejectingRpkiInvalid: 4,
          vrpCount: 0,
          peeringLansWithPrefix: 0,
          hasPeeringDbRecord: false,
        },
      }),
    );
    const [one, , three, four] = manrs;
    expect(one).toMatchObject({ status: 'not_met' });
    expect(one?.why).toContain('no RPKI data');
    expect(one?.why).toContain('1 session accepts RPKI-invalid routes');
    expect(one?.why).not.toContain('5');
    expect(three).toMatchObject({ status: 'not_met' });
    expect(three?.why).toContain('1 peering LAN of 1 has no prefix recorded');
    expect(four).toMatchObject({ status: 'not_met' });
    expect(four?.why).toContain('PeeringDB record');
  });
});
