import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Ixp } from '@ixora/domain';
import { invalidValue, notFound } from '@ixora/errors';
import { PeeringDbMirrorRepository, type PeeringDbStaleType } from './peeringdb-mirror.repository.js';
import { PEERINGDB_SYNC_RUN_KIND } from './peeringdb-sync.service.js';

export interface CheckMemberInput {
  readonly asn: number;
  readonly name: string;
  readonly interfaces: readonly { id: number; ipv4Address: string | null; ipv6Address: string | null }[];
}

export interface CheckNetixlanInput {
  readonly id: number;
  readonly asn: number;
  readonly netName: string;
  readonly ipv4Address: string | null;
  readonly ipv6Address: string | null;
}

export interface PeeringDbMissingEntry {
  readonly asn: number;
  readonly netName: string;
  readonly netixlanId: number;
  readonly ipv4Address: string | null;
  readonly ipv6Address: string | null;
  /** `member_missing`: no member with this ASN; `interface_missing`: the member lacks these addresses. */
  readonly reason: 'member_missing' | 'interface_missing';
}

export interface PeeringDbExtraEntry {
  readonly asn: number;
  readonly memberName: string;
  readonly interfaceId: number;
  readonly ipv4Address: string | null;
  readonly ipv6Address: string | null;
  /** `not_in_peeringdb`: the network lists nothing at this Ixp; `address_not_in_peeringdb`: not these addresses. */
  readonly reason: 'not_in_peeringdb' | 'address_not_in_peeringdb';
}

export interface PeeringDbAddressDifference {
  readonly asn: number;
  readonly memberName: string;
  readonly interfaceId: number;
  readonly netixlanId: number;
  readonly ixora: { readonly ipv4Address: string | null; readonly ipv6Address: string | null };
  readonly peeringdb: { readonly ipv4Address: string | null; readonly ipv6Address: string | null };
}

export interface PeeringDbNeverViaRsEntry {
  readonly asn: number;
  readonly memberName: string;
  readonly enabledSessions: number;
}

export interface PeeringDbCheckReport {
  readonly ixpId: number;
  readonly peeringdbIxId: number;
  /** When the mirror's netixlans were last synced; null when never (the report is then empty-sided). */
  readonly mirrorSyncedAt: Date | null;
  /** The latest sync run: when it failed, the mirror is stale (it keeps the last good data). */
  readonly lastSyncRun: {
    readonly runId: string;
    readonly status: string;
    readonly startedAt: Date;
    readonly error: string | null;
  } | null;
  /** Object types whose last sync failed: the mirror holds their last good rows, which may be out of date. */
  readonly staleTypes: readonly PeeringDbStaleType[];
  readonly missing: PeeringDbMissingEntry[];
  readonly extra: PeeringDbExtraEntry[];
  readonly differentAddresses: PeeringDbAddressDifference[];
  readonly neverViaRouteServersWithSessions: PeeringDbNeverViaRsEntry[];
  readonly isConsistent: boolean;
}

/**
 * Pairs each PeeringDB netixlan with the member interface sharing an address (IPv4 or IPv6) and
 * sorts the rest into missing (in PeeringDB only) and extra (in ixora only). Pure.
 */
export function compareWithPeeringDb(
  members: readonly CheckMemberInput[],
  netixlans: readonly CheckNetixlanInput[],
): Pick<PeeringDbCheckReport, 'missing' | 'extra' | 'differentAddresses'> {
  const missing: PeeringDbMissingEntry[] = [];
  const extra: PeeringDbExtraEntry[] = [];
  const differentAddresses: PeeringDbAddressDifference[] = [];
  const byAsn = new Map(members.map((m) => [m.asn, m]));
  const netixlansByAsn = new Map<number, CheckNetixlanInput[]>();
  for (const n of netixlans) netixlansByAsn.set(n.asn, [...(netixlansByAsn.get(n.asn) ?? []), n]);

  for (const [asn, records] of [...netixlansByAsn].sort(([a], [b]) => a - b)) {
    const member = byAsn.get(asn);
    const pool = [...(member?.interfaces ?? [])];
    for (const n of [...records].sort((a, b) => a.id - b.id)) {
      const index = pool.findIndex(
        (i) =>
          (n.ipv4Address !== null && i.ipv4Address === n.ipv4Address) ||
          (n.ipv6Address !== null && i.ipv6Address === n.ipv6Address),
      );
      const { id: netixlanId, netName, ipv4Address, ipv6Address } = n;
      if (!member || index < 0) {
        missing.push({
          asn,
          netName,
          netixlanId,
          ipv4Address,
          ipv6Address,
          reason: member ? 'interface_missing' : 'member_missing',
        });
        continue;
      }
      const [iface] = pool.splice(index, 1);
      if (iface!.ipv4Address !== ipv4Address || iface!.ipv6Address !== ipv6Address) {
        differentAddresses.push({
          asn,
          memberName: member.name,
          interfaceId: iface!.id,
          netixlanId,
          ixora: { ipv4Address: iface!.ipv4Address, ipv6Address: iface!.ipv6Address },
          peeringdb: { ipv4Address, ipv6Address },
        });
      }
    }
    for (const iface of pool) extra.push(extraEntry(member!, iface, 'address_not_in_peeringdb'));
  }
  for (const member of [...members].sort((a, b) => a.asn - b.asn)) {
    if (netixlansByAsn.has(member.asn)) continue;
    for (const iface of member.interfaces) extra.push(extraEntry(member, iface, 'not_in_peeringdb'));
  }
  return { missing, extra, differentAddresses };
}

function extraEntry(
  member: CheckMemberInput,
  iface: CheckMemberInput['interfaces'][number],
  reason: PeeringDbExtraEntry['reason'],
): PeeringDbExtraEntry {
  return {
    asn: member.asn,
    memberName: member.name,
    interfaceId: iface.id,
    ipv4Address: iface.ipv4Address,
    ipv6Address: iface.ipv6Address,
    reason,
  };
}

/**
 * `ixora peeringdb check` / `GET /api/v1/peeringdb/check`: the Ixp's members (those that have not
 * left) against the mirror's netixlan records for the Ixp's PeeringDB ix. Reads the mirror, so run
 * a sync first for fresh data.
 */
@Injectable()
export class PeeringDbCheckService {
  constructor(private readonly dataSource: DataSource) {}

  async check(options: { ixpId?: number } = {}): Promise<PeeringDbCheckReport> {
    const ixp = await this.findIxp(options.ixpId);
    const q = this.dataSource.manager;
    const peeringdbIxId = ixp.peeringdbIxId ?? (await this.ixIdFromLanPrefixes(ixp.id));
    if (peeringdbIxId === null) {
      throw invalidValue(
        'peeringdbIxId',
        null,
        `is not set for Ixp ${ixp.shortname}, and no PeeringDB ixpfx in the mirror matches its peering LANs: set it to its PeeringDB ix id`,
      );
    }
    const interfaces = await q.query<
      { asn: string; name: string; id: number | null; v4: string | null; v6: string | null }[]
    >(
      `SELECT m.asn, m.name, i.id, host(i.ipv4_address) AS v4, host(i.ipv6_address) AS v6
       FROM member m
       LEFT JOIN (member_interface i JOIN peering_lan l ON l.id = i.peering_lan_id AND l.ixp_id = $1)
         ON i.member_id = m.id
       WHERE m.status <> 'left'
       ORDER BY m.asn, i.id`,
      [ixp.id],
    );
    const members = new Map<
      number,
      { asn: number; name: string; interfaces: CheckMemberInput['interfaces'][number][] }
    >();
    for (const row of interfaces) {
      const asn = Number(row.asn);
      let member = members.get(asn);
      if (!member) members.set(asn, (member = { asn, name: row.name, interfaces: [] }));
      if (row.id !== null) member.interfaces.push({ id: row.id, ipv4Address: row.v4, ipv6Address: row.v6 });
    }
    const netixlans = await q.query<
      { id: number; asn: string; net_name: string | null; v4: string | null; v6: string | null }[]
    >(
      `SELECT x.id, x.asn, n.name AS net_name, host(x.ipaddr4) AS v4, host(x.ipaddr6) AS v6
       FROM peeringdb_netixlan x LEFT JOIN peeringdb_net n ON n.id = x.net_id
       WHERE x.ix_id = $1 AND x.status = 'ok'
       ORDER BY x.asn, x.id`,
      [peeringdbIxId],
    );
    const compared = compareWithPeeringDb(
      [...members.values()],
      netixlans.map((n) => ({
        id: n.id,
        asn: Number(n.asn),
        netName: n.net_name ?? `AS${n.asn}`,
        ipv4Address: n.v4,
        ipv6Address: n.v6,
      })),
    );
    const neverVia = await q.query<{ asn: string; name: string; sessions: string }[]>(
      `SELECT m.asn, m.name, count(s.id) AS sessions
       FROM member m
       JOIN member_interface i ON i.member_id = m.id
       JOIN route_server_session s ON s.member_interface_id = i.id AND s.is_enabled
       WHERE m.status <> 'left'
         AND EXISTS (SELECT 1 FROM peeringdb_net n
                     WHERE n.asn = m.asn AND n.status = 'ok' AND n.info_never_via_route_servers)
       GROUP BY m.asn, m.name
       ORDER BY m.asn`,
    );
    const [state] = await q.query<{ last_synced_at: Date }[]>(
      `SELECT last_synced_at FROM peeringdb_sync_state WHERE object_type = 'netixlan'`,
    );
    const [run] = await q.query<{ id: string; status: string; started_at: Date; error: string | null }[]>(
      `SELECT id, status, started_at, error FROM run_record WHERE kind = $1 ORDER BY started_at DESC, id DESC LIMIT 1`,
      [PEERINGDB_SYNC_RUN_KIND],
    );
    const staleTypes = await new PeeringDbMirrorRepository(q).syncFailures();
    const neverViaRouteServersWithSessions = neverVia.map((row) => ({
      asn: Number(row.asn),
      memberName: row.name,
      enabledSessions: Number(row.sessions),
    }));
    return {
      ixpId: ixp.id,
      peeringdbIxId,
      mirrorSyncedAt: state?.last_synced_at ?? null,
      lastSyncRun: run
        ? { runId: String(run.id), status: run.status, startedAt: run.started_at, error: run.error }
        : null,
      staleTypes,
      ...compared,
      neverViaRouteServersWithSessions,
      isConsistent:
        compared.missing.length +
          compared.extra.length +
          compared.differentAddresses.length +
          neverViaRouteServersWithSessions.length ===
        0,
    };
  }

  /** The PeeringDB ix whose ixpfx equal the Ixp's LAN prefixes, when exactly one does. */
  private async ixIdFromLanPrefixes(ixpId: number): Promise<number | null> {
    const rows = await this.dataSource.manager.query<{ ix_id: number }[]>(
      `SELECT DISTINCT l.ix_id
       FROM peering_lan pl
       JOIN peeringdb_ixpfx p ON p.prefix = pl.prefix_v4 OR p.prefix = pl.prefix_v6
       JOIN peeringdb_ixlan l ON l.id = p.ixlan_id
       WHERE pl.ixp_id = $1 AND p.status = 'ok'`,
      [ixpId],
    );
    return rows.length === 1 ? rows[0]!.ix_id : null;
  }

  private async findIxp(ixpId: number | undefined): Promise<Ixp> {
    if (ixpId !== undefined) {
      const ixp = await this.dataSource.manager.findOneBy(Ixp, { id: ixpId });
      if (!ixp) throw notFound('Ixp', ixpId);
      return ixp;
    }
    const all = await this.dataSource.manager.find(Ixp, { order: { id: 'ASC' }, take: 2 });
    if (all.length !== 1) {
      throw invalidValue(
        'ixpId',
        undefined,
        all.length === 0 ? 'is needed: there is no Ixp yet' : 'is needed: there are several Ixps',
      );
    }
    return all[0]!;
  }
}
