import {
  DEFAULT_IXP_POLICY,
  defaultBogons,
  resolveImportPolicy,
  type ImportPolicySettings,
  type IxpPolicyDefaults,
  type MemberConfig,
  type MemberPolicyOverrides,
  type RouteServerConfigModel,
  type SessionConfig,
  type SessionPolicyOverrides,
  type Vrp,
} from '@ixora/bird-config';
import { IMPORT_POLICY_KEYS, type ImportPolicyColumns } from '../entities/import-policy.columns.js';
import type { Ixp } from '../entities/ixp.entity.js';
import type { Member } from '../entities/member.entity.js';
import type { MemberInterface } from '../entities/member-interface.entity.js';
import type { PeeringLan } from '../entities/peering-lan.entity.js';
import type { PrefixSet } from '../entities/prefix-set.entity.js';
import type { RouteServer } from '../entities/route-server.entity.js';
import type { RouteServerSession } from '../entities/route-server-session.entity.js';
import { resolveMemberIrr, type BuildWarning } from './member-irr.resolver.js';

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
  /** Every route server's addresses (address → name); this route server's own always count. */
  readonly routeServerAddresses?: ReadonlyMap<string, string>;
}

/**
 * A session whose neighbour is a route server's own address would make BIRD peer with itself or
 * with another route server. The services refuse such interfaces; should one reach the database some
 * other way (an old database, a manual fix), the build leaves its sessions out with a warning, and
 * every other session still gets its config.
 */
function withoutRouteServerNeighbours(input: RouteServerConfigInput): {
  sessions: RouteServerConfigInput['sessions'];
  warnings: BuildWarning[];
} {
  const routeServers = new Map(input.routeServerAddresses ?? []);
  for (const address of [input.routeServer.ipv4Address, input.routeServer.ipv6Address])
    if (address !== null) routeServers.set(address, input.routeServer.name);
  const warnings: BuildWarning[] = [];
  const sessions = input.sessions.filter(({ session, memberInterface, member }) => {
    const address = session.family === 4 ? memberInterface.ipv4Address : memberInterface.ipv6Address;
    const name = address === null ? undefined : routeServers.get(address);
    if (name === undefined) return true;
    warnings.push({
      asn: member.asn,
      member: member.name,
      code: 'neighbour_is_route_server',
      message: `AS${member.asn} ${member.name}: session ${session.id} is left out: its neighbour ${address} is the address of route server ${name}; fix member interface ${memberInterface.id}`,
    });
    return false;
  });
  return { sessions, warnings };
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

/** {@link buildRouteServerConfig} without the warnings. */
export function buildRouteServerConfigModel(input: RouteServerConfigInput): RouteServerConfigModel {
  return buildRouteServerConfig(input).model;
}

/**
 * The one place that decides what a route server's config says: Ixp defaults, member and session
 * overrides, PeeringDB limits, IRR data and VRPs in; the typed model of `@ixora/bird-config` out.
 * Pure: the same input gives the same model (the renderer sorts it), so configs are reproducible.
 * One member's IRR data never fails the build: what cannot be used becomes a warning naming the
 * member (sorted by ASN), and that member's sessions accept no routes through the IRR step.
 */
export function buildRouteServerConfig(given: RouteServerConfigInput): {
  model: RouteServerConfigModel;
  warnings: BuildWarning[];
} {
  const usable = withoutRouteServerNeighbours(given);
  const input: RouteServerConfigInput = { ...given, sessions: usable.sessions };
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

  const sessionFamilies = new Map<number, Set<4 | 6>>();
  for (const { session, member } of input.sessions) {
    if (!session.isEnabled || member.status !== 'active') continue;
    const families = sessionFamilies.get(member.id) ?? new Set<4 | 6>();
    families.add(session.family);
    sessionFamilies.set(member.id, families);
  }

  const members = new Map<number, MemberConfig>();
  const warnings: BuildWarning[] = [...usable.warnings];
  for (const { member } of input.sessions) {
    if (members.has(member.asn)) continue;
    const resolved = resolveMemberIrr(
      member,
      setsByMember.get(member.id) ?? [],
      sessionFamilies.get(member.id) ?? new Set(),
    );
    warnings.push(...resolved.warnings);
    members.set(member.asn, { asn: member.asn, name: member.name, ...resolved.irr });
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

  const model: RouteServerConfigModel = {
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
  warnings.sort((a, b) => a.asn - b.asn);
  return { model, warnings };
}
