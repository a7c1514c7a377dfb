/**
 * Builds IX-F Member Export 1.0 documents shaped like IXP Manager's output (extra keys, LAGs,
 * v4-only and v6-only interfaces, per-family route-server flags, as_macro, max_prefix), with
 * documentation numbers only: ASNs 64496-64511 and 65536-65551 (RFC 5398), 192.0.2.0/24 and
 * 2001:db8::/64 (RFC 5737, RFC 3849).
 */
export interface IxfFactoryOptions {
  readonly members?: number;
  /**
   * The `as_macro` of the i-th member (both families); by default AS-SETs only. IXP Manager writes
   * the ASN itself (`AS64500`) for every member without an AS-SET: {@link ixpManagerAsMacro}.
   */
  readonly asMacro?: (asn: number, i: number) => string;
}

const defaultAsMacro = (asn: number, i: number): string =>
  i % 3 === 0 ? `AS-EXAMPLE${i}` : `RIPE::AS${asn}:AS-CUSTOMERS`;

/** As IXP Manager exports: every third member has no AS-SET and gets `AS<asn>` as its as_macro. */
export const ixpManagerAsMacro = (asn: number, i: number): string =>
  i % 3 === 1 ? `AS${asn}` : defaultAsMacro(asn, i);

export const DOCUMENTATION_ASNS: readonly number[] = [
  ...Array.from({ length: 16 }, (_, i) => 64496 + i),
  ...Array.from({ length: 16 }, (_, i) => 65536 + i),
];

export function buildIxfExport(options: IxfFactoryOptions = {}): Record<string, unknown> {
  const count = Math.min(options.members ?? 30, DOCUMENTATION_ASNS.length);
  const asMacro = options.asMacro ?? defaultAsMacro;
  const members = DOCUMENTATION_ASNS.slice(0, count).map((asn, i) => {
    const host = i + 10;
    const isV6Only = i % 11 === 5;
    const isV4Only = i % 13 === 7;
    const isLag = i % 4 === 0;
    const hasSecondConnection = i % 9 === 2;
    const vlanEntry = (n: number) => ({
      vlan_id: 10,
      ...(isV6Only
        ? {}
        : {
            ipv4: {
              address: `192.0.2.${host + n * 100}`,
              as_macro: asMacro(asn, i),
              max_prefix: 100 + i * 10,
              routeserver: i % 7 !== 3,
              mac_addresses: [`02:00:5e:00:${(host + n * 100).toString(16).padStart(2, '0')}:01`],
              services: [],
            },
          }),
      ...(isV4Only
        ? {}
        : {
            ipv6: {
              address: `2001:db8::${(host + n * 100).toString(16)}:1`,
              as_macro: asMacro(asn, i),
              max_prefix: 50 + i,
              routeserver: i % 7 !== 3,
              mac_addresses: [`02:00:5e:00:${(host + n * 100).toString(16).padStart(2, '0')}:01`],
            },
          }),
    });
    const connection = (n: number) => ({
      ixp_id: 1,
      state: 'active',
      if_list: isLag
        ? [
            { switch_id: 1, if_speed: 10000, if_type: 'LR4' },
            { switch_id: 1, if_speed: 10000, if_type: 'LR4' },
          ]
        : [{ switch_id: 1 + (i % 2), if_speed: i % 5 === 0 ? 100000 : 10000 }],
      vlan_list: [vlanEntry(n)],
    });
    return {
      asnum: asn,
      member_type: i === 0 ? 'ixp' : 'peering',
      name: `Example Network ${i} "Ltd" — Ωmega`,
      url: `https://network${i}.example.net/`,
      peering_policy: ['open', 'selective', 'case-by-case', 'mandatory'][i % 4],
      member_since: `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-15T00:00:00Z`,
      contact_email: [`noc@network${i}.example.net`],
      contact_phone: ['+1 555 0100'],
      connection_list: hasSecondConnection ? [connection(0), connection(1)] : [connection(0)],
    };
  });
  return {
    version: '1.0',
    timestamp: '2026-11-01T12:00:00Z',
    ixp_list: [
      {
        ixp_id: 1,
        ixf_id: 999,
        shortname: 'EX-IX',
        name: 'Example Internet Exchange',
        url: 'https://ix.example.net/',
        country: 'RW',
        peeringdb_id: 9999,
        support_email: 'noc@ix.example.net',
        support_phone: '+250 555 0100',
        peering_policy_list: ['open', 'selective', 'case-by-case', 'mandatory'],
        switch: [
          {
            id: 1,
            name: 'sw1.kgl1',
            colo: 'Example DC 1',
            city: 'Kigali',
            country: 'RW',
            manufacturer: 'Arista',
            model: '7280R3',
            software: 'EOS',
          },
          {
            id: 2,
            name: 'sw2.kgl2',
            colo: 'Example DC 2',
            city: 'Kigali',
            country: 'RW',
            manufacturer: 'Juniper',
            model: 'QFX5120',
          },
        ],
        vlan: [
          {
            id: 10,
            name: 'Peering LAN',
            ipv4: {
              prefix: '192.0.2.0',
              mask_length: 24,
              looking_glass_urls: ['https://lg.ix.example.net/'],
            },
            ipv6: { prefix: '2001:db8::', mask_length: 64 },
          },
          { id: 99, name: 'Quarantine' },
        ],
      },
    ],
    member_list: members,
  };
}

/**
 * The reason a test or lab exchange gives for its documentation ASNs (RFC 5398): ixora refuses
 * bogon ASNs for members unless staff allow them explicitly, and a lab is what that is for.
 */
export const LAB_BOGON_ASN_REASON = 'test exchange: documentation ASNs (RFC 5398)';
