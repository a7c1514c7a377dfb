import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { IxoraError } from '@ixora/errors';
import { BirdSocketReader, createAgentHandler } from '@ixora/looking-glass';

export interface AgentOptions {
  /** BIRD's control socket. */
  readonly socketPath: string;
  /** The token the API sends for this route server (`AGENT_TOKEN`). */
  readonly token: string;
  readonly host: string;
  readonly port: number;
  /** PEM certificate and key; without them the agent serves plain HTTP, on a loopback address only. */
  readonly tlsCertFile?: string;
  readonly tlsKeyFile?: string;
}

export interface RunningAgent {
  readonly url: string;
  close(): Promise<void>;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * `ixora agent`: beside a remote BIRD, serves the looking glass's reads of it over HTTPS with a
 * per-route-server token (see @ixora/looking-glass agent.protocol.ts). It holds at most two
 * restricted connections to BIRD, so BIRD sees no more than two commands at a time however many
 * API instances ask.
 */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const hasTls = options.tlsCertFile !== undefined || options.tlsKeyFile !== undefined;
  if (hasTls && (options.tlsCertFile === undefined || options.tlsKeyFile === undefined))
    throw new IxoraError('invalid_value', 'the agent needs both --tls-cert and --tls-key');
  if (!hasTls && !isLoopback(options.host))
    throw new IxoraError(
      'invalid_value',
      `the agent serves plain HTTP only on a loopback address, not ${options.host}: give --tls-cert and --tls-key`,
      {
        field: 'host',
        value: options.host,
      },
    );
  const reader = new BirdSocketReader(options.socketPath, { connections: 2, timeoutMs: 30_000 });
  const handler = createAgentHandler(reader, { token: options.token });
  const server: Server = hasTls
    ? createHttpsServer(
        { cert: await readFile(options.tlsCertFile!), key: await readFile(options.tlsKeyFile!) },
        handler,
      )
    : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${hasTls ? 'https' : 'http'}://${host}:${address.port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await reader.close();
    },
  };
}
