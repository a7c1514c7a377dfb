import { IxoraError } from '@ixora/errors';
import { AgentReader } from './agent.reader.js';
import { BirdSocketReader } from './bird-socket.reader.js';
import type { RouteServerReader } from './route-server.reader.js';

/** How a route server is reached: its agent (with a token), else its socket, else `BIRD_SOCKET`. */
export interface ReachableRouteServer {
  readonly name: string;
  readonly agentUrl?: string | null;
  readonly socketPath?: string | null;
}

export interface RouteServerAccess {
  /** `AGENT_TOKENS`: the bearer token per route-server name. */
  readonly agentTokens?: ReadonlyMap<string, string>;
  /** `BIRD_SOCKET`: the socket of a route server that names none. */
  readonly birdSocket?: string;
  readonly timeoutMs?: number;
}

/**
 * The reader of one route server, chosen the same way by the looking glass, the alert monitor,
 * the exchange's daily figures and the route impact: an agent URL wins (and needs its token), then
 * the route server's own socket, then `BIRD_SOCKET`; a route server with none is refused by name.
 */
export function openRouteServerReader(
  routeServer: ReachableRouteServer,
  access: RouteServerAccess,
): RouteServerReader {
  const { timeoutMs } = access;
  if (routeServer.agentUrl) {
    const token = access.agentTokens?.get(routeServer.name);
    if (token === undefined)
      throw new IxoraError(
        'invalid_value',
        `route server ${routeServer.name} is reached through an agent (${routeServer.agentUrl}) but AGENT_TOKENS has no token for it`,
        { field: 'AGENT_TOKENS', value: undefined },
      );
    return new AgentReader(routeServer.agentUrl, { token, timeoutMs });
  }
  const socket = routeServer.socketPath ?? access.birdSocket;
  if (!socket)
    throw new IxoraError(
      'invalid_value',
      `route server ${routeServer.name} has no control socket: set --socket on the route server or BIRD_SOCKET`,
      { field: 'BIRD_SOCKET', value: undefined },
    );
  return new BirdSocketReader(socket, { timeoutMs });
}
