import type { Command } from 'commander';
import { IxpService } from '@ixora/domain';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import type { JsonOption } from './command.options.js';

/** `ixora lan`: peering LANs. */
export function registerLanCommands(program: Command): void {
  const lan = program.command('lan').description('peering LANs');
  lan
    .command('add')
    .description('add a peering LAN with its prefixes')
    .requiredOption('--name <name>')
    .option('--ixp <shortname>', 'the Ixp (default: the only one)')
    .option('--vlan <id>')
    .option('--prefix-v4 <prefix>')
    .option('--prefix-v6 <prefix>')
    .option('--json', 'machine-readable output')
    .action(
      async (
        opts: {
          name: string;
          ixp?: string;
          vlan?: string;
          prefixV4?: string;
          prefixV6?: string;
        } & JsonOption,
      ) => {
        await withContext(async (ctx) => {
          const saved = await ctx.get(IxpService).addLan(ctx.actor, { ...opts, vlanId: opts.vlan });
          print(opts.json, saved, () => console.log(`added peering LAN ${saved.name} (id ${saved.id})`));
        });
      },
    );
  lan
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = await ctx.get(IxpService).listLans();
        print(opts.json, rows, () => printTable(rows, ['id', 'name', 'vlanId', 'prefixV4', 'prefixV6']));
      });
    });
}
