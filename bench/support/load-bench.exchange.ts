import { IrrTestDatabase } from '@ixora/testing';
import type { LabRouterSpec } from '../../test/lab/lab.js';
import { renderMemberRouterConfig, type Announcement } from '../../test/lab/member-router.config.js';

// The exchange of the load benchmark, on the lab's peering LAN (test/lab): a route server and
// `members` member routers, each with an IPv4 and an IPv6 session. Every member announces
// `routesPerMember` IPv4 /24s and one IPv6 /32 that its IRR data covers, plus two routes the
// route server filters (a /25, too long, and a /24 without a route object), so the looking glass
// has accepted and filtered routes to show. ASNs and prefixes are public space that exists only
// inside the lab's namespaces (documentation ASNs and prefixes are bogons the policy filters).

export const LOAD_RS = { name: 'rs1', asn: 59900, ipv4: '192.0.2.1', ipv6: '2001:db8::1' } as const;

export interface LoadMember {
  readonly index: number;
  readonly name: string;
  readonly asn: number;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly asSet: string;
  readonly routes: readonly string[];
  readonly routeV6: string;
  readonly filtered: readonly string[];
}

export function loadMembers(count: number, routesPerMember: number): LoadMember[] {
  if (count < 1 || count > 200) throw new Error(`members must be 1..200, not ${count}`);
  if (routesPerMember < 1 || routesPerMember > 240)
    throw new Error(`routes per member must be 1..240, not ${routesPerMember}`);
  return Array.from({ length: count }, (_, i) => {
    const index = i + 1;
    const second = 10 + index;
    return {
      index,
      name: `m${index}`,
      asn: 59900 + index,
      ipv4: `192.0.2.${second}`,
      ipv6: `2001:db8::${second.toString(16)}`,
      asSet: `AS-LOAD-M${index}`,
      routes: Array.from({ length: routesPerMember }, (_, k) => `185.${index}.${k}.0/24`),
      routeV6: `2a0b:${(0x4000 + index).toString(16)}::/32`,
      filtered: [`185.${index}.250.128/25`, `185.${index}.251.0/24`],
    };
  });
}

/** The IRR the route server's prefix sets come from: each member's AS-SET and route objects. */
export function loadIrrDatabase(members: readonly LoadMember[]): IrrTestDatabase {
  const database = new IrrTestDatabase();
  for (const m of members) {
    database.addAsSet(m.asSet, [`AS${m.asn}`], 'TEST');
    for (const prefix of m.routes) database.addRoute(prefix, m.asn, 'TEST');
    database.addRoute(m.routeV6, m.asn, 'TEST');
    // The /25 is inside a route object (too long is what filters it); the other /24 has none.
    database.addRoute(`185.${m.index}.250.0/24`, m.asn, 'TEST');
  }
  return database;
}

/** An IX-F export of the exchange: every member on both families, at the route server. */
export function loadIxfExport(members: readonly LoadMember[]): Record<string, unknown> {
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    ixp_list: [
      {
        ixp_id: 1,
        ixf_id: 9991,
        shortname: 'LOAD-IX',
        name: 'Load Test Internet Exchange',
        country: 'DE',
        switch: [{ id: 1, name: 'sw1' }],
        vlan: [
          {
            id: 10,
            name: 'Peering LAN',
            ipv4: { prefix: '192.0.2.0', mask_length: 24 },
            ipv6: { prefix: '2001:db8::', mask_length: 64 },
          },
        ],
      },
    ],
    member_list: members.map((m) => ({
      asnum: m.asn,
      member_type: 'peering',
      name: `Load member ${m.index}`,
      url: `https://m${m.index}.example.net/`,
      connection_list: [
        {
          ixp_id: 1,
          state: 'active',
          if_list: [{ switch_id: 1, if_speed: 10000 }],
          vlan_list: [
            {
              vlan_id: 10,
              ipv4: { address: m.ipv4, as_macro: m.asSet, routeserver: true, max_prefix: 1000 },
              ipv6: { address: m.ipv6, as_macro: m.asSet, routeserver: true, max_prefix: 100 },
            },
          ],
        },
      ],
    })),
  };
}

/** The lab's routers: the route server running `routeServerConfig` (ixora's build) and the members. */
export function loadRouterSpecs(members: readonly LoadMember[], routeServerConfig: string): LabRouterSpec[] {
  return [
    { name: 'rs', ipv4: LOAD_RS.ipv4, ipv6: LOAD_RS.ipv6, config: routeServerConfig },
    ...members.map((m) => {
      const announcements: Announcement[] = [
        ...m.routes.map((prefix) => ({ prefix })),
        { prefix: m.routeV6 },
        ...m.filtered.map((prefix) => ({ prefix })),
      ];
      return {
        name: m.name,
        ipv4: m.ipv4,
        ipv6: m.ipv6,
        config: renderMemberRouterConfig({
          asn: m.asn,
          ipv4: m.ipv4,
          ipv6: m.ipv6,
          routeServer: LOAD_RS,
          announcements,
        }),
      };
    }),
  ];
}
