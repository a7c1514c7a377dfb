import { In, type EntityManager } from 'typeorm';
import type { Vrp } from '@ixora/bird-config';
import { notFound } from '@ixora/errors';
import { ConfigVersion } from '../entities/config-version.entity.js';
import { Ixp } from '../entities/ixp.entity.js';
import { Member } from '../entities/member.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { PeeringLan } from '../entities/peering-lan.entity.js';
import { PrefixSet } from '../entities/prefix-set.entity.js';
import { RouteServer } from '../entities/route-server.entity.js';
import { RouteServerSession } from '../entities/route-server-session.entity.js';
import type { RouteServerConfigInput } from './route-server-config.builder.js';

/** Step 1 of config generation (load): reads what the build step needs, nothing more. */
export class RouteServerConfigRepository {
  constructor(private readonly tx: EntityManager) {}

  async findRouteServer(name: string): Promise<RouteServer> {
    const rs = await this.tx.findOneBy(RouteServer, { name });
    if (!rs) throw notFound('route server', name);
    return rs;
  }

  async load(
    routeServer: RouteServer,
    rpki: RouteServerConfigInput['rpki'],
  ): Promise<RouteServerConfigInput> {
    const lan = await this.tx.findOneByOrFail(PeeringLan, { id: routeServer.peeringLanId });
    const ixp = await this.tx.findOneByOrFail(Ixp, { id: lan.ixpId });
    const peeringLans = await this.tx.find(PeeringLan, { where: { ixpId: ixp.id }, order: { id: 'ASC' } });
    const sessionRows = await this.tx.find(RouteServerSession, {
      where: { routeServerId: routeServer.id },
      order: { id: 'ASC' },
    });
    const lanInterfaces = await this.tx.find(MemberInterface, {
      where: { peeringLanId: lan.id },
      order: { id: 'ASC' },
    });
    const interfaceById = new Map(lanInterfaces.map((i) => [i.id, i]));
    const memberIds = [...new Set(lanInterfaces.map((i) => i.memberId))];
    const members = memberIds.length ? await this.tx.findBy(Member, { id: In(memberIds) }) : [];
    const memberById = new Map(members.map((m) => [m.id, m]));
    const sessions = sessionRows.map((session) => {
      const memberInterface = interfaceById.get(session.memberInterfaceId)!;
      return { session, memberInterface, member: memberById.get(memberInterface.memberId)! };
    });
    const prefixSets = memberIds.length ? await this.tx.findBy(PrefixSet, { memberId: In(memberIds) }) : [];
    const vrps =
      rpki.mode === 'static'
        ? (
            await this.tx.query<{ prefix: string; max_length: number; asn: string }[]>(
              `SELECT v.prefix, v.max_length, v.asn FROM vrp v JOIN rpki_snapshot s ON s.id = v.snapshot_id AND s.is_current`,
            )
          ).map((r): Vrp => ({ prefix: r.prefix, maxLength: r.max_length, asn: Number(r.asn) }))
        : [];
    const peeringDb = await this.peeringDbNets(members.map((m) => m.asn));
    const routeServerAddresses = new Map<string, string>();
    for (const rs of await this.tx.find(RouteServer, { order: { id: 'ASC' } }))
      for (const address of [rs.ipv4Address, rs.ipv6Address])
        if (address !== null) routeServerAddresses.set(address, rs.name);
    return {
      routeServer,
      ixp,
      peeringLans,
      sessions,
      lanInterfaces,
      prefixSets,
      vrps,
      rpki,
      ...peeringDb,
      routeServerAddresses,
    };
  }

  /** PeeringDB limits and never-via-route-servers flags, when the mirror has been synced. */
  private async peeringDbNets(
    memberAsns: number[],
  ): Promise<Pick<RouteServerConfigInput, 'peeringDbPrefixes' | 'peeringDbNeverViaRouteServers'>> {
    const [{ exists }] = (await this.tx.query<{ exists: boolean }[]>(
      `SELECT to_regclass('peeringdb_net') IS NOT NULL AS exists`,
    )) as [{ exists: boolean }];
    const prefixes = new Map<number, { v4: number | null; v6: number | null }>();
    const never = new Set<number>();
    if (!exists) return { peeringDbPrefixes: prefixes, peeringDbNeverViaRouteServers: never };
    const rows = await this.tx.query<
      {
        asn: string;
        info_prefixes4: number | null;
        info_prefixes6: number | null;
        info_never_via_route_servers: boolean | null;
      }[]
    >(
      `SELECT asn, info_prefixes4, info_prefixes6, info_never_via_route_servers FROM peeringdb_net
        WHERE status = 'ok' AND (asn = ANY($1::bigint[]) OR info_never_via_route_servers)`,
      [memberAsns.map(String)],
    );
    for (const r of rows) {
      const asn = Number(r.asn);
      if (memberAsns.includes(asn)) prefixes.set(asn, { v4: r.info_prefixes4, v6: r.info_prefixes6 });
      if (r.info_never_via_route_servers) never.add(asn);
    }
    return { peeringDbPrefixes: prefixes, peeringDbNeverViaRouteServers: never };
  }

  latestVersion(routeServerId: number): Promise<ConfigVersion | null> {
    return this.tx.findOne(ConfigVersion, { where: { routeServerId }, order: { id: 'DESC' } });
  }

  deployedVersion(routeServerId: number): Promise<ConfigVersion | null> {
    return this.tx.findOne(ConfigVersion, {
      where: { routeServerId, deployStatus: 'deployed' },
      order: { deployedAt: 'DESC', id: 'DESC' },
    });
  }
}
