import { readFile } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { IxoraError } from '@ixora/errors';
import { BirdSocketReader, createAgentHandler } from '@ixora/looking-glass';
import { createConfigDeployHandler } from './config-deploy.handler.js';

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
  /** Where deploys write NAME.conf; without it the agent takes no deploys, only reads. */
  readonly configDir?: string;
  /** For the agent's own `bird -p` check of a deployed config (default `bird`). */
  readonly birdBinary?: string;
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
 * per-route-server token (see @ixora/looking-glass agent.protocol.ts), and, given a config
 * directory, takes the API's deploys (config-deploy.handler.ts). It holds at most two
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
  const readHandler = createAgentHandler(reader, { token: options.token });
  const deployHandler =
    options.configDir === undefined
      ? undefined
      : createConfigDeployHandler({
          token: options.token,
          socketPath: options.socketPath,
          configDir: options.configDir,
          birdBinary: options.birdBinary ?? 'bird',
        });
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    if (deployHandler === undefined) {
      readHandler(request, response);
      return;
    }
    void deployHandler(request, response).then((isHandled) => {
      if (!isHandled) readHandler(request, response);
    });
  };
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
