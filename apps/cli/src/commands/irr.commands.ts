import type { Command } from 'commander';
import { parseAsn } from '@ixora/domain';
import { IrrRefreshService, type PrefixSet } from '@ixora/irr';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import { progressBar } from '../progress.js';

/** Longer prefix lists are left to --json: the aggregated entries say the same in fewer lines. */
const MAX_PREFIXES_SHOWN = 1000;

export function registerIrrCommands(program: Command): void {
  const irr = program
    .command('irr')
    .description("members' IRR data (AS-SETs, route/route6 objects) as PrefixSets");
  irr
    .command('refresh')
    .description(
      'expand AS-SETs and route objects into PrefixSets (IRR_HOST, IRR_SOURCES); a failed fetch keeps the last good data',
    )
    .option('--asn <asn>', 'only this member')
    .option('--json', 'machine-readable output')
    .action(async (opts: { asn?: string; json?: boolean }) => {
      const asn = opts.asn === undefined ? undefined : parseAsn(opts.asn, '--asn');
      await withContext(async (ctx) => {
        const bar = progressBar('members', !opts.json);
        try {
          const report = await ctx.get(IrrRefreshService).refresh(ctx.actor, {
            asn,
            onProgress: (p) => bar.update(p.done, p.total),
          });
          bar.stop();
          print(opts.json, report, () => {
            console.log(
              `refreshed ${report.results.length} members from ${ctx.config.irrHost}:${ctx.config.irrPort}: ` +
                `${report.ok} ok, ${report.stale} stale (last good data kept), ${report.failed} without data`,
            );
            const notable = report.results.filter((r) => r.status !== 'ok' || r.warnings.length > 0);
            for (const r of notable) {
              console.log(`warning: AS${r.asn} ${r.status}: ${r.error ?? r.warnings.join('; ')}`);
            }
          });
        } finally {
          bar.stop();
        }
      });
    });
  irr
    .command('show')
    .description(
      "a member's PrefixSets: ASNs, prefixes and aggregated entries per family, source, time, status",
    )
    .argument('<asn>')
    .option('--json', 'machine-readable output')
    .action(async (asnText: string, opts: { json?: boolean }) => {
      const asn = parseAsn(asnText, 'asn');
      await withContext(async (ctx) => {
        const { member, sets } = await ctx.get(IrrRefreshService).show(asn);
        const families = sets ? [sets.v4, sets.v6] : [];
        print(opts.json, { asn, name: member.name, asSets: member.asSets, prefixSets: families }, () => {
          console.log(`AS${asn}  ${member.name}   as-sets: ${member.asSets.join(' ') || '-'}`);
          if (!sets) {
            console.log(
              'warning: never refreshed: the IRR check accepts none of its routes (run `ixora irr refresh`)',
            );
            return;
          }
          printTable(families.map(summary), [
            'family',
            'status',
            'asns',
            'prefixes',
            'entries',
            'source',
            'fetchedAt',
            'checkedAt',
          ]);
          console.log(`\nASNs: ${sets.v4.asns.map((a) => `AS${a}`).join(' ') || '-'}`);
          for (const set of families) {
            console.log(`\nIPv${set.family} prefixes (${set.prefixes.length}):`);
            if (set.prefixes.length <= MAX_PREFIXES_SHOWN) console.log(`  ${set.prefixes.join(' ') || '-'}`);
            else console.log(`  (more than ${MAX_PREFIXES_SHOWN}; --json lists them all)`);
            console.log(`IPv${set.family} aggregated entries (${set.aggregated.length}):`);
            for (const entry of set.aggregated) console.log(`  ${entry}`);
            for (const warning of set.warnings) console.log(`warning: ${warning}`);
          }
        });
      });
    });
}

function summary(set: PrefixSet) {
  return {
    family: `IPv${set.family}`,
    status: set.status,
    asns: set.asns.length,
    prefixes: set.prefixes.length,
    entries: set.aggregated.length,
    source: set.sources.join(','),
    fetchedAt: set.fetchedAt?.toISOString() ?? null,
    checkedAt: set.checkedAt.toISOString(),
  };
}
