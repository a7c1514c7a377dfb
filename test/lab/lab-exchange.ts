import {
  DEFAULT_IXP_POLICY,
  defaultBogons,
  filterReason,
  resolveImportPolicy,
  RPKI_STATE_COMMUNITIES,
  type AddressFamily,
  type FilterReasonKey,
  type MemberConfig,
  type MemberPolicyOverrides,
  type RpkiStateKey,
  type RouteServerConfigModel,
  type SessionConfig,
  type SessionPolicyOverrides,
  type Vrp,
} from '@ixora/bird-config';
import { renderRouteServerConfig } from '@ixora/bird-config';
import type { LabRouterSpec } from './lab.js';
import { memberRouterSpec, type Announcement } from './member-router.config.js';

/**
 * The exchange the scenarios run on: one route server and five members on the lab LAN, their IRR
 * data, VRPs and policies as a hand-built `RouteServerConfigModel`, and what each member announces.
 *
 * m1 announces one route per scenario; m2 and m3 receive (and announce one route each, so they are
 * ordinary members); m4 goes over its max-prefix limit; m5's IRR expansion is empty and the route
 * server has its sessions in graceful shutdown.
 *
 * Accepted routes cannot use documentation prefixes (they are bogons), so announcements use public
 * space and public ASNs; all of it exists only inside the lab's namespaces. Member ASNs are 16-bit
 * so the standard-community forms of announcement control (`0:PEER`, `RS:PEER`) apply to them.
 */
export const routeServer = { name: 'lab-rs1', asn: 59900, ipv4: '192.0.2.1', ipv6: '2001:db8::1' } as const;
export const blackholeNextHop = { ipv4: '192.0.2.66', ipv6: '2001:db8::66' } as const;
/** A next hop on the LAN that belongs to no member. */
export const foreignNextHop = { ipv4: '192.0.2.99', ipv6: '2001:db8::99' } as const;
export const neverViaRouteServerAsn = 3356;
export const transitFreeAsn = 174;
export const m4MaxPrefixesV4 = 2;

export type MemberName = 'm1' | 'm2' | 'm3' | 'm4' | 'm5';

export interface LabMember {
  readonly name: MemberName;
  readonly asn: number;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly irr: Omit<MemberConfig, 'asn' | 'name'>;
  readonly overrides: MemberPolicyOverrides;
  readonly sessionOverrides?: Partial<Record<AddressFamily, SessionPolicyOverrides>>;
  /** The route server's side of both sessions is in graceful shutdown (RFC 8326). */
  readonly isGracefulShutdown?: boolean;
  readonly announcements: readonly Announcement[];
}

/** A route m1 announces that the route server must keep as filtered, tagged with `reason`. */
export interface FilteredScenario extends Announcement {
  readonly title: string;
  readonly reason: FilterReasonKey;
}

/** A route m1 announces that every other member must receive. */
export interface AcceptedScenario extends Announcement {
  readonly title: string;
  /** The RPKI state the route server tags it with (RS:1000:n). */
  readonly rpki: RpkiStateKey;
}

const m1Asn = 59901;
const m1Customer = 3333;
const m1NotInAsSet = 2914;
const rpkiOtherOrigin = 1299;

export const acceptedScenarios: readonly AcceptedScenario[] = [
  { title: 'valid route, v4', prefix: '185.1.0.0/22', rpki: 'unknown' },
  {
    title: "valid route of a customer in the member's AS-SET",
    prefix: '185.2.0.0/23',
    asPath: [m1Asn, m1Customer],
    rpki: 'unknown',
  },
  { title: 'valid route, v6', prefix: '2a0b:1000::/32', rpki: 'unknown' },
  { title: 'RPKI-valid route without a route object', prefix: '185.5.0.0/24', rpki: 'valid' },
];

export const filteredScenarios: readonly FilteredScenario[] = [
  { title: 'more-specific not in the IRR data', prefix: '185.1.1.0/24', reason: 'irr_prefix' },
  {
    title: 'origin ASN not in the AS-SET',
    prefix: '185.3.0.0/24',
    asPath: [m1Asn, m1NotInAsSet],
    reason: 'irr_origin',
  },
  { title: 'RPKI invalid', prefix: '185.4.0.0/24', asPath: [m1Asn, m1Customer], reason: 'rpki_invalid' },
  { title: 'bogon prefix, v4', prefix: '10.10.0.0/16', reason: 'bogon_prefix' },
  { title: 'bogon prefix, v6', prefix: '2001:db8:5::/48', reason: 'bogon_prefix' },
  { title: 'IPv6 outside 2000::/3', prefix: '4000:1000::/32', reason: 'bogon_prefix' },
  { title: 'prefix too long, v4', prefix: '185.1.3.128/25', reason: 'prefix_too_long' },
  { title: 'prefix too long, v6', prefix: '2a0b:1000:1:100::/56', reason: 'prefix_too_long' },
  { title: 'prefix too short, v4', prefix: '184.0.0.0/7', reason: 'prefix_too_short' },
  { title: 'prefix too short, v6', prefix: '2a00::/12', reason: 'prefix_too_short' },
  {
    title: 'bogon ASN in the AS_PATH',
    prefix: '185.6.0.0/24',
    asPath: [m1Asn, 64512, m1Customer],
    reason: 'bogon_asn',
  },
  {
    title: "first ASN not the peer's",
    prefix: '185.7.0.0/24',
    asPath: [m1Customer],
    reason: 'first_asn_not_peer',
  },
  {
    title: "NEXT_HOP not the peer's, v4",
    prefix: '185.8.0.0/24',
    nextHop: foreignNextHop.ipv4,
    reason: 'next_hop_not_peer',
  },
  {
    title: "NEXT_HOP not the peer's, v6",
    prefix: '2a0b:1008::/32',
    nextHop: foreignNextHop.ipv6,
    reason: 'next_hop_not_peer',
  },
  {
    title: 'AS_PATH longer than 64',
    prefix: '185.14.0.0/24',
    asPath: [m1Asn, ...Array.from({ length: 64 }, () => m1Customer)],
    reason: 'as_path_too_long',
  },
  {
    title: 'never-via-route-server ASN in the AS_PATH',
    prefix: '185.9.0.0/24',
    asPath: [m1Asn, neverViaRouteServerAsn, m1Customer],
    reason: 'never_via_route_server_asn',
  },
  {
    title: 'transit-free ASN in the AS_PATH',
    prefix: '185.16.0.0/24',
    asPath: [m1Asn, transitFreeAsn, m1Customer],
    reason: 'transit_free_asn',
  },
  {
    title: "blackhole request for a prefix outside the member's IRR data",
    prefix: '185.99.0.1/32',
    communities: [[65535, 666]],
    reason: 'blackhole_not_authorised',
  },
];

/**
 * m1's announcements with tests of their own: announcement control (DESIGN §7 export), blackhole,
 * graceful shutdown, path hiding, and a route the reconfiguration turns RPKI-valid.
 */
export const m1Announcements = {
  doNotAnnounceToM2Large: { prefix: '185.10.0.0/24', largeCommunities: [[routeServer.asn, 0, 59902]] },
  doNotAnnounceToM2Standard: { prefix: '185.10.1.0/24', communities: [[0, 59902]] },
  onlyToM3Large: {
    prefix: '185.11.0.0/24',
    largeCommunities: [
      [routeServer.asn, 0, 0],
      [routeServer.asn, 1, 59903],
    ],
  },
  onlyToM3Standard: {
    prefix: '185.11.1.0/24',
    communities: [
      [0, routeServer.asn],
      [routeServer.asn, 59903],
    ],
  },
  onlyToM2ButNotToM2: {
    prefix: '185.15.0.0/24',
    largeCommunities: [
      [routeServer.asn, 0, 0],
      [routeServer.asn, 1, 59902],
      [routeServer.asn, 0, 59902],
    ],
  },
  prependTwiceToM2: { prefix: '185.12.0.0/24', largeCommunities: [[routeServer.asn, 102, 59902]] },
  prependOnceToM2Standard: { prefix: '185.12.1.0/24', communities: [[65511, 59902]] },
  blackhole: { prefix: '185.1.0.1/32', communities: [[65535, 666]] },
  blackholeV6: { prefix: '2a0b:1000::1/128', communities: [[65535, 666]] },
  gracefulShutdown: { prefix: '185.13.0.0/24', communities: [[65535, 0]] },
  /** Also announced by m2 with a longer path: m1's is the best route, but not for m3. */
  pathHiding: { prefix: '185.17.0.0/24', largeCommunities: [[routeServer.asn, 0, 59903]] },
  /** Valid, but carries the route server's own informational communities, forged. */
  forgedInformational: {
    prefix: '185.19.0.0/24',
    largeCommunities: [
      [routeServer.asn, 1101, 9],
      [routeServer.asn, 1000, 1],
    ],
  },
  /** Neither in the IRR data nor covered by a ROA until the reconfiguration adds one. */
  rpkiValidAfterReconfiguration: { prefix: '185.18.0.0/24' },
} as const satisfies Record<string, Announcement>;

const vrps: readonly Vrp[] = [
  { prefix: '185.4.0.0/24', maxLength: 24, asn: rpkiOtherOrigin },
  { prefix: '185.5.0.0/24', maxLength: 24, asn: m1Asn },
];

export const members: readonly LabMember[] = [
  {
    name: 'm1',
    asn: m1Asn,
    ipv4: '192.0.2.11',
    ipv6: '2001:db8::11',
    irr: {
      asSet: 'AS-LAB-M1',
      irrStatus: 'ok',
      asns: [m1Asn, m1Customer],
      prefixesV4: [
        '185.1.0.0/22',
        '185.2.0.0/23',
        '185.3.0.0/24',
        '185.4.0.0/24',
        '185.6.0.0/24',
        '185.7.0.0/24',
        '185.8.0.0/24',
        '185.9.0.0/24',
        { prefix: '185.10.0.0/23', low: 24, high: 24 },
        { prefix: '185.11.0.0/23', low: 24, high: 24 },
        { prefix: '185.12.0.0/23', low: 24, high: 24 },
        '185.13.0.0/24',
        '185.14.0.0/24',
        '185.15.0.0/24',
        '185.16.0.0/24',
        '185.17.0.0/24',
        '185.19.0.0/24',
      ],
      prefixesV6: ['2a0b:1000::/32', '2a0b:1008::/32'],
    },
    // Blackhole requests are off by Ixp default; m1 is allowed them.
    overrides: { allowBlackhole: true },
    announcements: [
      ...acceptedScenarios,
      ...filteredScenarios,
      ...Object.values<Announcement>(m1Announcements),
    ].map(({ prefix, asPath, nextHop, communities, largeCommunities }: Announcement) => ({
      prefix,
      asPath,
      nextHop,
      communities,
      largeCommunities,
    })),
  },
  {
    name: 'm2',
    asn: 59902,
    ipv4: '192.0.2.12',
    ipv6: '2001:db8::12',
    irr: {
      asSet: 'AS-LAB-M2',
      irrStatus: 'ok',
      asns: [59902],
      prefixesV4: ['185.17.0.0/24', '185.20.0.0/24'],
      prefixesV6: ['2a0b:2200::/32'],
    },
    overrides: {},
    announcements: [
      { prefix: '185.20.0.0/24' },
      { prefix: '2a0b:2200::/32' },
      { prefix: m1Announcements.pathHiding.prefix, asPath: [59902, 59902] },
    ],
  },
  {
    name: 'm3',
    asn: 59903,
    ipv4: '192.0.2.13',
    ipv6: '2001:db8::13',
    irr: {
      asSet: 'AS-LAB-M3',
      irrStatus: 'ok',
      asns: [59903],
      prefixesV4: ['185.30.0.0/24'],
      prefixesV6: ['2a0b:3300::/32'],
    },
    overrides: {},
    announcements: [{ prefix: '185.30.0.0/24' }, { prefix: '2a0b:3300::/32' }],
  },
  {
    name: 'm4',
    asn: 59904,
    ipv4: '192.0.2.14',
    ipv6: '2001:db8::14',
    irr: {
      asSet: 'AS-LAB-M4',
      irrStatus: 'ok',
      asns: [59904],
      prefixesV4: [{ prefix: '185.40.0.0/22', low: 24, high: 24 }],
      prefixesV6: [],
    },
    overrides: {},
    sessionOverrides: { ipv4: { maxPrefixes: m4MaxPrefixesV4 } },
    announcements: [{ prefix: '185.40.0.0/24' }, { prefix: '185.40.1.0/24' }, { prefix: '185.40.2.0/24' }],
  },
  {
    name: 'm5',
    asn: 59905,
    ipv4: '192.0.2.15',
    ipv6: '2001:db8::15',
    irr: { asSet: 'AS-LAB-M5', irrStatus: 'empty', asns: [], prefixesV4: [], prefixesV6: [] },
    overrides: {},
    isGracefulShutdown: true,
    announcements: [{ prefix: '185.50.0.0/24' }],
  },
];

export function member(name: MemberName): LabMember {
  const found = members.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no lab member ${name}`);
  return found;
}

/** `RS_ASN:1000:n` for an RPKI state, as the parser prints large communities. */
export function rpkiCommunity(state: RpkiStateKey): string {
  const code = RPKI_STATE_COMMUNITIES.find((candidate) => candidate.key === state)?.code;
  return `${routeServer.asn}:1000:${String(code)}`;
}

/** `RS_ASN:1101:code` for a reason, as the parser prints large communities. */
export function reasonCommunity(reason: FilterReasonKey): string {
  return `${routeServer.asn}:1101:${filterReason(reason).code}`;
}

/**
 * `initial`: the data the lab starts with. `reconfigured`: what a later IRR and RPKI refresh
 * brings — a ROA for m1's 185.18.0.0/24 and m5's first non-empty IRR expansion.
 */
export type LabDataStage = 'initial' | 'reconfigured';

const vrpAddedByReconfiguration: Vrp = { prefix: '185.18.0.0/24', maxLength: 24, asn: m1Asn };
const m5IrrAfterReconfiguration: LabMember['irr'] = {
  asSet: 'AS-LAB-M5',
  irrStatus: 'ok',
  asns: [59905],
  prefixesV4: ['185.50.0.0/24'],
  prefixesV6: [],
};

export function buildRouteServerModel(stage: LabDataStage = 'initial'): RouteServerConfigModel {
  const isReconfigured = stage === 'reconfigured';
  const sessions: SessionConfig[] = [];
  let id = 1;
  for (const m of members) {
    for (const family of ['ipv4', 'ipv6'] as const) {
      sessions.push({
        id: id++,
        memberAsn: m.asn,
        family,
        peerAddress: family === 'ipv4' ? m.ipv4 : m.ipv6,
        description: `${m.name} AS${m.asn} ${family}`,
        isEnabled: true,
        isGracefulShutdown: m.isGracefulShutdown ?? false,
        policy: resolveImportPolicy(
          DEFAULT_IXP_POLICY,
          m.overrides,
          m.sessionOverrides?.[family] ?? {},
          family,
        ),
      });
    }
  }
  return {
    routeServer: {
      name: routeServer.name,
      asn: routeServer.asn,
      routerId: routeServer.ipv4,
      ipv4: routeServer.ipv4,
      ipv6: routeServer.ipv6,
    },
    ixp: {
      name: 'ixora lab',
      peeringLanPrefixesV4: ['192.0.2.0/24'],
      peeringLanPrefixesV6: ['2001:db8::/64'],
      blackholeNextHopV4: blackholeNextHop.ipv4,
      blackholeNextHopV6: blackholeNextHop.ipv6,
    },
    members: members.map((m) => ({
      asn: m.asn,
      name: m.name,
      ...(isReconfigured && m.name === 'm5' ? m5IrrAfterReconfiguration : m.irr),
    })),
    sessions,
    rpki: { mode: 'static', vrps: isReconfigured ? [...vrps, vrpAddedByReconfiguration] : vrps },
    neverViaRouteServerAsns: [neverViaRouteServerAsn],
    transitFreeAsns: [transitFreeAsn],
    ...defaultBogons(),
  };
}

/** The lab's routers: the route server with ixora's rendered config and the member BIRDs. */
export function exchangeRouterSpecs(): LabRouterSpec[] {
  return [
    {
      name: 'rs',
      ipv4: routeServer.ipv4,
      ipv6: routeServer.ipv6,
      config: renderRouteServerConfig(buildRouteServerModel()),
    },
    ...members.map((m) => memberRouterSpec(m, routeServer, m.announcements)),
  ];
}
