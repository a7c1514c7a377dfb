import { In, type EntityManager } from 'typeorm';
import { Ixp } from '../entities/ixp.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { PeeringLan } from '../entities/peering-lan.entity.js';
import { RouteServer } from '../entities/route-server.entity.js';
import { RouteServerSession } from '../entities/route-server-session.entity.js';
import { planSessions } from '../services/session-plan.js';

/** Ixps, PeeringLans, route servers and the sessions between them. */
export class NetworkRepository {
  constructor(private readonly tx: EntityManager) {}

  listIxps(): Promise<Ixp[]> {
    return this.tx.find(Ixp, { order: { id: 'ASC' } });
  }

  findIxpByShortname(shortname: string): Promise<Ixp | null> {
    return this.tx.findOneBy(Ixp, { shortname });
  }

  listLans(): Promise<PeeringLan[]> {
    return this.tx.find(PeeringLan, { order: { id: 'ASC' } });
  }

  findLan(id: number): Promise<PeeringLan | null> {
    return this.tx.findOneBy(PeeringLan, { id });
  }

  /** The PeeringLans whose prefix holds the address (any family). */
  async findLansContaining(address: string): Promise<PeeringLan[]> {
    const rows = await this.tx.query<{ id: number }[]>(
      `SELECT id FROM peering_lan WHERE $1::inet << prefix_v4 OR $1::inet << prefix_v6 ORDER BY id`,
      [address],
    );
    return rows.length ? this.tx.findBy(PeeringLan, { id: In(rows.map((r) => r.id)) }) : [];
  }

  listRouteServers(): Promise<RouteServer[]> {
    return this.tx.find(RouteServer, { order: { name: 'ASC' } });
  }

  findRouteServerByName(name: string): Promise<RouteServer | null> {
    return this.tx.findOneBy(RouteServer, { name });
  }

  /**
   * Makes the sessions of a PeeringLan match the rule of `planSessions`: creates missing ones (with
   * defaults) and removes those whose interface lost its address or route-server flag. Existing
   * sessions keep their settings. Returns how many were created and removed.
   */
  async reconcileSessions(peeringLanId: number): Promise<{ created: number; removed: number }> {
    const routeServers = await this.tx.findBy(RouteServer, { peeringLanId });
    const interfaces = await this.tx.findBy(MemberInterface, { peeringLanId });
    const wanted = planSessions(
      routeServers.map((rs) => ({
        id: rs.id,
        hasV4: rs.ipv4Address !== null,
        hasV6: rs.ipv6Address !== null,
      })),
      interfaces.map((i) => ({
        id: i.id,
        isRouteServerClient: i.isRouteServerClient,
        hasV4: i.ipv4Address !== null,
        hasV6: i.ipv6Address !== null,
      })),
    );
    const existing = routeServers.length
      ? await this.tx.findBy(RouteServerSession, { routeServerId: In(routeServers.map((rs) => rs.id)) })
      : [];
    const key = (s: { routeServerId: number; memberInterfaceId: number; family: number }) =>
      `${s.routeServerId}/${s.memberInterfaceId}/${s.family}`;
    const wantedKeys = new Set(wanted.map(key));
    const existingKeys = new Set(existing.map(key));
    const toCreate = wanted.filter((w) => !existingKeys.has(key(w)));
    const toRemove = existing.filter((s) => !wantedKeys.has(key(s)));
    if (toCreate.length) await this.tx.insert(RouteServerSession, toCreate);
    if (toRemove.length) await this.tx.delete(RouteServerSession, { id: In(toRemove.map((s) => s.id)) });
    return { created: toCreate.length, removed: toRemove.length };
  }
}
