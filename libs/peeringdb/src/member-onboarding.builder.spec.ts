import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMemberFromPeeringDb, type PeeringLanRef } from './member-onboarding.builder.js';
import { parsePeeringDbEnvelope } from './peeringdb.schemas.js';

const dir = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'testing',
  'fixtures',
  'peeringdb',
);
const read = (type: 'net' | 'netixlan') =>
  parsePeeringDbEnvelope(type, JSON.parse(readFileSync(path.join(dir, `${type}.json`), 'utf8')));
const nets = read('net') as ReturnType<typeof parsePeeringDbEnvelope<'net'>>;
const netixlans = read('netixlan') as ReturnType<typeof parsePeeringDbEnvelope<'netixlan'>>;
const net = (asn: number) => nets.find((n) => n.asn === asn)!;

const LANS: PeeringLanRef[] = [
  { id: 1, name: 'Example-IX LAN', prefixV4: '192.0.2.0/24', prefixV6: '2001:db8::/64' },
  { id: 2, name: 'Example-IX LAN 2', prefixV4: '203.0.113.0/24', prefixV6: null },
];

describe('buildMemberFromPeeringDb', () => {
  it("fills every member field and the interfaces on this Ixp's LANs", () => {
    const plan = buildMemberFromPeeringDb(net(64501), netixlans, LANS, { maxPrefixHeadroomPercent: 10 });
    expect(plan).toEqual({
      asn: 64501,
      netId: 601,
      fields: {
        name: 'Ocean Fiber',
        url: 'https://oceanfiber.example',
        asSets: ['RIPE::AS-OCEANFIBER'],
        maxPrefixV4: 132,
        maxPrefixV6: 44,
        peeringPolicy: 'open',
        isNeverViaRouteServers: false,
      },
      interfaces: [
        {
          peeringLanId: 1,
          ipv4Address: '192.0.2.11',
          ipv6Address: '2001:db8::11',
          isRouteServerClient: true,
          netixlanId: 801,
        },
        {
          peeringLanId: 1,
          ipv4Address: '192.0.2.12',
          ipv6Address: '2001:db8::12',
          isRouteServerClient: true,
          netixlanId: 802,
        },
      ],
      warnings: [],
    });
  });

  it('splits several AS-SETs, keeps SOURCE:: pins and drops invalid names with a warning', () => {
    expect(buildMemberFromPeeringDb(net(64502), [], LANS).fields.asSets).toEqual([
      'AS-NORTHWIND',
      'AS-NORTHWIND-V6',
    ]);
    expect(buildMemberFromPeeringDb(net(65550), [], LANS).fields.asSets).toEqual([
      'RADB::AS65550:AS-CUSTOMERS',
    ]);
    const odd = { ...net(64502), irr_as_set: 'ripe::as-one, AS-TWO;DROP "AS-THREE" AS-ONE' };
    const plan = buildMemberFromPeeringDb(odd, [], LANS);
    expect(plan.fields.asSets).toEqual(['RIPE::AS-ONE', 'AS-ONE']);
    expect(plan.warnings).toEqual([
      'irr_as_set: "AS-TWO;DROP" is not a valid AS-SET name, left out',
      'irr_as_set: "\\"AS-THREE\\"" is not a valid AS-SET name, left out',
    ]);
  });

  it('takes the never-via-route-servers flag, the policy and no max-prefix when PeeringDB has none', () => {
    const transit = buildMemberFromPeeringDb(net(64503), netixlans, LANS);
    expect(transit.fields).toMatchObject({
      isNeverViaRouteServers: true,
      peeringPolicy: 'selective',
      maxPrefixV4: 50000,
    });
    expect(transit.interfaces).toEqual([
      expect.objectContaining({ isRouteServerClient: false, netixlanId: 805 }),
    ]);
    const rs = buildMemberFromPeeringDb(net(64500), netixlans, LANS);
    expect(rs.fields).toMatchObject({ maxPrefixV4: null, maxPrefixV6: null, asSets: [] });
  });

  it("keeps an IPv4-only interface and reports addresses off this Ixp's LANs", () => {
    expect(buildMemberFromPeeringDb(net(64502), netixlans, LANS).interfaces).toEqual([
      {
        peeringLanId: 1,
        ipv4Address: '192.0.2.21',
        ipv6Address: null,
        isRouteServerClient: true,
        netixlanId: 803,
      },
    ]);
    const elsewhere = buildMemberFromPeeringDb(net(64504), netixlans, LANS);
    expect(elsewhere.interfaces).toEqual([]);
    expect(elsewhere.warnings).toEqual([
      "netixlan 807 (198.51.100.61) is on none of this Ixp's peering LANs",
    ]);
    const mixed = buildMemberFromPeeringDb(
      net(64502),
      [{ ...netixlans.find((n) => n.id === 803)!, ipaddr4: '203.0.113.9', ipaddr6: '2001:db8::21' }],
      LANS,
    );
    expect(mixed.interfaces).toEqual([
      expect.objectContaining({ peeringLanId: 2, ipv4Address: '203.0.113.9', ipv6Address: null }),
    ]);
    expect(mixed.warnings).toEqual(['netixlan 803: 2001:db8::21 is not inside Example-IX LAN 2']);
  });

  it('ignores deleted netixlans and those of other nets, and cleans text', () => {
    const deleted = { ...netixlans.find((n) => n.id === 801)!, status: 'deleted' };
    expect(buildMemberFromPeeringDb(net(64501), [deleted], LANS).interfaces).toEqual([]);
    expect(
      buildMemberFromPeeringDb(
        net(64502),
        netixlans.filter((n) => n.net_id === 601),
        LANS,
      ).interfaces,
    ).toEqual([]);
    const messy = buildMemberFromPeeringDb(
      { ...net(64502), name: ' North\nwind ', website: '', policy_general: '' },
      [],
      LANS,
    );
    expect(messy.fields).toMatchObject({ name: 'North wind', url: null, peeringPolicy: null });
  });
});
