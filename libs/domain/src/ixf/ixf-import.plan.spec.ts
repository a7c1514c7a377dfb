import { IxoraError } from '@ixora/errors';
import { parseIxfDocument, planIxfImport, type IxfImportPlan } from './ixf-import.plan.js';

/** A small IX-F 1.0 export: one exchange, two switches, a peering VLAN and an empty one, two members. */
function exportDoc(): Record<string, any> {
  return {
    version: '1.0',
    timestamp: '2026-04-16T00:00:00Z',
    ixp_list: [
      {
        ixp_id: 1,
        ixf_id: 900,
        shortname: 'DOC-IX',
        name: 'Documentation Exchange',
        country: 'DE',
        switch: [
          { id: 1, name: 'sw1.fra', colo: 'Example Colo', pdb_facility_id: 58 },
          { id: 2, name: 'sw2.fra' },
        ],
        vlan: [
          {
            id: 10,
            name: 'Peering LAN',
            ipv4: { prefix: '192.0.2.0', mask_length: 24 },
            ipv6: { prefix: '2001:db8::', mask_length: 64 },
          },
          { id: 99, name: 'Quarantine' },
        ],
      },
    ],
    member_list: [
      {
        asnum: 4200000001,
        name: '  Example Networks ',
        member_since: '2019-03-01T00:00:00Z',
        connection_list: [
          {
            ixp_id: 1,
            state: 'active',
            if_list: [
              { if_speed: 10000, if_type: 'LR4' },
              { switch_id: 2, if_speed: 10000 },
              { switch_id: 1, if_speed: 10000 },
            ],
            vlan_list: [
              {
                vlan_id: 10,
                ipv4: {
                  address: '192.0.2.10',
                  as_macro: 'AS-EXAMPLE',
                  max_prefix: 100,
                  routeserver: false,
                  mac_addresses: ['02-00-5E-00-0A-01'],
                },
                ipv6: {
                  address: '2001:db8::a:1',
                  as_macro: 'RIPE::AS-EXAMPLE-V6',
                  max_prefix: 20,
                  mac_addresses: ['02:00:5e:00:0a:01'],
                },
              },
            ],
          },
        ],
      },
      {
        asnum: 64500,
        connection_list: [{ ixp_id: 1, vlan_list: [{ ipv6: { address: '2001:db8::b:1' } }] }],
      },
    ],
  };
}

function plan(doc: unknown): IxfImportPlan {
  return planIxfImport(parseIxfDocument(JSON.stringify(doc)));
}

function problemOf(doc: unknown): IxoraError {
  try {
    plan(doc);
  } catch (error) {
    if (error instanceof IxoraError) return error;
    throw error;
  }
  throw new Error('the plan accepted the document');
}

describe('planIxfImport', () => {
  it('plans the exchange, its switches and only the VLANs that carry a prefix', () => {
    const [ixp] = plan(exportDoc()).ixps;
    expect(ixp?.fields).toEqual({
      shortname: 'DOC-IX',
      name: 'Documentation Exchange',
      ixfId: 900,
      peeringdbIxId: null,
      country: 'DE',
      url: null,
      supportEmail: null,
    });
    expect(ixp?.switches.map((sw) => [sw.ixfId, sw.fields.name, sw.fields.peeringdbFacilityId])).toEqual([
      [1, 'sw1.fra', 58],
      [2, 'sw2.fra', null],
    ]);
    expect(ixp?.peeringLans).toEqual([
      {
        ixfVlanId: 10,
        fields: { name: 'Peering LAN', vlanId: 10, prefixV4: '192.0.2.0/24', prefixV6: '2001:db8::/64' },
      },
    ]);
  });

  it('plans members with their AS-SETs, largest max-prefix, ports and interfaces', () => {
    const [member, second] = plan(exportDoc()).members;
    expect(member?.asn).toBe(4200000001);
    expect(member?.fields).toEqual({
      name: 'Example Networks',
      memberType: 'peering',
      url: null,
      peeringPolicy: null,
      memberSince: '2019-03-01',
      asSets: ['AS-EXAMPLE', 'RIPE::AS-EXAMPLE-V6'],
      maxPrefixV4: 100,
      maxPrefixV6: 20,
    });
    const [connection] = member!.connections;
    // The switch of the first interface that names one; the port's speed is the LAG's sum.
    expect(connection?.switchIxfId).toBe(2);
    expect(connection?.fields.speedMbps).toBe(30000);
    expect(connection?.fields.state).toBe('active');
    expect(connection?.memberInterfaces[0]?.fields).toEqual({
      ipv4Address: '192.0.2.10',
      ipv6Address: '2001:db8::a:1',
      macAddresses: ['02:00:5e:00:0a:01'],
      isRouteServerClient: false,
      maxPrefixV4: 100,
      maxPrefixV6: 20,
      asMacroV4: 'AS-EXAMPLE',
      asMacroV6: 'RIPE::AS-EXAMPLE-V6',
    });
    // Without as_macro or max_prefix the plan leaves what staff set alone.
    expect(second?.fields).toEqual({
      name: 'AS64500',
      memberType: 'peering',
      url: null,
      peeringPolicy: null,
      memberSince: null,
    });
    // The only VLAN with a prefix is implied; route-server client unless the file says not.
    expect(second?.connections[0]?.memberInterfaces[0]).toMatchObject({
      ixfVlanId: 10,
      path: ['member_list', 1, 'connection_list', 0, 'vlan_list', 0],
      fields: { ipv4Address: null, ipv6Address: '2001:db8::b:1', isRouteServerClient: true },
    });
  });

  it('names the first problem by its JSON path, with the value and the reason as data', () => {
    const doc = exportDoc();
    doc.member_list[0].connection_list[0].vlan_list[0].ipv4.mac_addresses = ['02:00:5e:00:0a:01', 'zz'];
    const error = problemOf(doc);
    expect(error.message).toBe(
      '$.member_list[0].connection_list[0].vlan_list[0].ipv4.mac_addresses: ["02:00:5e:00:0a:01","zz"] is not a MAC address',
    );
    expect(error.details).toMatchObject({
      field: '$.member_list[0].connection_list[0].vlan_list[0].ipv4.mac_addresses',
      reason: 'is not a MAC address',
    });
  });

  it.each([
    [
      'an address outside its VLAN',
      (d: any) => (d.member_list[0].connection_list[0].vlan_list[0].ipv4.address = '198.51.100.7'),
      '$.member_list[0].connection_list[0].vlan_list[0].ipv4.address: "198.51.100.7" is not inside VLAN Peering LAN (192.0.2.0/24)',
    ],
    [
      'an IPv6 address given as ipv4',
      (d: any) => (d.member_list[0].connection_list[0].vlan_list[0].ipv4.address = '2001:db8::a:2'),
      '$.member_list[0].connection_list[0].vlan_list[0].ipv4.address: "2001:db8::a:2" is not an IPv4 address',
    ],
    [
      'an ASN twice',
      (d: any) => (d.member_list[1].asnum = 4200000001),
      '$.member_list[1].asnum: 4200000001 appears twice in member_list',
    ],
    ['a reserved ASN', (d: any) => (d.member_list[1].asnum = 0), /^\$\.member_list\[1\]\.asnum: 0 /],
    [
      'an unknown switch',
      (d: any) => (d.member_list[0].connection_list[0].if_list[1].switch_id = 7),
      '$.member_list[0].connection_list[0].if_list[1].switch_id: 7 is not a switch of this ixp',
    ],
    [
      'a VLAN without a prefix',
      (d: any) => (d.member_list[0].connection_list[0].vlan_list[0].vlan_id = 99),
      '$.member_list[0].connection_list[0].vlan_list[0].vlan_id: 99 is not a VLAN (with a prefix) of this ixp',
    ],
    [
      'an unknown ixp_id',
      (d: any) => (d.member_list[1].connection_list[0].ixp_id = 2),
      '$.member_list[1].connection_list[0].ixp_id: 2 is not an ixp_id of ixp_list',
    ],
    [
      'a bad AS-SET name',
      (d: any) => (d.member_list[0].connection_list[0].vlan_list[0].ipv6.as_macro = 'AS EXAMPLE;'),
      /^\$\.member_list\[0\]\.connection_list\[0\]\.vlan_list\[0\]\.ipv6\.as_macro: "AS EXAMPLE;" /,
    ],
    [
      'a VLAN prefix with host bits set',
      (d: any) => (d.ixp_list[0].vlan[0].ipv4.prefix = '192.0.2.1'),
      /^\$\.ixp_list\[0\]\.vlan\[0\]\.ipv4\.prefix: "192\.0\.2\.1" has host bits set/,
    ],
    [
      'a port state IX-F does not know',
      (d: any) => (d.member_list[1].connection_list[0].state = 'sleeping'),
      /^\$\.member_list\[1\]\.connection_list\[0\]\.state: "sleeping" must be one of /,
    ],
    [
      'a date that is not one',
      (d: any) => (d.member_list[0].member_since = '2019-13-45'),
      '$.member_list[0].member_since: "2019-13-45" is not a date-time',
    ],
  ])('rejects %s', (_what, change, expected) => {
    const doc = exportDoc();
    change(doc);
    const message = problemOf(doc).message;
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
  });

  it('reports the first problem in document order', () => {
    const doc = exportDoc();
    doc.member_list[1].asnum = 0;
    doc.member_list[0].member_since = 'yesterday';
    expect(problemOf(doc).message).toBe('$.member_list[0].member_since: "yesterday" is not a date-time');
  });

  it('reads only JSON, and names where it stopped', () => {
    expect(() => parseIxfDocument('{"version": "1.0"')).toThrow(/^\$: not JSON \(at character \d+\)/);
  });
});
