import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IpPrefix } from '@ixora/net';
import { Ixp } from '../entities/ixp.entity.js';
import { Member } from '../entities/member.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { PeeringLan } from '../entities/peering-lan.entity.js';
import { Port } from '../entities/port.entity.js';
import { Switch } from '../entities/switch.entity.js';

type Json = Record<string, unknown>;

function compact(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined));
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/**
 * Who an export is for. `public`: anyone (PeeringDB, IXPDB, peering tools fetch it without
 * credentials), so no member hidden from the public, no MAC addresses (they identify members'
 * routers on the LAN and help nobody outside it) and only http(s) member URLs (a `javascript:`
 * or `data:` URL would run in whatever page shows the list). `full`: staff, for backups and
 * re-imports; everything as stored.
 */
export type IxfExportView = 'public' | 'full';

/** The URL when it is an absolute http(s) URL; null for anything else. */
export function publicMemberUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Writes the IX-F Member Export 1.0 of this installation's Ixps (members sorted by ASN). */
@Injectable()
export class IxfExporter {
  constructor(private readonly dataSource: DataSource) {}

  async export(view: IxfExportView = 'public', now: Date = new Date()): Promise<Json> {
    const isPublic = view === 'public';
    const m = this.dataSource.manager;
    const [ixps, switches, lans, members, ports, interfaces] = await Promise.all([
      m.find(Ixp, { order: { id: 'ASC' } }),
      m.find(Switch, { order: { id: 'ASC' } }),
      m.find(PeeringLan, { order: { id: 'ASC' } }),
      m.find(Member, { where: isPublic ? { isHiddenFromPublic: false } : {}, order: { asn: 'ASC' } }),
      m.find(Port, { order: { id: 'ASC' } }),
      m.find(MemberInterface, { order: { id: 'ASC' } }),
    ]);
    const lanById = new Map(lans.map((l) => [l.id, l]));
    const switchById = new Map(switches.map((s) => [s.id, s]));
    const ixfVlanId = (lan: PeeringLan) => lan.ixfVlanId ?? lan.id;
    const ixfSwitchId = (sw: Switch) => sw.ixfId ?? sw.id;

    const ixpList = ixps.map((ixp) =>
      compact({
        ixp_id: ixp.id,
        ixf_id: ixp.ixfId ?? 0,
        shortname: ixp.shortname,
        name: ixp.name,
        url: ixp.url,
        country: ixp.country,
        peeringdb_id: ixp.peeringdbIxId,
        support_email: ixp.supportEmail,
        switch: switches
          .filter((s) => s.ixpId === ixp.id)
          .map((s) =>
            compact({
              id: ixfSwitchId(s),
              name: s.name,
              colo: s.colo,
              pdb_facility_id: s.peeringdbFacilityId,
              city: s.city,
              country: s.country,
              manufacturer: s.manufacturer,
              model: s.model,
            }),
          ),
        vlan: lans
          .filter((l) => l.ixpId === ixp.id)
          .map((l) => {
            const v4 = l.prefixV4 ? IpPrefix.parse(l.prefixV4) : null;
            const v6 = l.prefixV6 ? IpPrefix.parse(l.prefixV6) : null;
            return compact({
              id: ixfVlanId(l),
              name: l.name,
              ipv4: v4 ? { prefix: v4.network.toString(), mask_length: v4.length } : null,
              ipv6: v6 ? { prefix: v6.network.toString(), mask_length: v6.length } : null,
            });
          }),
      }),
    );

    const portsByMember = groupBy(ports, (p) => p.memberId);
    const ifacesByPort = groupBy(interfaces, (i) => i.portId);
    const ifacesByMember = groupBy(interfaces, (i) => i.memberId);

    const vlanEntry = (iface: MemberInterface) => {
      const lan = lanById.get(iface.peeringLanId)!;
      const family = (address: string | null, macro: string | null, maxPrefix: number | null) =>
        address === null
          ? null
          : compact({
              address,
              as_macro: macro,
              max_prefix: maxPrefix,
              routeserver: iface.isRouteServerClient,
              mac_addresses: isPublic ? null : iface.macAddresses,
            });
      return compact({
        vlan_id: ixfVlanId(lan),
        ipv4: family(iface.ipv4Address, iface.asMacroV4, iface.maxPrefixV4),
        ipv6: family(iface.ipv6Address, iface.asMacroV6, iface.maxPrefixV6),
      });
    };

    const memberList = members.map((member) => {
      const connections: Json[] = (portsByMember.get(member.id) ?? []).map((port) =>
        compact({
          ixp_id: port.ixpId,
          state: port.state,
          if_list: port.interfaces.map((i) =>
            compact({
              switch_id: port.switchId === null ? null : ixfSwitchId(switchById.get(port.switchId)!),
              if_speed: i.speedMbps,
              if_type: i.type,
            }),
          ),
          vlan_list: (ifacesByPort.get(port.id) ?? []).map(vlanEntry),
        }),
      );
      // Interfaces staff added without a port still belong in the export: one connection per Ixp.
      const portless = groupBy(
        (ifacesByMember.get(member.id) ?? []).filter((i) => i.portId === null),
        (i) => lanById.get(i.peeringLanId)!.ixpId,
      );
      for (const [ixpId, ifaces] of portless)
        connections.push({ ixp_id: ixpId, vlan_list: ifaces.map(vlanEntry) });
      return compact({
        asnum: member.asn,
        member_type: member.memberType === 'probono' ? 'other' : member.memberType,
        name: member.name,
        url: isPublic ? publicMemberUrl(member.url) : member.url,
        peering_policy: member.peeringPolicy,
        member_since: member.memberSince ? `${member.memberSince}T00:00:00Z` : null,
        connection_list: connections,
      });
    });

    return {
      version: '1.0',
      timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ixp_list: ixpList,
      member_list: memberList,
    };
  }
}
