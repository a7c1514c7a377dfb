import { IpPrefix } from '@ixora/net';
import { buildMemberReadiness } from './member-readiness.builder.js';
import type { ReadinessFacts, ReadinessRouteServerView } from './member-readiness.types.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const FETCHED = new Date('2026-12-01T06:00:00Z');

function facts(overrides: Partial<ReadinessFacts> = {}): ReadinessFacts {
  return {
    member: {
      asn: 64501,
      name: 'Ocean Fiber',
      status: 'onboarding',
      asSets: ['RIPE::AS-OCEANFIBER'],
      isNeverViaRouteServers: false,
      interfaces: [
        { id: 1, ipv4Address: '192.0.2.11', ipv6Address: '2001:db8::11', isRouteServerClient: true },
      ],
      sessions: [
        { routeServer: 'rs1', family: 4, isEnabled: true },
        { routeServer: 'rs1', family: 6, isEnabled: true },
      ],
    },
    peeringDb: {
      syncedAt: FETCHED,
      staleTypes: [],
      net: {
        id: 601,
        name: 'Ocean Fiber',
        irrAsSet: 'RIPE::AS-OCEANFIBER',
        infoPrefixes4: 120,
        infoPrefixes6: 40,
        isNeverViaRouteServers: false,
        netixlans: [{ id: 801, ipv4Address: '192.0.2.11', ipv6Address: '2001:db8::11', isRsPeer: true }],
      },
    },
    irr: {
      v4: {
        status: 'ok',
        asSets: ['RIPE::AS-OCEANFIBER'],
        asns: [64501],
        prefixes: ['198.51.100.0/24'],
        fetchedAt: FETCHED,
        error: null,
        warnings: [],
      },
      v6: {
        status: 'ok',
        asSets: ['RIPE::AS-OCEANFIBER'],
        asns: [64501],
        prefixes: ['2001:db8:1000::/36'],
        fetchedAt: FETCHED,
        error: null,
        warnings: [],
      },
    },
    rpki: {
      loadedAt: FETCHED,
      vrps: [
        { prefix: IpPrefix.parse('198.51.100.0/24'), maxLength: 24, asn: 64501, trustAnchor: 'ripe' },
        { prefix: IpPrefix.parse('2001:db8:1000::/36'), maxLength: 48, asn: 64501, trustAnchor: 'ripe' },
      ],
    },
    maxPrefix: { v4: { limit: 144, source: 'peeringdb' }, v6: { limit: 48, source: 'peeringdb' } },
    routeServers: null,
    ...overrides,
  };
}

describe('buildMemberReadiness', () => {
  it('finds nothing wrong with a consistent member before turn-up, saying what it checked', () => {
    const report = buildMemberReadiness(facts(), NOW);
    expect(report).toMatchObject({ asn: 64501, phase: 'before_turn_up', severity: 'ok' });
    expect(report.counts).toEqual({ ok: report.findings.length, warning: 0, error: 0 });
    expect(report.findings.map((f) => f.code)).toEqual([
      'peeringdb_found',
      'netixlan_consistent',
      'irr_ok',
      'irr_ok',
      'rpki_ok',
      'max_prefix_ok',
      'max_prefix_ok',
    ]);
    expect(report.findings.every((f) => f.action === null)).toBe(true);
  });

  it('names what is wrong and what to do: PeeringDB differences, IRR failures, RPKI-invalid route objects', () => {
    const base = facts();
    const report = buildMemberReadiness(
      facts({
        member: {
          ...base.member,
          asSets: ['AS-OCEAN'],
          interfaces: [{ ...base.member.interfaces[0]!, ipv6Address: '2001:db8::99' }],
        },
        irr: {
          v4: {
            ...base.irr.v4!,
            prefixes: ['198.51.100.0/24', '203.0.113.0/24'],
            warnings: ['AS-CUSTOMER: not found'],
          },
          v6: { ...base.irr.v6!, status: 'failed', prefixes: [], error: 'AS-SET not found' },
        },
        rpki: {
          loadedAt: FETCHED,
          vrps: [
            { prefix: IpPrefix.parse('198.51.100.0/24'), maxLength: 24, asn: 64501, trustAnchor: 'ripe' },
            { prefix: IpPrefix.parse('203.0.113.0/24'), maxLength: 24, asn: 64499, trustAnchor: 'ripe' },
          ],
        },
        maxPrefix: { v4: { limit: 1, source: 'member' }, v6: { limit: 20, source: 'ixp' } },
      }),
      NOW,
    );
    const byCode = new Map(report.findings.map((f) => [f.code, f]));
    expect(report.severity).toBe('error');
    expect(byCode.get('as_set_differs')).toMatchObject({
      severity: 'warning',
      message: 'The member record has AS-SET AS-OCEAN, PeeringDB lists AS-OCEANFIBER.',
    });
    expect(byCode.get('netixlan_address_differs')?.items).toEqual([
      'interface 1: 192.0.2.11, 2001:db8::99 here, 192.0.2.11, 2001:db8::11 in PeeringDB',
    ]);
    expect(byCode.get('irr_failed')).toMatchObject({
      severity: 'error',
      action: expect.stringContaining('ixora irr refresh --asn 64501'),
    });
    expect(byCode.get('irr_expansion_warnings')?.items).toEqual(['AS-CUSTOMER: not found']);
    expect(byCode.get('rpki_invalid')).toMatchObject({ severity: 'error', itemCount: 1 });
    // The words of the looking glass's filter advice, not a copy of them.
    expect(byCode.get('rpki_invalid')?.items[0]).toMatch(
      /^203\.0\.113\.0\/24: the ROA covering 203\.0\.113\.0\/24 \(203\.0\.113\.0\/24-24\) names AS64499, not AS64501/,
    );
    expect(byCode.get('max_prefix_below_irr')?.message).toMatch(
      /IPv4 max-prefix limit of 1 \(from the member record\) is below the 2/,
    );
    expect(byCode.get('max_prefix_default')?.message).toMatch(
      /IPv6 max-prefix limit is the exchange default of 20/,
    );
    for (const f of report.findings)
      expect(f.severity === 'ok' ? f.action === null : Boolean(f.action)).toBe(true);
  });

  it('after turn-up, groups the routes the route servers filter by reason, with the fix for each', () => {
    const rs1: ReadinessRouteServerView = {
      routeServer: 'rs1',
      error: undefined,
      sessions: [
        {
          protocol: 'AS64501_v4_1',
          family: 'ipv4',
          address: '192.0.2.11',
          state: 'up',
          bgpState: 'Established',
          lastError: undefined,
          routesReceived: 130,
          routesAccepted: 128,
          routesFiltered: 2,
          maxPrefixLimit: 144,
        },
        {
          protocol: 'AS64501_v6_1',
          family: 'ipv6',
          address: '2001:db8::11',
          state: 'start',
          bgpState: 'Active',
          lastError: 'Connection refused',
          routesReceived: 0,
          routesAccepted: 0,
          routesFiltered: 0,
          maxPrefixLimit: 48,
        },
      ],
      filtered: [
        {
          prefix: '198.51.100.128/25',
          reasonKey: 'prefix_too_long',
          reasonWords: 'prefix is longer than allowed',
          asPath: [64501],
          nextHop: '192.0.2.11',
        },
        {
          prefix: '10.0.0.0/8',
          reasonKey: 'bogon_prefix',
          reasonWords: 'bogon prefix',
          asPath: [64501],
          nextHop: '192.0.2.11',
        },
      ],
      filteredTotal: 2,
    };
    const rs2: ReadinessRouteServerView = {
      routeServer: 'rs2',
      error: 'connect ENOENT /run/bird2.ctl',
      sessions: [],
      filtered: [],
      filteredTotal: 0,
    };
    const report = buildMemberReadiness(facts({ routeServers: [rs1, rs2] }), NOW);
    expect(report.phase).toBe('after_turn_up');
    const routeServerFindings = report.findings.filter((f) => f.check === 'route_servers');
    expect(routeServerFindings.map((f) => [f.code, f.severity])).toEqual([
      ['session_down', 'warning'],
      ['routes_filtered', 'warning'],
      ['routes_filtered', 'warning'],
      ['route_server_unreadable', 'warning'],
    ]);
    const [, bogon, tooLong] = routeServerFindings;
    expect(bogon).toMatchObject({
      message: 'rs1 filters 1 route of the member: bogon prefix.',
      items: ['10.0.0.0/8'],
    });
    expect(tooLong?.action).toMatch(/announce 198\.51\.100\.0\/24 instead/);
    expect(report.findings.find((f) => f.code === 'max_prefix_near')).toMatchObject({
      severity: 'warning',
      message: 'AS64501_v4_1 on rs1 has 130 routes, 90 % of its max-prefix limit of 144.',
    });
  });
});
