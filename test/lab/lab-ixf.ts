/** A member of a small lab exchange on the IPv4 peering LAN 192.0.2.0/24, with AS-SET `AS-LAB<NAME>`. */
export interface LabIxfMember {
  readonly name: string;
  readonly asn: number;
  readonly ipv4: string;
}

/**
 * The IX-F Member Export (1.0) of a lab exchange: one switch, one IPv4 peering LAN, every member at
 * the route server with max-prefix 100 — what the deploy and route-impact labs import.
 */
export function labIxfExport(members: readonly LabIxfMember[]): Record<string, unknown> {
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    ixp_list: [
      {
        ixp_id: 1,
        ixf_id: 9990,
        shortname: 'LAB-IX',
        name: 'Lab Internet Exchange',
        country: 'DE',
        switch: [{ id: 1, name: 'sw1' }],
        vlan: [{ id: 10, name: 'Peering LAN', ipv4: { prefix: '192.0.2.0', mask_length: 24 } }],
      },
    ],
    member_list: members.map((m) => ({
      asnum: m.asn,
      member_type: 'peering',
      name: `Lab member ${m.name}`,
      connection_list: [
        {
          ixp_id: 1,
          state: 'active',
          if_list: [{ switch_id: 1, if_speed: 10000 }],
          vlan_list: [
            {
              vlan_id: 10,
              ipv4: {
                address: m.ipv4,
                as_macro: `AS-LAB${m.name.toUpperCase()}`,
                routeserver: true,
                max_prefix: 100,
              },
            },
          ],
        },
      ],
    })),
  };
}
