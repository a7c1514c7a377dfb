/**
 * A synthetic PeeringDB dump in the real objects' shapes (every field a depth-0 answer has), for
 * benchmarks and volume tests: `nets` networks with their orgs, `netixlans` spread over
 * `ixs` exchanges, facilities and contacts. Deterministic for a given seed. Addresses are from
 * 10.0.0.0/8 and 2001:db8::/32, names and domains fictional.
 */
export interface PeeringDbDumpOptions {
  readonly nets: number;
  readonly netixlans: number;
  readonly ixs?: number;
  readonly facs?: number;
  readonly seed?: number;
}

export type PeeringDbDump = Record<
  'org' | 'fac' | 'ix' | 'ixlan' | 'ixpfx' | 'net' | 'poc' | 'netixlan',
  Record<string, unknown>[]
>;

const CREATED = '2016-03-14T20:33:57Z';
const POLICIES = ['Open', 'Selective', 'Restrictive', 'No'];
const TYPES = ['NSP', 'Content', 'Cable/DSL/ISP', 'Enterprise', 'Educational/Research', 'Non-Profit'];

export function generatePeeringDbDump(options: PeeringDbDumpOptions): PeeringDbDump {
  let state = options.seed ?? 0x2545f491;
  const random = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const int = (below: number): number => Math.floor(random() * below);
  const stamp = (): string =>
    new Date(Date.UTC(2018, 0, 1) + int(8 * 365) * 86_400_000 + int(86_400) * 1000)
      .toISOString()
      .replace('.000', '');
  const ixCount = options.ixs ?? Math.max(1, Math.round(options.netixlans / 55));
  const facCount = options.facs ?? Math.max(1, Math.round(options.nets / 7));
  const orgCount = options.nets + ixCount;

  const org = Array.from({ length: orgCount }, (_, i) => {
    const website = `https://org${i + 1}.example`;
    return {
      id: i + 1,
      name: `Organisation ${i + 1}`,
      aka: '',
      name_long: '',
      website,
      social_media: [{ service: 'website', identifier: website }],
      notes: '',
      logo: null,
      address1: `${1 + int(200)} Example Street`,
      address2: '',
      city: `City ${int(900)}`,
      country: 'NL',
      state: '',
      zipcode: `${1000 + int(8999)}`,
      floor: '',
      suite: '',
      latitude: null,
      longitude: null,
      created: CREATED,
      updated: stamp(),
      status: 'ok',
    };
  });
  const fac = Array.from({ length: facCount }, (_, i) => ({
    id: i + 1,
    org_id: 1 + int(orgCount),
    org_name: '',
    campus_id: null,
    name: `Facility ${i + 1}`,
    aka: '',
    name_long: '',
    website: '',
    social_media: [],
    clli: '',
    rencode: '',
    npanxx: '',
    notes: '',
    net_count: int(300),
    ix_count: int(10),
    carrier_count: int(20),
    sales_email: '',
    sales_phone: '',
    tech_email: '',
    tech_phone: '',
    available_voltage_services: [],
    diverse_serving_substations: null,
    property: '',
    region_continent: 'Europe',
    status_dashboard: '',
    logo: null,
    created: CREATED,
    updated: stamp(),
    status: 'ok',
    address1: '',
    address2: '',
    city: `City ${int(900)}`,
    country: 'DE',
    state: '',
    zipcode: '',
    floor: '',
    suite: '',
    latitude: null,
    longitude: null,
  }));
  const ix = Array.from({ length: ixCount }, (_, i) => ({
    id: i + 1,
    org_id: options.nets + i + 1,
    name: `IX ${i + 1}`,
    aka: '',
    name_long: `Internet Exchange ${i + 1}`,
    city: `City ${int(900)}`,
    country: 'DE',
    region_continent: 'Europe',
    media: 'Ethernet',
    notes: '',
    proto_unicast: true,
    proto_multicast: false,
    proto_ipv6: true,
    website: '',
    social_media: [],
    url_stats: '',
    tech_email: 'noc@ix.example',
    tech_phone: '',
    policy_email: '',
    policy_phone: '',
    sales_phone: '',
    sales_email: '',
    net_count: 0,
    fac_count: 1,
    ixf_net_count: 0,
    ixf_last_import: null,
    ixf_import_request: null,
    ixf_import_request_status: 'queued',
    service_level: 'Not Disclosed',
    terms: 'Not Disclosed',
    status_dashboard: '',
    logo: null,
    created: CREATED,
    updated: stamp(),
    status: 'ok',
  }));
  const ixlan = ix.map((x) => ({
    id: x.id,
    ix_id: x.id,
    name: '',
    descr: '',
    mtu: 1500,
    dot1q_support: false,
    rs_asn: 0,
    arp_sponge: null,
    ixf_ixp_member_list_url_visible: 'Private',
    ixf_ixp_import_enabled: false,
    created: CREATED,
    updated: stamp(),
    status: 'ok',
  }));
  const ixpfx = ix.flatMap((x) => [
    {
      id: 2 * x.id - 1,
      ixlan_id: x.id,
      protocol: 'IPv4',
      prefix: `10.${x.id >> 8}.${x.id & 255}.0/24`,
      in_dfz: true,
      created: CREATED,
      updated: stamp(),
      status: 'ok',
    },
    {
      id: 2 * x.id,
      ixlan_id: x.id,
      protocol: 'IPv6',
      prefix: `2001:db8:${x.id.toString(16)}::/64`,
      in_dfz: true,
      created: CREATED,
      updated: stamp(),
      status: 'ok',
    },
  ]);
  const net = Array.from({ length: options.nets }, (_, i) => {
    const asn = i < 30_000 ? 64_512 + i : 4_200_000_000 + i;
    const website = `https://net${i + 1}.example`;
    const type = TYPES[int(TYPES.length)]!;
    const updated = stamp();
    return {
      id: i + 1,
      org_id: i + 1,
      name: `Network ${i + 1}`,
      aka: '',
      name_long: '',
      website,
      social_media: [{ service: 'website', identifier: website }],
      asn,
      looking_glass: '',
      route_server: '',
      irr_as_set: int(4) === 0 ? `RIPE::AS${asn}:AS-CUSTOMERS` : `AS-NET${i + 1}`,
      info_type: type,
      info_types: [type],
      info_prefixes4: int(5000),
      info_prefixes6: int(1000),
      info_traffic: '',
      info_ratio: 'Balanced',
      info_scope: 'Regional',
      info_unicast: true,
      info_multicast: false,
      info_ipv6: true,
      info_never_via_route_servers: int(50) === 0,
      ix_count: 0,
      fac_count: 0,
      notes: '',
      netixlan_updated: updated,
      netfac_updated: null,
      poc_updated: null,
      policy_url: '',
      policy_general: POLICIES[int(POLICIES.length)],
      policy_locations: 'Not Required',
      policy_ratio: false,
      policy_contracts: 'Not Required',
      allow_ixp_update: false,
      ixp_update_exclude: [],
      status_dashboard: null,
      rir_status: 'ok',
      rir_status_updated: CREATED,
      logo: null,
      created: CREATED,
      updated,
      status: 'ok',
    };
  });
  const poc = net
    .filter((_, i) => i % 2 === 0)
    .map((n, i) => ({
      id: i + 1,
      net_id: n.id,
      role: 'NOC',
      visible: 'Public',
      name: `NOC ${n.id}`,
      phone: '',
      email: `noc@net${n.id}.example`,
      url: '',
      created: CREATED,
      updated: stamp(),
      status: 'ok',
    }));
  const perIx = new Map<number, number>();
  const netixlan = Array.from({ length: options.netixlans }, (_, i) => {
    const n = net[i < net.length ? i : int(net.length)]!;
    const ixId = 1 + int(ixCount);
    const host = (perIx.get(ixId) ?? 0) + 1;
    perIx.set(ixId, host);
    return {
      id: i + 1,
      net_id: n.id,
      ix_id: ixId,
      name: `IX ${ixId}`,
      ixlan_id: ixId,
      notes: '',
      speed: [1000, 10_000, 100_000][int(3)],
      asn: n.asn,
      ipaddr4: `10.${ixId >> 8}.${ixId & 255}.${(host % 254) + 1}`,
      ipaddr6: `2001:db8:${ixId.toString(16)}::${host.toString(16)}`,
      is_rs_peer: int(2) === 0,
      bfd_support: false,
      operational: true,
      net_side_id: null,
      ix_side_id: null,
      created: CREATED,
      updated: stamp(),
      status: 'ok',
    };
  });
  return { org, fac, ix, ixlan, ixpfx, net, poc, netixlan };
}
