import type {
  Ixp,
  Member,
  MemberInterface,
  PeeringLan,
  PrefixSet,
  RouteServer,
  RouteServerSession,
} from '../entities/index.js';
import { buildRouteServerConfigModel, type RouteServerConfigInput } from './route-server-config.builder.js';

const noPolicy = {
  nextHopPolicy: null,
  asPathMaxLength: null,
  prefixMinLengthV4: null,
  prefixMaxLengthV4: null,
  prefixMinLengthV6: null,
  prefixMaxLengthV6: null,
  isIrrOriginEnforced: null,
  isIrrPrefixEnforced: null,
  isIrrMoreSpecificAllowed: null,
  rpkiPolicy: null,
  isTransitFreeEnforced: null,
  bgpRole: null,
  isAddPathEnabled: null,
  maxPrefixAction: null,
  maxPrefixRestartMinutes: null,
  isBlackholeAllowed: null,
};

function input(overrides: Partial<RouteServerConfigInput> = {}): RouteServerConfigInput {
  const ixp = {
    id: 1,
    shortname: 'EX-IX',
    name: 'Example IX',
    policy: { ...noPolicy, asPathMaxLength: 32 },
    defaultMaxPrefixV4: 100,
    defaultMaxPrefixV6: 50,
    maxPrefixHeadroomPercent: 10,
    transitFreeAsns: [64502],
    isGracefulShutdown: false,
    blackholeNextHopV4: null,
    blackholeNextHopV6: null,
  } as unknown as Ixp;
  const lan = {
    id: 1,
    ixpId: 1,
    name: 'lan',
    prefixV4: '192.0.2.0/24',
    prefixV6: '2001:db8::/64',
  } as PeeringLan;
  const rs = {
    id: 1,
    name: 'rs1',
    asn: 64511,
    routerId: '192.0.2.1',
    ipv4Address: '192.0.2.1',
    ipv6Address: '2001:db8::1',
    peeringLanId: 1,
  } as RouteServer;
  const m1 = {
    id: 1,
    asn: 64500,
    name: 'One',
    status: 'active',
    asSets: ['RIPE::AS-ONE'],
    maxPrefixV4: null,
    maxPrefixV6: 7,
    isNeverViaRouteServers: false,
    policy: { ...noPolicy, asPathMaxLength: 16 },
  } as unknown as Member;
  const m2 = {
    id: 2,
    asn: 4200000001,
    name: 'Two',
    status: 'suspended',
    asSets: [],
    maxPrefixV4: null,
    maxPrefixV6: null,
    isNeverViaRouteServers: true,
    policy: noPolicy,
  } as unknown as Member;
  const i1 = {
    id: 11,
    memberId: 1,
    peeringLanId: 1,
    ipv4Address: '192.0.2.10',
    ipv6Address: '2001:db8::10',
    maxPrefixV4: null,
    maxPrefixV6: null,
  } as MemberInterface;
  const i1b = {
    id: 12,
    memberId: 1,
    peeringLanId: 1,
    ipv4Address: '192.0.2.11',
    ipv6Address: null,
    maxPrefixV4: null,
    maxPrefixV6: null,
  } as MemberInterface;
  const i2 = {
    id: 21,
    memberId: 2,
    peeringLanId: 1,
    ipv4Address: '192.0.2.20',
    ipv6Address: null,
    maxPrefixV4: null,
    maxPrefixV6: null,
  } as MemberInterface;
  const session = (id: number, family: 4 | 6, over: Partial<RouteServerSession> = {}) =>
    ({
      id,
      routeServerId: 1,
      family,
      isEnabled: true,
      isPassive: false,
      md5Password: null,
      description: null,
      maxPrefix: null,
      policy: noPolicy,
      ...over,
    }) as RouteServerSession;
  const sets = [
    {
      memberId: 1,
      family: 4,
      asns: [64500, 64501],
      aggregated: ['198.51.100.0/24', '203.0.113.0/24{24,25}'],
      status: 'ok',
    },
    { memberId: 1, family: 6, asns: [64500], aggregated: ['2001:db8:100::/40{40,48}'], status: 'stale' },
    { memberId: 2, family: 4, asns: [], aggregated: [], status: 'failed' },
  ] as PrefixSet[];
  return {
    routeServer: rs,
    ixp,
    peeringLans: [lan],
    sessions: [
      {
        session: session(1, 4, { policy: { ...noPolicy, asPathMaxLength: 8 } }),
        memberInterface: i1,
        member: m1,
      },
      { session: session(2, 6, { maxPrefix: 3 }), memberInterface: i1, member: m1 },
      { session: session(3, 4), memberInterface: i2, member: m2 },
    ],
    lanInterfaces: [i1, i1b, i2],
    prefixSets: sets,
    vrps: [{ prefix: '198.51.100.0/24', maxLength: 24, asn: 64500 }],
    rpki: { mode: 'static' },
    peeringDbPrefixes: new Map([[64500, { v4: 40, v6: 10 }]]),
    peeringDbNeverViaRouteServers: new Set([64999]),
    ...overrides,
  };
}

describe('buildRouteServerConfigModel', () => {
  const model = buildRouteServerConfigModel(input());
  const byId = new Map(model.sessions.map((s) => [s.id, s]));

  it('resolves each setting from the session, else the member, else the Ixp', () => {
    expect(byId.get(1)!.policy.maxAsPathLength).toBe(8);
    expect(byId.get(2)!.policy.maxAsPathLength).toBe(16);
    expect(byId.get(3)!.policy.maxAsPathLength).toBe(32);
  });

  it('takes max-prefix from the session, the member, PeeringDB plus headroom, or the Ixp default', () => {
    expect(byId.get(2)!.policy).toMatchObject({ maxPrefixes: 3, maxPrefixSource: 'session' });
    expect(byId.get(1)!.policy).toMatchObject({ maxPrefixes: 44, maxPrefixSource: 'peeringdb' });
    expect(byId.get(3)!.policy).toMatchObject({ maxPrefixes: 100, maxPrefixSource: 'ixp' });
  });

  it('carries IRR data as prefix-set entries and marks failed or missing expansions empty', () => {
    const one = model.members.find((m) => m.asn === 64500)!;
    expect(one.irrStatus).toBe('stale');
    expect(one.asSet).toBe('AS-ONE');
    expect(one.prefixesV4).toEqual([
      { prefix: '198.51.100.0/24', low: 24, high: 24 },
      { prefix: '203.0.113.0/24', low: 24, high: 25 },
    ]);
    expect([...one.asns].sort()).toEqual([64500, 64501]);
    expect(model.members.find((m) => m.asn === 4200000001)).toMatchObject({
      irrStatus: 'empty',
      prefixesV4: [],
      asns: [],
    });
  });

  it('keeps the sessions of a suspended member in the config, disabled', () => {
    expect(byId.get(3)!.isEnabled).toBe(false);
    expect(byId.get(1)!.isEnabled).toBe(true);
  });

  it('lists every address of the member on the LAN for the same-member next-hop policy', () => {
    expect(byId.get(1)!.memberAddresses).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(byId.get(2)!.memberAddresses).toEqual(['2001:db8::10']);
  });

  it('joins PeeringDB and member never-via-route-server flags, and passes the Ixp lists through', () => {
    expect([...model.neverViaRouteServerAsns].sort()).toEqual([4200000001, 64999]);
    expect(model.transitFreeAsns).toEqual([64502]);
    expect(model.ixp.peeringLanPrefixesV6).toEqual(['2001:db8::/64']);
    expect(model.rpki).toEqual({
      mode: 'static',
      vrps: [{ prefix: '198.51.100.0/24', maxLength: 24, asn: 64500 }],
    });
  });

  it('puts every session in graceful shutdown while the Ixp-wide switch is on', () => {
    expect(model.sessions.map((s) => s.isGracefulShutdown)).toEqual([false, false, false]);
    const base = input();
    const shutdown = buildRouteServerConfigModel({ ...base, ixp: { ...base.ixp, isGracefulShutdown: true } });
    expect(shutdown.sessions.map((s) => s.isGracefulShutdown)).toEqual([true, true, true]);
  });

  it('switches to an RTR cache when RPKI_MODE=rtr', () => {
    expect(
      buildRouteServerConfigModel(input({ rpki: { mode: 'rtr', host: '127.0.0.1', port: 3323 } })).rpki,
    ).toEqual({
      mode: 'rtr',
      rtrHost: '127.0.0.1',
      rtrPort: 3323,
    });
  });
});
