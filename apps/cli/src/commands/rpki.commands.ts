import type { Command } from 'commander';
import { parseAsn } from '@ixora/domain';
import { invalidValue } from '@ixora/errors';
import { RpkiSnapshotService } from '@ixora/rpki';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import { progressBar } from '../progress.js';

export function registerRpkiCommands(program: Command): void {
  const rpki = program.command('rpki').description('RPKI validated ROA payloads');
  rpki
    .command('refresh')
    .description('load VRPs (rpki-client, Routinator jsonext or RIPE validator JSON) as the current snapshot')
    .option('--file <path>', 'a VRP JSON file')
    .option('--url <url>', 'a VRP JSON URL')
    .option('--force', 'replace the current snapshot even with an empty or much smaller one')
    .option('--json', 'machine-readable output')
    .action(async (opts: { file?: string; url?: string; force?: boolean; json?: boolean }) => {
      if (opts.file && opts.url) throw invalidValue('--url', opts.url, 'cannot be combined with --file');
      await withContext(async (ctx) => {
        const bar = progressBar('VRPs', !opts.json);
        try {
          const result = await ctx.get(RpkiSnapshotService).refresh(ctx.actor, {
            location: opts.file ?? opts.url,
            isOperatorLocation: true,
            force: opts.force,
            onProgress: (d, t) => bar.update(d, t),
          });
          bar.stop();
          print(opts.json, result, () => {
            console.log(
              `loaded ${result.vrpCount} VRPs (${result.format}) as snapshot ${result.snapshotId}` +
                (result.previousCount === null ? '' : `, replacing ${result.previousCount}`),
            );
            if (result.forcedReason) console.log(`forced: ${result.forcedReason}`);
            if (result.duplicates) console.log(`${result.duplicates} duplicate entries dropped`);
            for (const r of result.rejected.slice(0, 20))
              console.log(`rejected entry ${r.index}: ${r.field} ${JSON.stringify(r.value)} ${r.reason}`);
            if (result.rejected.length > 20)
              console.log(`… and ${result.rejected.length - 20} more rejected`);
          });
        } finally {
          bar.stop();
        }
      });
    });
  rpki
    .command('report')
    .description("ROA coverage of members' IRR prefixes (valid, invalid, unknown)")
    .option('--asn <asn>', 'only this member')
    .option('--json', 'machine-readable output')
    .action(async (opts: { asn?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const rows = await ctx
          .get(RpkiSnapshotService)
          .report(opts.asn === undefined ? undefined : parseAsn(opts.asn, '--asn'));
        print(opts.json, rows, () =>
          printTable(
            rows.map((r) => ({ ...r, irrV4: r.irrStatus.v4, irrV6: r.irrStatus.v6 })),
            ['asn', 'name', 'valid', 'invalid', 'unknown', 'irrV4', 'irrV6'],
          ),
        );
      });
    });
}
