import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '@ixora/config';
import { migrate } from '@ixora/database';
import { IxfExporter, type ImportCounts, IxfImporter } from '@ixora/domain';
import { openAppDatabase, withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import { progressBar } from '../progress.js';
import type { JsonOption } from './command.options.js';
import { readSource } from './read-source.js';

/** `ixora db`, `ixora import ixf`, `ixora export ixf`: the database and the IX-F Member Export. */
export function registerCoreCommands(program: Command): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('apply migrations (idempotent)')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      const config = loadConfig();
      const database = await openAppDatabase(config);
      try {
        const applied = await migrate(database.dataSource);
        print(opts.json, { database: database.kind, applied }, () =>
          console.log(
            applied.length
              ? `applied ${applied.length} migration(s) on the ${database.kind} database: ${applied.join(', ')}`
              : `the ${database.kind} database is up to date`,
          ),
        );
      } finally {
        await database.close();
      }
    });

  program
    .command('import')
    .description('import data')
    .command('ixf')
    .argument('<source>', 'IX-F Member Export JSON file or URL')
    .description('import an IX-F Member Export (JSON schema 1.0); re-import updates')
    .option(
      '--allow-bogon-asn <reason>',
      'allow the bogon ASNs (documentation, private-use, …) of the members this import creates, saying why (audited)',
    )
    .option('--json', 'machine-readable output')
    .action(async (source: string, opts: { allowBogonAsn?: string } & JsonOption) => {
      const text = await readSource(source, 'source');
      await withContext(async (ctx) => {
        const bar = progressBar('members', !opts.json);
        try {
          const result = await ctx.get(IxfImporter).import(ctx.actor, text, {
            onProgress: (d, t) => bar.update(d, t),
            allowBogonAsn: opts.allowBogonAsn,
          });
          bar.stop();
          print(opts.json, result, () => {
            const rows = Object.entries(result)
              .filter(([, v]) => typeof v === 'object')
              .map(([kind, c]) => ({ kind, ...(c as ImportCounts) }));
            printTable(rows, ['kind', 'created', 'updated', 'deleted', 'unchanged']);
            console.log(`sessions: ${result.sessionsCreated} created, ${result.sessionsRemoved} removed`);
          });
        } finally {
          bar.stop();
        }
      });
    });

  program
    .command('export')
    .description('export data')
    .command('ixf')
    .description(
      'write the IX-F Member Export 1.0 of this Ixp as the public sees it (no hidden members, ' +
        'no MAC addresses, http(s) member URLs only)',
    )
    .option('--full', 'everything as stored, for backups and re-imports: hidden members, MAC addresses')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (opts: { out?: string; full?: boolean }) => {
      await withContext(async (ctx) => {
        const exported = await ctx.get(IxfExporter).export(opts.full ? 'full' : 'public');
        const text = `${JSON.stringify(exported, null, 2)}\n`;
        if (opts.out) {
          await writeFile(opts.out, text);
          console.error(`wrote ${opts.out}`);
        } else process.stdout.write(text);
      });
    });
}
