import type { Command } from 'commander';
import { IxoraError } from '@ixora/errors';
import { RouteServerService } from '@ixora/domain';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import type { JsonOption } from './command.options.js';

/** `ixora rs`: route servers. */
export function registerRsCommands(program: Command): void {
  const rs = program.command('rs').description('route servers');
  rs.command('add')
    .description('add a route server on the peering LAN that holds its address')
    .requiredOption('--name <name>')
    .requiredOption('--asn <asn>')
    .requiredOption('--router-id <ip>')
    .option('--ipv4 <ip>')
    .option('--ipv6 <ip>')
    .option('--socket <path>', 'BIRD control socket')
    .option('--agent <url>', 'ixora agent beside a remote BIRD')
    .option('--json', 'machine-readable output')
    .action(
      async (
        opts: {
          name: string;
          asn: string;
          routerId: string;
          ipv4?: string;
          ipv6?: string;
          socket?: string;
          agent?: string;
        } & JsonOption,
      ) => {
        await withContext(async (ctx) => {
          const { routeServer, sessionsCreated } = await ctx.get(RouteServerService).add(ctx.actor, {
            name: opts.name,
            asn: opts.asn,
            routerId: opts.routerId,
            ipv4Address: opts.ipv4,
            ipv6Address: opts.ipv6,
            socketPath: opts.socket,
            agentUrl: opts.agent,
          });
          print(opts.json, { routeServer, sessionsCreated }, () =>
            console.log(
              `added route server ${routeServer.name} (AS${routeServer.asn}) with ${sessionsCreated} session(s)`,
            ),
          );
        });
      },
    );
  rs.command('set')
    .argument('<name>')
    .description("change how a route server's BIRD is reached")
    .option('--socket <path>', 'BIRD control socket on this machine')
    .option('--agent <url>', 'ixora agent beside a remote BIRD')
    .option('--default-socket', 'neither: use BIRD_SOCKET')
    .option('--json', 'machine-readable output')
    .action(
      async (
        name: string,
        opts: { socket?: string; agent?: string; defaultSocket?: boolean } & JsonOption,
      ) => {
        const chosen = [opts.socket, opts.agent, opts.defaultSocket].filter((o) => o !== undefined);
        if (chosen.length !== 1)
          throw new IxoraError(
            'invalid_value',
            'give exactly one of --socket PATH, --agent URL, --default-socket',
          );
        await withContext(async (ctx) => {
          const saved = await ctx.get(RouteServerService).setReach(ctx.actor, name, {
            socketPath: opts.socket ?? null,
            agentUrl: opts.agent ?? null,
          });
          print(opts.json, saved, () =>
            console.log(
              `route server ${saved.name} is read through ${
                saved.socketPath ?? saved.agentUrl ?? 'BIRD_SOCKET'
              }`,
            ),
          );
        });
      },
    );
  rs.command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = await ctx.get(RouteServerService).list();
        print(opts.json, rows, () =>
          printTable(rows, [
            'name',
            'asn',
            'routerId',
            'ipv4Address',
            'ipv6Address',
            'socketPath',
            'agentUrl',
          ]),
        );
      });
    });
}
