/**
 * Which RouteServerSessions must exist on a PeeringLan: one per route server, per member interface
 * flagged for the route servers, per family that both have an address for. Pure, so the rule is
 * tested on its own; the repository applies the plan.
 */
export interface SessionPlanRouteServer {
  readonly id: number;
  readonly hasV4: boolean;
  readonly hasV6: boolean;
}

export interface SessionPlanInterface {
  readonly id: number;
  readonly isRouteServerClient: boolean;
  readonly hasV4: boolean;
  readonly hasV6: boolean;
}

export interface SessionKey {
  readonly routeServerId: number;
  readonly memberInterfaceId: number;
  readonly family: 4 | 6;
}

export function planSessions(
  routeServers: readonly SessionPlanRouteServer[],
  interfaces: readonly SessionPlanInterface[],
): SessionKey[] {
  const keys: SessionKey[] = [];
  for (const rs of routeServers) {
    for (const iface of interfaces) {
      if (!iface.isRouteServerClient) continue;
      if (rs.hasV4 && iface.hasV4)
        keys.push({ routeServerId: rs.id, memberInterfaceId: iface.id, family: 4 });
      if (rs.hasV6 && iface.hasV6)
        keys.push({ routeServerId: rs.id, memberInterfaceId: iface.id, family: 6 });
    }
  }
  return keys;
}
