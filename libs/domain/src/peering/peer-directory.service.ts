import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalidValue } from '@ixora/errors';
import { publicMemberUrl } from '../ixf/ixf.exporter.js';
import type { Actor } from '../services/actor.js';
import { parseAsn } from '../services/validate.js';

/** PeeringDB's `policy_general` values and the IX-F export's `peering_policy` values, lower-cased. */
export const PEERING_POLICIES = [
  'open',
  'selective',
  'restrictive',
  'case-by-case',
  'mandatory',
  'no',
] as const;
export type PeeringPolicy = (typeof PEERING_POLICIES)[number];

export interface PeerConnection {
  readonly switchName: string | null;
  /** Colo and city of the switch, as the exchange publishes them. */
  readonly location: string | null;
  readonly speedMbps: number | null;
}

/**
 * One member as every other member may see it: only what the public IX-F export shows (no
 * hidden member, no MAC address, no staff-only field), plus its route-server sessions and whether
 * the viewing member peers with it bilaterally.
 */
export interface PeerDirectoryEntry {
  readonly asn: number;
  readonly name: string;
  readonly url: string | null;
  /** PeeringDB `policy_general` from the mirror, else the policy the exchange has on record. */
  readonly policy: string | null;
  readonly connections: readonly PeerConnection[];
  readonly ipv4Addresses: readonly string[];
  readonly ipv6Addresses: readonly string[];
  /** Enabled route-server sessions per family. */
  readonly rsSessionsV4: number;
  readonly rsSessionsV6: number;
  /** How the viewing member's bilateral peering with this one is recorded, if it is. */
  readonly bilateral: 'request' | 'manual' | null;
  /** An open request between the two, and which way it goes. */
  readonly openRequest: { readonly id: number; readonly direction: 'incoming' | 'outgoing' } | null;
}

export interface PeerDirectoryFilter {
  /** `yes`: on the route servers; `no`: not. */
  readonly rs?: unknown;
  readonly policy?: unknown;
  /** Part of the name, or the ASN (`64500`, `AS64500`). */
  readonly search?: unknown;
}

interface Row {
  id: number;
  asn: string;
  name: string;
  url: string | null;
  policy: string | null;
  connections: PeerConnection[];
  ipv4: string[];
  ipv6: string[];
  rs_v4: number;
  rs_v6: number;
  bilateral: 'request' | 'manual' | null;
  open_id: number | null;
  open_from: number | null;
}

function parseFilter(filter: PeerDirectoryFilter) {
  const rs = filter.rs === undefined || filter.rs === '' ? null : filter.rs;
  if (rs !== null && rs !== 'yes' && rs !== 'no') throw invalidValue('rs', rs, 'must be yes or no');
  const policy = filter.policy === undefined || filter.policy === '' ? null : filter.policy;
  if (policy !== null && !(PEERING_POLICIES as readonly unknown[]).includes(policy))
    throw invalidValue('policy', policy, `must be one of ${PEERING_POLICIES.join(', ')}`);
  const search = typeof filter.search === 'string' ? filter.search.trim() : '';
  if (search.length > 100) throw invalidValue('search', search, 'must be at most 100 characters');
  let asn: number | null = null;
  if (/^(as)?\d+$/i.test(search)) {
    try {
      asn = parseAsn(search, 'search');
    } catch {
      asn = null;
    }
  }
  return { rs, policy: policy as PeeringPolicy | null, search: search.toLowerCase(), asn };
}

/**
 * The members' directory of the portal (`/portal/peers`): every member of the exchange another
 * member may peer with, from the viewing member's side.
 */
@Injectable()
export class PeerDirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, filter: PeerDirectoryFilter = {}): Promise<PeerDirectoryEntry[]> {
    const { rs, policy, search, asn } = parseFilter(filter);
    const viewer = actor.memberId ?? -1;
    const rows = await this.dataSource.query<Row[]>(
      `SELECT m.id, m.asn, m.name, m.url,
              lower(coalesce(nullif(pdb.policy_general, ''), m.peering_policy)) AS policy,
              coalesce((SELECT json_agg(json_build_object(
                          'switchName', sw.name,
                          'location', nullif(concat_ws(', ', sw.colo, sw.city), ''),
                          'speedMbps', p.speed_mbps) ORDER BY p.id)
                        FROM port p LEFT JOIN switch sw ON sw.id = p.switch_id
                        WHERE p.member_id = m.id), '[]') AS connections,
              coalesce((SELECT array_agg(host(mi.ipv4_address) ORDER BY mi.id) FROM member_interface mi
                        WHERE mi.member_id = m.id AND mi.ipv4_address IS NOT NULL), '{}') AS ipv4,
              coalesce((SELECT array_agg(host(mi.ipv6_address) ORDER BY mi.id) FROM member_interface mi
                        WHERE mi.member_id = m.id AND mi.ipv6_address IS NOT NULL), '{}') AS ipv6,
              (SELECT count(*)::int FROM route_server_session s JOIN member_interface mi ON mi.id = s.member_interface_id
                 WHERE mi.member_id = m.id AND s.is_enabled AND s.family = 4) AS rs_v4,
              (SELECT count(*)::int FROM route_server_session s JOIN member_interface mi ON mi.id = s.member_interface_id
                 WHERE mi.member_id = m.id AND s.is_enabled AND s.family = 6) AS rs_v6,
              bp.source AS bilateral,
              pr.id AS open_id, pr.from_member_id AS open_from
         FROM member m
         LEFT JOIN LATERAL (SELECT policy_general FROM peeringdb_net n
                            WHERE n.asn = m.asn AND n.status = 'ok' ORDER BY n.id LIMIT 1) pdb ON true
         LEFT JOIN bilateral_peer bp ON bp.member_id = $1 AND bp.peer_member_id = m.id
         LEFT JOIN peering_request pr ON pr.state = 'pending'
           AND ((pr.from_member_id = $1 AND pr.to_member_id = m.id) OR (pr.from_member_id = m.id AND pr.to_member_id = $1))
        WHERE NOT m.is_hidden_from_public AND m.status <> 'left' AND m.id <> $1
        ORDER BY m.asn`,
      [viewer],
    );
    return rows
      .map((r): PeerDirectoryEntry => ({
        asn: Number(r.asn),
        name: r.name,
        url: publicMemberUrl(r.url),
        policy: r.policy,
        connections: r.connections,
        ipv4Addresses: r.ipv4,
        ipv6Addresses: r.ipv6,
        rsSessionsV4: r.rs_v4,
        rsSessionsV6: r.rs_v6,
        bilateral: r.bilateral,
        openRequest:
          r.open_id === null
            ? null
            : { id: r.open_id, direction: r.open_from === viewer ? 'outgoing' : 'incoming' },
      }))
      .filter((e) => rs === null || (rs === 'yes') === e.rsSessionsV4 + e.rsSessionsV6 > 0)
      .filter((e) => policy === null || e.policy === policy)
      .filter((e) => search === '' || e.asn === asn || e.name.toLowerCase().includes(search));
  }
}
