import { IpPrefix } from '@ixora/net';
import type { Vrp } from '@ixora/rpki';
import { buildRoutingHygiene, type HygieneInput } from './routing-hygiene.builder.js';

const ASN = 64501;
const vrp = (prefix: string, maxLength: number, asn = ASN): Vrp => ({
  prefix: IpPrefix.parse(prefix),
  maxLength,
  asn,
  trustAnchor: 'ripe',
});

const BASE: HygieneInput = {
  asn: ASN,
  asSets: ['AS-FOO'],
  irr: [
    {
      family: 4,
      prefixes: ['203.0.112.0/23', '198.51.100.0/24'],
      asns: [ASN],
      sources: ['RIPE'],
      status: 'ok',
    },
    {
      family: 6,
      prefixes: ['2001:db8:100::/48', '2001:db8:200::/48'],
      asns: [ASN],
      sources: ['RIPE'],
      status: 'ok',
    },
  ],
  announced: [
    { prefix: '203.0.112.0/23', originAsn: ASN, routeServerId: 'rs1', isAccepted: true },
    { prefix: '203.0.112.0/23', originAsn: ASN, routeServerId: 'rs2', isAccepted: true },
    {
      prefix: '203.0.113.0/24',
      originAsn: ASN,
      routeServerId: 'rs1',
      isAccepted: false,
      reasonWords: 'RPKI origin validation: invalid',
    },
    {
      prefix: '192.0.2.0/24',
      originAsn: ASN,
      routeServerId: 'rs1',
      isAccepted: false,
      reasonWords: 'prefix not in the member’s IRR data',
    },
    { prefix: '2001:db8:100::/48', originAsn: ASN, routeServerId: 'rs1', isAccepted: true },
    {
      prefix: '2001:db8:300::/48',
      originAsn: ASN,
      routeServerId: 'rs1',
      isAccepted: false,
      reasonWords: 'prefix not in the member’s IRR data',
    },
  ],
  vrps: [vrp('203.0.112.0/23', 23), vrp('2001:db8:100::/48', 48), vrp('2001:db8:200::/40', 40, 64999)],
  hasSessions: true,
  isIncomplete: false,
};

describe('buildRoutingHygiene', () => {
  const report = buildRoutingHygiene(BASE);
  const row = (prefix: string) => report.prefixes.find((candidate) => candidate.prefix === prefix)!;

  it('lists every announced and every IRR prefix once, IPv4 before IPv6, in order', () => {
    expect(report.prefixes.map((p) => p.prefix)).toEqual([
      '192.0.2.0/24',
      '198.51.100.0/24',
      '203.0.112.0/23',
      '203.0.113.0/24',
      '2001:db8:100::/48',
      '2001:db8:200::/48',
      '2001:db8:300::/48',
    ]);
  });

  it('IRR: exact, covered by a shorter route object, or none (IPv4 and IPv6)', () => {
    expect(row('203.0.112.0/23').irr).toBe('exact');
    expect(row('203.0.113.0/24')).toMatchObject({ irr: 'covered', irrCoveredBy: '203.0.112.0/23' });
    expect(row('192.0.2.0/24').irr).toBe('none');
    expect(row('2001:db8:100::/48').irr).toBe('exact');
    expect(row('2001:db8:300::/48').irr).toBe('none');
  });

  it('RPKI (RFC 6811): valid, invalid past the max length or for another origin, unknown without a ROA', () => {
    expect(row('203.0.112.0/23')).toMatchObject({ rpki: 'valid', roas: ['203.0.112.0/23-23 AS64501'] });
    expect(row('203.0.113.0/24').rpki).toBe('invalid');
    expect(row('192.0.2.0/24').rpki).toBe('unknown');
    expect(row('198.51.100.0/24').rpki).toBe('unknown');
    expect(row('2001:db8:100::/48').rpki).toBe('valid');
    expect(row('2001:db8:200::/48')).toMatchObject({
      rpki: 'invalid',
      roas: ['2001:db8:200::/40-40 AS64999'],
    });
    expect(report.counts).toEqual({
      prefixes: 7,
      announced: 5,
      irrCovered: 5,
      rpkiValid: 2,
      rpkiInvalid: 2,
      rpkiUnknown: 3,
    });
  });

  it('where each prefix is announced, accepted or filtered with the reason', () => {
    expect(row('203.0.112.0/23')).toMatchObject({
      isAnnounced: true,
      acceptedBy: ['rs1', 'rs2'],
      filteredBy: [],
    });
    expect(row('203.0.113.0/24').filteredBy).toEqual([
      { routeServerId: 'rs1', reasonWords: 'RPKI origin validation: invalid' },
    ]);
    expect(row('198.51.100.0/24')).toMatchObject({ isAnnounced: false, acceptedBy: [], origins: [] });
  });

  it('derives the to-do list', () => {
    expect(report.todos.map((todo) => [todo.key, todo.prefixes])).toEqual([
      ['create_route_objects', ['192.0.2.0/24', '2001:db8:300::/48']],
      ['fix_rpki_invalid', ['203.0.113.0/24', '2001:db8:200::/48']],
      ['create_roas', ['192.0.2.0/24', '198.51.100.0/24', '2001:db8:300::/48']],
      ['filtered_routes', ['192.0.2.0/24', '203.0.113.0/24', '2001:db8:300::/48']],
      ['stale_route_objects', ['198.51.100.0/24', '2001:db8:200::/48']],
    ]);
    const text = (key: string) => report.todos.find((todo) => todo.key === key)!.text;
    expect(text('create_roas')).toBe(
      'Create ROAs with your RIR for these 3 prefixes, which no ROA covers: 192.0.2.0/24, 198.51.100.0/24, 2001:db8:300::/48.',
    );
    expect(text('create_route_objects')).toBe(
      'Create route objects in RIPE for these 2 prefixes you announce: 192.0.2.0/24, 2001:db8:300::/48.',
    );
    expect(text('stale_route_objects')).toMatch(
      /^These 2 IRR route objects are announced to no route server: 198.51.100.0\/24, 2001:db8:200::\/48; delete stale objects/,
    );
  });

  it('asks for no route object or ROA for a prefix no route server would ever take', () => {
    const todos = buildRoutingHygiene({
      ...BASE,
      announced: [
        ...BASE.announced,
        {
          prefix: '10.0.0.0/24',
          originAsn: ASN,
          routeServerId: 'rs1',
          isAccepted: false,
          reasonKey: 'bogon_prefix',
        },
        {
          prefix: '2001:db8:400::/49',
          originAsn: ASN,
          routeServerId: 'rs1',
          isAccepted: false,
          reasonKey: 'prefix_too_long',
        },
      ],
    }).todos;
    const prefixesOf = (key: string) => todos.find((todo) => todo.key === key)!.prefixes;
    expect(prefixesOf('create_route_objects')).toEqual(['192.0.2.0/24', '2001:db8:300::/48']);
    expect(prefixesOf('create_roas')).not.toContain('10.0.0.0/24');
    expect(prefixesOf('filtered_routes')).toEqual(
      expect.arrayContaining(['10.0.0.0/24', '2001:db8:400::/49']),
    );
  });

  it('asks for an AS-SET in PeeringDB when the member has none', () => {
    const todos = buildRoutingHygiene({ ...BASE, asSets: [] }).todos;
    expect(todos[0]).toMatchObject({ key: 'set_as_set' });
    expect(todos[0]!.text).toMatch(/^Set an AS-SET in PeeringDB/);
  });

  it('says when the IRR data failed or holds nothing of a family the member announces', () => {
    const todos = buildRoutingHygiene({
      ...BASE,
      irr: [
        { family: 4, prefixes: [], asns: [], sources: [], status: 'failed' },
        { family: 6, prefixes: [], asns: [], sources: [], status: 'empty' },
      ],
    }).todos.filter((todo) => todo.key === 'irr_data');
    expect(todos.map((todo) => todo.text)).toEqual([
      expect.stringMatching(/^Your IPv4 IRR data could not be read at the last refresh \(failed\)/),
      expect.stringMatching(/^Your IRR data holds no IPv6 route objects/),
    ]);
  });

  it('claims "announced nowhere" only when every route server was read', () => {
    const keys = (input: HygieneInput) => buildRoutingHygiene(input).todos.map((todo) => todo.key);
    expect(keys({ ...BASE, isIncomplete: true })).not.toContain('stale_route_objects');
    expect(keys({ ...BASE, hasSessions: false, announced: [] })).not.toContain('stale_route_objects');
  });

  it('names five prefixes in a to-do and counts the rest', () => {
    const prefixes = Array.from({ length: 8 }, (_, i) => `198.51.100.${i * 16}/28`);
    const todo = buildRoutingHygiene({
      ...BASE,
      irr: [],
      vrps: [],
      announced: prefixes.map((prefix) => ({
        prefix,
        originAsn: ASN,
        routeServerId: 'rs1',
        isAccepted: true,
      })),
    }).todos.find((candidate) => candidate.key === 'create_roas')!;
    expect(todo.text).toContain('198.51.100.64/28 and 3 more.');
    expect(todo.prefixes).toHaveLength(8);
  });
});
