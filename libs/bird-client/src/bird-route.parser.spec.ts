import { BirdRouteParser, parseAsPath, parseExtendedCommunities, parseRoutes } from './bird-route.parser.js';
import { fixtureLines } from './testing/bird-fixtures.js';

describe('parseRoutes', () => {
  it('reads the one-line summaries of `show route`, secondary paths inheriting the network', () => {
    const routes = parseRoutes(fixtureLines('rs-07'));
    expect(routes.map((route) => route.prefix)).toEqual([
      '10.1.3.0/24',
      '10.1.4.0/24',
      '10.1.5.0/24',
      '10.1.0.0/24',
      '10.1.0.0/24',
      '10.1.1.0/24',
      '10.2.0.0/24',
      '10.2.1.0/24',
    ]);
    expect(routes[3]).toEqual({
      table: 'master4',
      prefix: '10.1.0.0/24',
      type: 'unreachable',
      protocol: 'AS65001_1',
      since: '2026-11-29 02:00:06',
      from: '127.0.0.2',
      isPrimary: true,
      preference: 100,
      originAsn: 65001,
      nextHops: [],
      attributes: {},
    });
    expect(routes[4]).toMatchObject({
      prefix: '10.1.0.0/24',
      protocol: 'AS65002_1',
      from: '127.0.0.3',
      isPrimary: false,
      originAsn: 65002,
    });
    expect(routes[2]?.originAsn).toBe(64999);
  });

  it('reads BGP attributes of `show route all`, joining wrapped community lines', () => {
    const routes = parseRoutes(fixtureLines('rs-08'));
    expect(routes).toHaveLength(8);
    const first = routes[0];
    expect(first).toMatchObject({ prefix: '10.1.3.0/24', source: 'BGP', scope: 'univ' });
    expect(first?.bgp?.communities).toHaveLength(90);
    expect(first?.bgp?.communities[0]).toEqual([65001, 1000]);
    expect(first?.bgp?.communities[89]).toEqual([65001, 1089]);
    expect(first?.bgp?.largeCommunities).toHaveLength(39);
    expect(first?.bgp?.largeCommunities[38]).toEqual([65001, 39, 273]);
    expect(first?.bgp).toMatchObject({
      origin: 'IGP',
      asPath: [65001],
      nextHop: ['127.0.0.2'],
      localPref: 100,
      atomicAggregate: false,
    });

    expect(routes[1]?.bgp?.asPath).toEqual([65001, 65001, 65001]);
    expect(routes[1]?.bgp?.extendedCommunities).toEqual([{ kind: 'rt', admin: '65001', value: '1' }]);
    expect(routes[2]?.bgp?.asPath).toEqual([65001, 64999]);
    expect(routes[4]).toMatchObject({ prefix: '10.1.0.0/24', protocol: 'AS65002_1', isPrimary: false });
    expect(routes[4]?.bgp?.communities).toEqual([[65002, 200]]);
    expect(routes[7]?.bgp?.largeCommunities).toEqual([[65000, 0, 65001]]);
    expect(routes[7]?.attributes['BGP.next_hop']).toBe('127.0.0.3');
  });

  it('shows why a filtered route was rejected (reason large community)', () => {
    const routes = parseRoutes(fixtureLines('rs-10'));
    expect(routes.map((route) => [route.prefix, route.bgp?.largeCommunities])).toEqual([
      ['10.255.1.0/24', [[65000, 1101, 3]]],
      ['10.1.2.0/25', [[65000, 1101, 1]]],
    ]);
  });

  it('reads noexport routes with the community the export filter added', () => {
    const [route, ...rest] = parseRoutes(fixtureLines('rs-14'));
    expect(rest).toHaveLength(0);
    expect(route?.bgp?.communities).toEqual([[0, 65002]]);
    expect(route?.bgp?.largeCommunities).toEqual([[65000, 1102, 4]]);
  });

  it('reads non-BGP routes, their next hops and their tables', () => {
    const routes = parseRoutes(fixtureLines('rs-30'));
    expect(routes.map((route) => [route.table, route.prefix, route.type, route.source, route.bgp])).toEqual([
      ['demo4', '198.51.100.0/24', 'blackhole', 'static', undefined],
      ['demo4', '192.0.2.0/24', 'unicast', 'static', undefined],
      ['demo4', '203.0.113.0/24', 'unreachable', 'static', undefined],
    ]);
    expect(routes[1]?.nextHops).toEqual([{ interface: 'lo' }]);
    expect(routes[0]).toMatchObject({ protocol: 'demo_static', preference: 200, isPrimary: true });
    expect(routes[0]?.from).toBeUndefined();
  });

  it('reads the default time format and routes learnt from a route server', () => {
    const [route] = parseRoutes(fixtureLines('m1-04'));
    expect(route).toMatchObject({
      protocol: 'rs1',
      since: '02:00:06.885',
      from: '127.0.0.1',
      originAsn: 65002,
    });
    expect(route?.bgp?.nextHop).toEqual(['127.0.0.3']);
  });

  it('parses an empty reply as no routes', () => {
    expect(parseRoutes(fixtureLines('rs-a02'))).toEqual([]);
  });

  it('reads gateways, weights and IPv6 next hops in the real-IXP form', () => {
    const parser = new BirdRouteParser();
    const lines = [
      { code: 1007, text: 'Table master6:', isFinal: false },
      {
        code: 1007,
        text: '2001:db8:100::/48    unicast [AS64500_1 2026-11-29 02:00:06] * (100) [AS64500i]',
        isFinal: false,
      },
      { code: 1007, text: '\tvia 2001:db8::a on eth1 weight 1', isFinal: false },
      { code: 1007, text: '\tvia 2001:db8::b on eth1 weight 2', isFinal: false },
      { code: 1008, text: '\tType: BGP univ', isFinal: false },
      { code: 1012, text: '\tBGP.origin: Incomplete', isFinal: false },
      { code: 1012, text: '\tBGP.as_path: 64500 {64501 64502}', isFinal: false },
      { code: 1012, text: '\tBGP.next_hop: 2001:db8::a fe80::a', isFinal: false },
      { code: 1012, text: '\tBGP.med: 50', isFinal: false },
      { code: 1012, text: '\tBGP.atomic_aggr: ', isFinal: false },
      { code: 1012, text: '\tBGP.otc: 64500', isFinal: false },
      { code: 1012, text: '\tigp_metric: 10', isFinal: false },
      { code: 0, text: '', isFinal: true },
    ];
    const routes = lines.map((line) => parser.push(line)).filter((route) => route !== undefined);
    expect(routes).toEqual([]);
    const route = parser.finish();
    expect(route).toMatchObject({ table: 'master6', prefix: '2001:db8:100::/48', type: 'unicast' });
    expect(route?.nextHops).toEqual([
      { gateway: '2001:db8::a', interface: 'eth1', weight: 1 },
      { gateway: '2001:db8::b', interface: 'eth1', weight: 2 },
    ]);
    expect(route?.bgp).toMatchObject({
      origin: 'Incomplete',
      asPath: [64500, 64501, 64502],
      nextHop: ['2001:db8::a', 'fe80::a'],
      med: 50,
      atomicAggregate: true,
      otc: 64500,
    });
    expect(route?.attributes['igp_metric']).toBe('10');
    expect(parser.finish()).toBeUndefined();
  });

  it('rejects a route line it does not understand instead of guessing', () => {
    expect(() => parseRoutes([{ code: 1007, text: '10.0.0.0/8 something odd', isFinal: false }])).toThrow(
      /unexpected route line/,
    );
  });
});

describe('parseAsPath', () => {
  it('keeps AS_SET and confederation segments apart (RFC 4271, RFC 5065)', () => {
    expect(parseAsPath('65001 (65010 65011) 65002 {65003 65004} [65012]')).toEqual([
      { type: 'sequence', asns: [65001] },
      { type: 'confed_sequence', asns: [65010, 65011] },
      { type: 'sequence', asns: [65002] },
      { type: 'set', asns: [65003, 65004] },
      { type: 'confed_set', asns: [65012] },
    ]);
    expect(parseAsPath('')).toEqual([]);
    expect(parseAsPath('4200000000 4294967295')).toEqual([
      { type: 'sequence', asns: [4200000000, 4294967295] },
    ]);
  });
});

describe('parseExtendedCommunities', () => {
  it('keeps the kind and an IPv4 administrator', () => {
    expect(parseExtendedCommunities('(ro, 192.0.2.1, 7) (generic, 0x43000000, 0x1)')).toEqual([
      { kind: 'ro', admin: '192.0.2.1', value: '7' },
      { kind: 'generic', admin: '0x43000000', value: '0x1' },
    ]);
  });
});
