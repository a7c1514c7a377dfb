import type { Command } from 'commander';
import { SwitchService, switchRecord } from '@ixora/domain';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import type { JsonOption } from './command.options.js';

interface SwitchOptions extends JsonOption {
  ixp?: string;
  name?: string;
  colo?: string;
  city?: string;
  country?: string;
  facility?: string;
  managementAddress?: string;
  manufacturer?: string;
  model?: string;
}

function switchInput(opts: SwitchOptions) {
  return {
    name: opts.name,
    colo: opts.colo,
    city: opts.city,
    country: opts.country,
    peeringdbFacilityId: opts.facility,
    managementAddress: opts.managementAddress,
    manufacturer: opts.manufacturer,
    model: opts.model,
  };
}

function switchOptions(command: Command): Command {
  return command
    .option('--colo <facility>', 'where it stands: the facility name')
    .option('--facility <id>', 'the PeeringDB facility id (fac)')
    .option('--city <city>')
    .option('--country <code>', 'ISO 3166 two-letter code')
    .option('--management-address <ip>', 'IPv4 or IPv6 address staff reach it by ("" clears)')
    .option('--manufacturer <name>')
    .option('--model <name>')
    .option('--json', 'machine-readable output');
}

/** `ixora switch`: peering switches. */
export function registerSwitchCommands(program: Command): void {
  const sw = program.command('switch').description('peering switches');
  sw.command('list')
    .description('switches with where they stand and how many ports they carry')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = (await ctx.get(SwitchService).list(ctx.actor)).map(switchRecord);
        print(opts.json, rows, () =>
          printTable(rows, ['id', 'name', 'colo', 'peeringdbFacilityId', 'managementAddress', 'portCount']),
        );
      });
    });
  switchOptions(
    sw
      .command('add')
      .description('add a switch')
      .requiredOption('--name <name>', 'e.g. sw1.fra1')
      .option('--ixp <shortname>', 'the Ixp (default: the only one)'),
  ).action(async (opts: SwitchOptions) => {
    await withContext(async (ctx) => {
      const service = ctx.get(SwitchService);
      const saved = await service.create(ctx.actor, { ...switchInput(opts), ixp: opts.ixp });
      const row = switchRecord(await service.get(ctx.actor, saved.id));
      print(opts.json, row, () => console.log(`added switch ${row.name} (id ${row.id})`));
    });
  });
  switchOptions(
    sw
      .command('edit')
      .description('change a switch (its ports stay)')
      .argument('<switch>', 'switch id or name')
      .option('--name <name>', 'a new name'),
  ).action(async (ref: string, opts: SwitchOptions) => {
    await withContext(async (ctx) => {
      const service = ctx.get(SwitchService);
      const saved = await service.update(ctx.actor, ref, switchInput(opts));
      const row = switchRecord(await service.get(ctx.actor, saved.id));
      print(opts.json, row, () => console.log(`changed switch ${row.name} (id ${row.id})`));
    });
  });
  sw.command('remove')
    .description('remove a switch that carries no port (move or remove its ports first)')
    .argument('<switch>', 'switch id or name')
    .action(async (ref: string) => {
      await withContext(async (ctx) => {
        await ctx.get(SwitchService).remove(ctx.actor, ref);
        console.log(`removed switch ${ref}`);
      });
    });
}
