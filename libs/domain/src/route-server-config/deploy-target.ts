import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { applyBirdConfig, BirdClient, type BirdProtocol } from '@ixora/bird-client';
import type { IxoraConfig } from '@ixora/config';
import { IxoraError } from '@ixora/errors';
import type { RouteServer } from '../entities/route-server.entity.js';
import { deployThroughAgent, readProtocolsThroughAgent } from './agent-config.client.js';

/** Where a deploy goes: the route server's agent, or a local control socket and BIRD_CONFIG_DIR. */
export interface DeployTarget {
  /** Where the config goes, for messages: a file, or the agent. */
  readonly description: string;
  apply(text: string): Promise<{ isApplied: boolean; message: string; reloadedSessions: readonly string[] }>;
  /** `show protocols`: the sessions a deploy waits for to be established again. */
  protocols(): Promise<readonly BirdProtocol[]>;
}

/** A 1,000-member config takes BIRD a while to check and load. */
const BIRD_SOCKET_TIMEOUT_MS = 120_000;
const BIRD_READ_TIMEOUT_MS = 10_000;
const PRIVATE_DIR_MODE = 0o750;

/** How a deploy reaches the route server's BIRD; throws when it cannot be reached at all. */
export function deployTargetOf(routeServer: RouteServer, config: IxoraConfig): DeployTarget {
  const routeServerName = routeServer.name;
  if (routeServer.agentUrl) {
    const agentUrl = routeServer.agentUrl;
    const token = config.agentTokens.get(routeServerName);
    if (token === undefined)
      throw new IxoraError(
        'invalid_value',
        `route server ${routeServerName} is reached through an agent (${agentUrl}) but AGENT_TOKENS has no token for it`,
        { field: 'AGENT_TOKENS', value: undefined },
      );
    return {
      description: `${agentUrl} (${routeServerName}.conf beside its BIRD)`,
      apply: (text) =>
        deployThroughAgent({
          agentUrl,
          token,
          name: routeServerName,
          text,
          timeoutMs: BIRD_SOCKET_TIMEOUT_MS,
        }),
      protocols: () => readProtocolsThroughAgent({ agentUrl, token, timeoutMs: BIRD_READ_TIMEOUT_MS }),
    };
  }
  const socket = routeServer.socketPath ?? config.birdSocket;
  if (!socket)
    throw new IxoraError(
      'invalid_value',
      `route server ${routeServerName} has no control socket: set --socket on the route server or BIRD_SOCKET`,
      { field: 'BIRD_SOCKET', value: undefined },
    );
  const file = path.join(config.birdConfigDir, `${routeServerName}.conf`);
  return {
    description: file,
    apply: async (text) => {
      await mkdir(config.birdConfigDir, { recursive: true, mode: PRIVATE_DIR_MODE });
      return applyBirdConfig(file, text, socket, { timeoutMs: BIRD_SOCKET_TIMEOUT_MS });
    },
    protocols: async () => {
      const bird = await BirdClient.connect(socket, { timeoutMs: BIRD_READ_TIMEOUT_MS });
      try {
        return await bird.protocols();
      } finally {
        await bird.close();
      }
    },
  };
}
