import type { Command } from 'commander';
import { pageRequest, parseAsn, SessionService } from '@ixora/domain';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import { allPages, type JsonOption } from './command.options.js';

/** `ixora session`: route-server sessions. */
export function registerSessionCommands(program: Command): void {
  const session = program.command('session').description('route-server sessions');
  session
    .command('list')
    .option('--asn <asn>', 'only this member')
    .option('--rs <name>', 'only this route server')
    .option('--json', 'machine-readable output')
    .action(async (opts: { asn?: string; rs?: string } & JsonOption) => {
      await withContext(async (ctx) => {
        const filter = {
          memberAsn: opts.asn === undefined ? undefined : parseAsn(opts.asn, '--asn'),
          routeServer: opts.rs,
        };
        const rows = await allPages((l, o) =>
          ctx.get(SessionService).list(ctx.actor, pageRequest(l, o), filter),
        );
        print(opts.json, rows, () =>
          printTable(rows, [
            'id',
            'routeServer',
            'memberAsn',
            'memberName',
            'family',
            'peerAddress',
            'isEnabled',
          ]),
        );
      });
    });
  for (const [name, isEnabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    session
      .command(name)
      .argument('<id>', 'session id (see session list)')
      .option('--json', 'machine-readable output')
      .action(async (id: string, opts: JsonOption) => {
        await withContext(async (ctx) => {
          const view = await ctx.get(SessionService).setEnabled(ctx.actor, id, isEnabled);
          print(opts.json, view, () =>
            console.log(
              `session ${view.id} (AS${view.memberAsn} ${view.peerAddress} on ${view.routeServer}) ${name}d`,
            ),
          );
        });
      });
  }
}
