import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '@ixora/config';
import { IxoraError, invalidValue } from '@ixora/errors';

/**
 * `ixora agent`: the looking-glass reads of the BIRD beside it, and the API's deploys to it, over
 * HTTPS with the route server's token.
 */
export function registerAgentCommands(program: Command): void {
  program
    .command('agent')
    .description(
      "serve this machine's BIRD to the looking glass and take config deploys, over HTTPS (token: AGENT_TOKEN)",
    )
    .option('--socket <path>', 'BIRD control socket (default: BIRD_SOCKET)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8443')
    .option('--tls-cert <file>', 'PEM certificate (HTTPS; required unless listening on loopback)')
    .option('--tls-key <file>', 'PEM private key')
    .option(
      '--config-dir <dir>',
      'where deployed configs are written as NAME.conf (default: BIRD_CONFIG_DIR)',
    )
    .option('--no-deploy', 'serve looking-glass reads only; refuse deploys')
    .action(
      async (opts: {
        socket?: string;
        host: string;
        port: string;
        tlsCert?: string;
        tlsKey?: string;
        configDir?: string;
        deploy: boolean;
      }) => {
        const config = loadConfig();
        const socketPath = opts.socket ?? config.birdSocket;
        if (!socketPath)
          throw new IxoraError('invalid_value', 'give --socket PATH or set BIRD_SOCKET', { field: 'socket' });
        if (!config.agentToken)
          throw new IxoraError(
            'invalid_value',
            'set AGENT_TOKEN (16+ characters) to the token the API uses for this route server',
            { field: 'AGENT_TOKEN' },
          );
        if (!/^[0-9]{1,5}$/.test(opts.port) || Number(opts.port) > 65535)
          throw invalidValue('port', opts.port, 'must be a port number');
        const { startAgent } = await import('@ixora/apps/agent');
        const agent = await startAgent({
          socketPath,
          token: config.agentToken,
          host: opts.host,
          port: Number(opts.port),
          tlsCertFile: opts.tlsCert,
          tlsKeyFile: opts.tlsKey,
          ...(opts.deploy && {
            configDir: path.resolve(opts.configDir ?? config.birdConfigDir),
            birdBinary: config.birdBinary,
          }),
        });
        console.log(
          `ixora agent serving ${socketPath} on ${agent.url}/lg/v1` +
            (opts.deploy ? `, deploys into ${path.resolve(opts.configDir ?? config.birdConfigDir)}` : ''),
        );
        await new Promise<void>((resolve) => {
          for (const signal of ['SIGINT', 'SIGTERM'] as const)
            process.once(signal, () => void agent.close().then(resolve));
        });
      },
    );
}
