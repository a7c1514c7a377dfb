import { parseBgpProtocolName } from '@ixora/bird-config';
import type { MemberSessionView } from '@ixora/domain';
import type { LgNeighbor } from '@ixora/looking-glass';

/** Max-prefix use from which the portal warns (received routes / limit). */
export const MAX_PREFIX_WARNING_PERCENT = 80;

/** What the looking glass read of one route server: its neighbors, or why it could not be read. */
export type RouteServerReading =
  { readonly isReadable: true; readonly neighbors: readonly LgNeighbor[] } | { readonly isReadable: false };

export interface SessionStateRow {
  readonly id: number;
  readonly family: string;
  readonly peerAddress: string;
  readonly isEnabled: boolean;
  /** BGP state as BIRD says it (`Established`, `Active`, `Idle`, …), or why it is not known. */
  readonly state: string;
  readonly isEstablished: boolean;
  readonly uptime: string;
  readonly accepted: string;
  readonly filtered: string;
  readonly exported: string;
  /** `received / limit (n %)`, or `–` without a reading or a limit. */
  readonly maxPrefixUse: string;
  readonly isNearMaxPrefix: boolean;
}

export interface RouteServerSessions {
  readonly routeServer: string;
  readonly isReadable: boolean;
  readonly sessions: readonly SessionStateRow[];
}

/** `3d 4h`, `2h 5m`, `4m 10s`, `12s`: how long a session has been in its state. */
export function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/**
 * The neighbor of a session: the BGP protocol ixora names after the session
 * (`AS<asn>_v<family>_<id>`), else the neighbor with the session's peer address and the member's
 * ASN (a config written before that naming).
 */
function neighborOf(
  session: MemberSessionView,
  memberAsn: number,
  neighbors: readonly LgNeighbor[],
): LgNeighbor | undefined {
  return (
    neighbors.find((n) => parseBgpProtocolName(n.id)?.sessionId === session.id) ??
    neighbors.find(
      (n) =>
        n.asn === memberAsn &&
        parseBgpProtocolName(n.id) === undefined &&
        n.address.toLowerCase() === session.peerAddress.toLowerCase(),
    )
  );
}

function unknownRow(session: MemberSessionView, state: string): SessionStateRow {
  return {
    id: session.id,
    family: `IPv${session.family}`,
    peerAddress: session.peerAddress,
    isEnabled: session.isEnabled,
    state,
    isEstablished: false,
    uptime: '–',
    accepted: '–',
    filtered: '–',
    exported: '–',
    maxPrefixUse: '–',
    isNearMaxPrefix: false,
  };
}

function stateRow(session: MemberSessionView, neighbor: LgNeighbor): SessionStateRow {
  const limit = neighbor.max_prefix_limit;
  const percent =
    limit !== undefined && limit > 0 ? Math.floor((neighbor.routes_received * 100) / limit) : undefined;
  const isDown = neighbor.state !== 'up';
  const state = !session.isEnabled && isDown ? 'disabled' : neighbor.bgp_state || neighbor.state;
  return {
    ...unknownRow(session, state),
    isEstablished: neighbor.bgp_state === 'Established',
    uptime: neighbor.uptime === undefined ? '–' : formatUptime(neighbor.uptime),
    accepted: String(neighbor.routes_accepted),
    filtered: String(neighbor.routes_filtered),
    exported: String(neighbor.routes_exported),
    maxPrefixUse:
      limit === undefined || percent === undefined
        ? `${neighbor.routes_received} / no limit`
        : `${neighbor.routes_received} / ${limit} (${percent} %)`,
    isNearMaxPrefix: percent !== undefined && percent >= MAX_PREFIX_WARNING_PERCENT,
  };
}

/**
 * The member's sessions per route server with their live state from the looking glass's
 * snapshots. A route server that could not be read keeps its sessions, with the state unknown.
 */
export function sessionStates(
  sessions: readonly MemberSessionView[],
  memberAsn: number,
  readings: ReadonlyMap<string, RouteServerReading>,
): RouteServerSessions[] {
  const byRouteServer = new Map<string, MemberSessionView[]>();
  for (const session of sessions) {
    const list = byRouteServer.get(session.routeServer) ?? [];
    list.push(session);
    byRouteServer.set(session.routeServer, list);
  }
  return [...byRouteServer].map(([routeServer, list]) => {
    const reading = readings.get(routeServer) ?? { isReadable: false };
    return {
      routeServer,
      isReadable: reading.isReadable,
      sessions: list.map((session) => {
        if (!reading.isReadable) return unknownRow(session, 'unknown');
        const neighbor = neighborOf(session, memberAsn, reading.neighbors);
        // A session the running config does not have yet: the next config build and deploy add it.
        return neighbor ? stateRow(session, neighbor) : unknownRow(session, 'not configured yet');
      }),
    };
  });
}
