import type { Command } from 'commander';
import { invalidValue } from '@ixora/errors';
import { IXP_SETTING_KEYS, IXP_SETTINGS, IxpService, ixpSettingsOf } from '@ixora/domain';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import type { JsonOption } from './command.options.js';

function printIxpSettings(json: boolean | undefined, ixp: Parameters<typeof ixpSettingsOf>[0]): void {
  const settings = ixpSettingsOf(ixp);
  print(json, { shortname: ixp.shortname, ...settings }, () => {
    console.log(`ixp ${ixp.shortname}`);
    printTable(
      IXP_SETTING_KEYS.map((key) => ({
        setting: key,
        value: settings[key] === null ? '(not set)' : settings[key],
        meaning: IXP_SETTINGS[key].meaning,
      })),
      ['setting', 'value', 'meaning'],
    );
  });
}

/** `ixora ixp`: the exchange and its exchange-wide settings. */
export function registerIxpCommands(program: Command): void {
  const ixp = program.command('ixp').description('the exchange');
  ixp
    .command('add')
    .description('add an Ixp (IX-F import creates it too)')
    .requiredOption('--shortname <name>')
    .option('--name <name>')
    .option('--country <cc>', 'ISO 3166 two-letter code')
    .option('--json', 'machine-readable output')
    .action(async (opts: { shortname: string; name?: string; country?: string } & JsonOption) => {
      await withContext(async (ctx) => {
        const saved = await ctx.get(IxpService).addIxp(ctx.actor, opts);
        print(opts.json, saved, () => console.log(`added ixp ${saved.shortname} (id ${saved.id})`));
      });
    });
  ixp
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = await ctx.get(IxpService).listIxps();
        print(opts.json, rows, () => printTable(rows, ['id', 'shortname', 'name', 'country']));
      });
    });

  ixp
    .command('show')
    .description('the exchange-wide settings, with what each one means')
    .option('--ixp <shortname>', 'the Ixp (default: the only one)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { ixp?: string } & JsonOption) => {
      await withContext(async (ctx) => {
        const found = await ctx.get(IxpService).findIxp(ctx.actor, opts.ixp);
        printIxpSettings(opts.json, found);
      });
    });
  ixp
    .command('set')
    .description(
      'change exchange-wide settings: KEY=VALUE … (see `ixora ixp show`; KEY= clears a text or address, ' +
        'transitFreeAsns=default restores the well-known list). Import-policy defaults: `ixora policy set --ixp`',
    )
    .argument('<settings...>')
    .option('--ixp <shortname>', 'the Ixp (default: the only one)')
    .option('--json', 'machine-readable output')
    .action(async (words: string[], opts: { ixp?: string } & JsonOption) => {
      const patch: Record<string, unknown> = {};
      for (const word of words) {
        const match = /^([A-Za-z0-9]+)=(.*)$/s.exec(word);
        if (!match) throw invalidValue('setting', word, 'must be KEY=VALUE (e.g. isGracefulShutdown=true)');
        patch[match[1]!] = match[2] === '' ? null : match[2];
      }
      await withContext(async (ctx) => {
        const saved = await ctx.get(IxpService).setSettings(ctx.actor, opts.ixp, patch);
        printIxpSettings(opts.json, saved);
      });
    });
}
