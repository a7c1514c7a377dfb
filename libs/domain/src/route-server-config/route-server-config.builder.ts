import {
  DEFAULT_IXP_POLICY,
  defaultBogons,
  resolveImportPolicy,
  type ImportPolicySettings,
  type IrrStatus,
  type IxpPolicyDefaults,
  type MemberConfig,
  type MemberPolicyOverrides,
  type RouteServerConfigModel,
  type SessionConfig,
  type SessionPolicyOverrides,
  type Vrp,
} from '@ixora/bird-config';
import { parsePrefixRangeEntry } from '@ixora/net';
import { IMPORT_POLICY_KEYS, type ImportPolicyColumns } from '../entities/import-policy.columns.js';
import type { Ixp } from '../entities/ixp.entity.js';
import type { Member } from '../entities/member.entity.js';
import type { MemberInterface } from '../entities/member-interface.entity.js';
import type { PeeringLan } from '../entities/peering-lan.entity.js';
import type { PrefixSet } from '../entities/prefix-set.entity.js';
import type { RouteServer } from '../entities/route-server.entity.js';
import type { RouteServerSession } from '../entities/route-server-session.entity.js';

/** Everything the build step reads, loaded by the repository. */
export interface RouteServerConfigInput {
  readonly routeServer: RouteServer;
  readonly ixp: Ixp;
  readonly peeringLans: readonly PeeringLan[];
  readonly sessions: readonly {
    session: RouteServerSession;
    memberInterface: MemberInterface;
    member: Member;
  }[];
  /** Every interface on the route server's LAN, for next-hop policy `same-member`. */
  readonly lanInterfaces: readonly MemberInterface[];
  readonly prefixSets: readonly PrefixSet[];
  readonly vrps: readonly Vrp[];
  readonly rpki:
    { readonly mode: 'static' } | { readonly mode: 'rtr'; readonly host: string; readonly port: number };
  /** PeeringDB's info_prefixes4/6 per ASN, where the mirror has them. */
  readonly peeringDbPrefixes: ReadonlyMap<number, { v4: number | null; v6: number | null }>;
  /** ASNs PeeringDB flags info_never_via_route_servers (members and non-members). */
  readonly peeringDbNeverViaRouteServers: ReadonlySet<number>;
}

/** The settings an ImportPolicy level sets (columns are named as the policy model; null = inherit). */
export function overridesOf(columns: ImportPolicyColumns | undefined): Partial<ImportPolicySettings> {
  if (!columns) return {};
  return Object.fromEntries(
    IMPORT_POLICY_KEYS.flatMap((key) =>
      columns[key] === null || columns[key] === undefined ? [] : [[key, columns[key]]],
    ),
  );
}

/** PrefixSets store BIRD notation ("P", "P{low,high}"); the model takes the parts. */
function toEntry(text: string, asn: number): { prefix: string; low: number; high: number } {
  const { prefix, low, high } = parsePrefixRangeEntry(text, `prefixSet(AS${asn}).aggregated`);
  return { prefix, low, high };
}

function irrStatusOf(sets: readonly PrefixSet[]): IrrStatus {
  if (sets.length === 0 || sets.every((s) => s.status === 'empty' || s.status === 'failed')) return 'empty';
  return sets.some((s) => s.status === 'stale') ? 'stale' : 'ok';
}

/**
 * The one place that decides what a route server's config says: Ixp defaults, member and session
 * overrides, PeeringDB limits, IRR data and VRPs in; the typed model of `@ixora/bird-config` out.
 * Pure: the same input gives the same model (the renderer sorts it), so configs are reproducible.
 */
export function buildRouteServerConfigModel(input: RouteServerConfigInput): RouteServerConfigModel {
  const ixpDefaults: IxpPolicyDefaults = {
    ...DEFAULT_IXP_POLICY,
    ...overridesOf(input.ixp.policy),
    maxPrefixesV4: input.ixp.defaultMaxPrefixV4,
    maxPrefixesV6: input.ixp.defaultMaxPrefixV6,
    maxPrefixHeadroomPercent: input.ixp.maxPrefixHeadroomPercent,
  };

  const setsByMember = new Map<number, PrefixSet[]>();
  for (const set of input.prefixSets)
    setsByMember.set(set.memberId, [...(setsByMember.get(set.memberId) ?? []), set]);

  const members = new Map<number, MemberConfig>();
  for (const { member } of input.sessions) {
    if (members.has(member.asn)) continue;
    const sets = setsByMember.get(member.id) ?? [];
    const usable = sets.filter((s) => s.status === 'ok' || s.status === 'stale');
    const v4 = usable.find((s) => s.family === 4);
    const v6 = usable.find((s) => s.family === 6);
    members.set(member.asn, {
      asn: member.asn,
      name: member.name,
      // The config names the set in a comment; the source pin is IRR-query detail.
      asSet: member.asSets[0]?.replace(/^[A-Z0-9-]+::/i, '') ?? null,
      irrStatus: irrStatusOf(sets),
      prefixesV4: (v4?.aggregated ?? []).map((e) => toEntry(e, member.asn)),
      prefixesV6: (v6?.aggregated ?? []).map((e) => toEntry(e, member.asn)),
      asns: [...new Set([...(v4?.asns ?? []), ...(v6?.asns ?? [])])],
    });
  }

  const sessions: SessionConfig[] = input.sessions.map(({ session, memberInterface, member }) => {
    const family = session.family === 4 ? 'ipv4' : 'ipv6';
    const pdb = input.peeringDbPrefixes.get(member.asn);
    const memberOverrides: MemberPolicyOverrides = {
      ...overridesOf(member.policy),
      maxPrefixesV4: memberInterface.maxPrefixV4 ?? member.maxPrefixV4,
      maxPrefixesV6: memberInterface.maxPrefixV6 ?? member.maxPrefixV6,
      peeringDbPrefixesV4: pdb?.v4 ?? null,
      peeringDbPrefixesV6: pdb?.v6 ?? null,
    };
    const sessionOverrides: SessionPolicyOverrides = {
      ...overridesOf(session.policy),
      ...(session.isPassive ? { passive: true } : {}),
      maxPrefixes: session.maxPrefix,
      md5Password: session.md5Password,
    };
    const peerAddress = (family === 'ipv4' ? memberInterface.ipv4Address : memberInterface.ipv6Address)!;
    const memberAddresses = input.lanInterfaces
      .filter((i) => i.memberId === member.id)
      .map((i) => (family === 'ipv4' ? i.ipv4Address : i.ipv6Address))
      .filter((a): a is string => a !== null);
    return {
      id: session.id,
      memberAsn: member.asn,
      family,
      peerAddress,
      memberAddresses,
      description: session.description ?? `AS${member.asn} ${member.name}`,
      // A member that is not active keeps its session in the config, shut, so the LG still lists it.
      isEnabled: session.isEnabled && member.status === 'active',
      isGracefulShutdown: input.ixp.isGracefulShutdown,
      policy: resolveImportPolicy(ixpDefaults, memberOverrides, sessionOverrides, family),
    };
  });

  const neverVia = new Set(input.peeringDbNeverViaRouteServers);
  for (const { member } of input.sessions) if (member.isNeverViaRouteServers) neverVia.add(member.asn);

  return {
    routeServer: {
      name: input.routeServer.name,
      asn: input.routeServer.asn,
      routerId: input.routeServer.routerId,
      ipv4: input.routeServer.ipv4Address,
      ipv6: input.routeServer.ipv6Address,
    },
    ixp: {
      name: input.ixp.name ?? input.ixp.shortname,
      peeringLanPrefixesV4: input.peeringLans.map((l) => l.prefixV4).filter((p): p is string => p !== null),
      peeringLanPrefixesV6: input.peeringLans.map((l) => l.prefixV6).filter((p): p is string => p !== null),
      blackholeNextHopV4: input.ixp.blackholeNextHopV4,
      blackholeNextHopV6: input.ixp.blackholeNextHopV6,
    },
    members: [...members.values()],
    sessions,
    rpki:
      input.rpki.mode === 'rtr'
        ? { mode: 'rtr', rtrHost: input.rpki.host, rtrPort: input.rpki.port }
        : { mode: 'static', vrps: input.vrps },
    neverViaRouteServerAsns: [...neverVia],
    transitFreeAsns: input.ixp.transitFreeAsns,
    ...defaultBogons(),
  };
}
