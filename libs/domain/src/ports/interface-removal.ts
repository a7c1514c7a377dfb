import { In, type EntityManager } from 'typeorm';
import { conflict } from '@ixora/errors';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { RouteServer } from '../entities/route-server.entity.js';
import { RouteServerSession } from '../entities/route-server-session.entity.js';
import type { Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';

export interface RemovalOptions {
  /**
   * Remove the interfaces' route-server sessions with them, enabled ones too (each session's
   * removal is audited). Without it, an enabled session refuses the removal: staff disable the
   * sessions first (`ixora session disable ID`), deploy, then remove.
   */
  readonly removeSessions?: boolean;
}

function addressesOf(i: MemberInterface): string {
  return [i.ipv4Address, i.ipv6Address].filter((a) => a !== null).join(', ');
}

/**
 * Deletes member interfaces and their route-server sessions, each with its audit record. An
 * enabled session is BGP the member is speaking with a route server now: removing the interface
 * under it would drop that session at the next deploy without anybody having decided to, so it is
 * refused unless `removeSessions` says so. Disabled sessions go with their interface.
 */
export async function removeInterfaces(
  tx: EntityManager,
  actor: Actor,
  interfaces: readonly MemberInterface[],
  options: RemovalOptions,
  what: string,
): Promise<void> {
  if (interfaces.length === 0) return;
  const sessions = await tx.find(RouteServerSession, {
    where: { memberInterfaceId: In(interfaces.map((i) => i.id)) },
    order: { id: 'ASC' },
  });
  const enabled = sessions.filter((s) => s.isEnabled);
  if (enabled.length && options.removeSessions !== true) {
    const routeServers = await tx.findBy(RouteServer, { id: In(enabled.map((s) => s.routeServerId)) });
    const rsName = new Map(routeServers.map((rs) => [rs.id, rs.name]));
    const byInterface = new Map(interfaces.map((i) => [i.id, i]));
    const listed = enabled
      .map((s) => {
        const iface = byInterface.get(s.memberInterfaceId)!;
        return `session ${s.id} (${rsName.get(s.routeServerId) ?? `route server ${s.routeServerId}`}, IPv${s.family}, interface ${iface.id} ${addressesOf(iface)})`;
      })
      .join('; ');
    throw conflict(
      `${what} still has ${enabled.length} enabled route-server session${enabled.length === 1 ? '' : 's'}: ${listed}. ` +
        'Disable them first (ixora session disable ID) and deploy, or remove them with it (--remove-sessions, API removeSessions=true)',
      { field: 'removeSessions', value: false, sessionIds: enabled.map((s) => s.id) },
    );
  }
  for (const s of sessions) {
    await tx.delete(RouteServerSession, { id: s.id });
    await writeAudit(tx, actor, 'route_server_session.delete', 'route_server_session', s.id, s, null);
  }
  for (const iface of interfaces) {
    await tx.delete(MemberInterface, { id: iface.id });
    await writeAudit(tx, actor, 'member_interface.delete', 'member_interface', iface.id, iface, null);
  }
}
