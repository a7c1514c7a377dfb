import { parseAsSetNames } from '@ixora/domain';
import { isIxoraError } from '@ixora/errors';
import { IpAddress, IpPrefix } from '@ixora/net';
import type { PeeringDbNet, PeeringDbNetixlan } from './peeringdb.schemas.js';

/** Member fields that can follow PeeringDB; per member, `peeringdb_member_link.follow` picks them. */
export const PEERINGDB_FOLLOW_FIELDS = [
  'name',
  'url',
  'asSets',
  'maxPrefixV4',
  'maxPrefixV6',
  'peeringPolicy',
  'isNeverViaRouteServers',
  'interfaces',
] as const;
export type PeeringDbFollowField = (typeof PEERINGDB_FOLLOW_FIELDS)[number];

export interface PeeringLanRef {
  readonly id: number;
  readonly name: string;
  readonly prefixV4: string | null;
  readonly prefixV6: string | null;
}

/** The member fields PeeringDB can fill in. */
export interface PeeringDbMemberFields {
  readonly name: string;
  readonly url: string | null;
  readonly asSets: string[];
  readonly maxPrefixV4: number | null;
  readonly maxPrefixV6: number | null;
  readonly peeringPolicy: string | null;
  readonly isNeverViaRouteServers: boolean;
}

export interface PeeringDbInterfacePlan {
  readonly peeringLanId: number;
  readonly ipv4Address: string | null;
  readonly ipv6Address: string | null;
  readonly isRouteServerClient: boolean;
  readonly netixlanId: number;
}

export interface PeeringDbMemberPlan {
  readonly asn: number;
  readonly netId: number;
  readonly fields: PeeringDbMemberFields;
  readonly interfaces: PeeringDbInterfacePlan[];
  /** What PeeringDB had that ixora could not use, in words (bad AS-SET names, addresses off-LAN). */
  readonly warnings: string[];
}

export interface BuildMemberOptions {
  /** Added to `info_prefixes4/6` for the max-prefix limits (DESIGN §7 step 8), in percent. */
  readonly maxPrefixHeadroomPercent?: number;
}

/**
 * What PeeringDB says about a network, as ixora member fields and MemberInterfaces on the given
 * PeeringLans (this Ixp's). Pure: the caller fetched `net` and its `netixlans`.
 */
export function buildMemberFromPeeringDb(
  net: PeeringDbNet,
  netixlans: readonly PeeringDbNetixlan[],
  lans: readonly PeeringLanRef[],
  options: BuildMemberOptions = {},
): PeeringDbMemberPlan {
  const warnings: string[] = [];
  const headroom = options.maxPrefixHeadroomPercent ?? 0;
  const fields: PeeringDbMemberFields = {
    name: cleanText(net.name, 255) ?? `AS${net.asn}`,
    url: cleanText(net.website, 2048),
    asSets: asSetsOf(net, warnings),
    maxPrefixV4: withHeadroom(net.info_prefixes4, headroom),
    maxPrefixV6: withHeadroom(net.info_prefixes6, headroom),
    peeringPolicy: cleanText(net.policy_general, 64)?.toLowerCase() ?? null,
    isNeverViaRouteServers: net.info_never_via_route_servers ?? false,
  };
  const interfaces: PeeringDbInterfacePlan[] = [];
  const lanPrefixes = lans.map((lan) => ({
    lan,
    v4: lan.prefixV4 === null ? null : IpPrefix.parse(lan.prefixV4),
    v6: lan.prefixV6 === null ? null : IpPrefix.parse(lan.prefixV6),
  }));
  for (const netixlan of [...netixlans].sort((a, b) => a.id - b.id)) {
    if (netixlan.status !== 'ok' || netixlan.net_id !== net.id) continue;
    const v4 = netixlan.ipaddr4 === null ? null : IpAddress.parse(netixlan.ipaddr4, 'ipaddr4');
    const v6 = netixlan.ipaddr6 === null ? null : IpAddress.parse(netixlan.ipaddr6, 'ipaddr6');
    const match =
      lanPrefixes.find((l) => v4 !== null && l.v4?.contains(v4)) ??
      lanPrefixes.find((l) => v6 !== null && l.v6?.contains(v6));
    if (!match) {
      warnings.push(
        `netixlan ${netixlan.id} (${[netixlan.ipaddr4, netixlan.ipaddr6].filter(Boolean).join(', ')}) is on none of this Ixp's peering LANs`,
      );
      continue;
    }
    const v4Inside = v4 !== null && match.v4 !== null && match.v4.contains(v4);
    const v6Inside = v6 !== null && match.v6 !== null && match.v6.contains(v6);
    if (v4 !== null && !v4Inside)
      warnings.push(`netixlan ${netixlan.id}: ${netixlan.ipaddr4} is not inside ${match.lan.name}`);
    if (v6 !== null && !v6Inside)
      warnings.push(`netixlan ${netixlan.id}: ${netixlan.ipaddr6} is not inside ${match.lan.name}`);
    interfaces.push({
      peeringLanId: match.lan.id,
      ipv4Address: v4Inside ? v4.toString() : null,
      ipv6Address: v6Inside ? v6.toString() : null,
      isRouteServerClient: netixlan.is_rs_peer,
      netixlanId: netixlan.id,
    });
  }
  return { asn: net.asn, netId: net.id, fields, interfaces, warnings };
}

/**
 * `irr_as_set` holds one or more names separated by spaces (some networks use commas), each
 * optionally pinned to an IRR source (`RIPE::AS-EXAMPLE`); the pin is kept. Names that are not
 * valid RPSL never reach a config: they are dropped with a warning.
 */
function asSetsOf(net: PeeringDbNet, warnings: string[]): string[] {
  const names: string[] = [];
  for (const raw of (net.irr_as_set ?? '').split(/[\s,]+/)) {
    if (raw === '') continue;
    try {
      for (const name of parseAsSetNames(raw, 'irr_as_set')) if (!names.includes(name)) names.push(name);
    } catch (error) {
      if (!isIxoraError(error)) throw error;
      warnings.push(`irr_as_set: ${JSON.stringify(raw)} is not a valid AS-SET name, left out`);
    }
  }
  return names;
}

function withHeadroom(prefixes: number | null | undefined, headroomPercent: number): number | null {
  if (prefixes === null || prefixes === undefined || prefixes <= 0) return null;
  return Math.ceil((prefixes * (100 + headroomPercent)) / 100);
}

/** PeeringDB text fields are free text: "" means unset; control characters never pass on. */
function cleanText(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return text === '' ? null : text.slice(0, max);
}
