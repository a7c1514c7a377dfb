import { isAdmin, type Actor, type RouteServer } from '@ixora/domain';
import type { RouteServerResponse } from './route-server.schemas.js';

/** How ixora reaches a BIRD (socket path, agent URL) is internal: members do not see it. */
export function toRouteServerResponse(rs: RouteServer, viewer: Actor): RouteServerResponse {
  return {
    id: rs.id,
    name: rs.name,
    asn: rs.asn,
    routerId: rs.routerId,
    ipv4Address: rs.ipv4Address,
    ipv6Address: rs.ipv6Address,
    peeringLanId: rs.peeringLanId,
    ...(isAdmin(viewer) ? { socketPath: rs.socketPath, agentUrl: rs.agentUrl } : {}),
  };
}
