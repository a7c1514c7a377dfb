import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import {
  PeeringDbApiSource,
  PeeringDbCheckService,
  PeeringDbClient,
  PeeringDbMirrorSource,
  PeeringDbOnboardingService,
  describeFailures,
  syncPeeringDb,
  type OnboardingResult,
  type PeeringDbRetryEvent,
} from '@ixora/peeringdb';
import { parseId } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import type { CliContext } from '../cli-context.js';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import { progressBar } from '../progress.js';
import { IXORA_VERSION } from '../version.js';

interface JsonOption {
  json?: boolean;
}

function client(ctx: CliContext, quiet: boolean): PeeringDbClient {
  return PeeringDbClient.fromConfig(ctx.config, {
    userAgent: `ixora/${IXORA_VERSION} (IXP route-server platform)`,
    // Every retry is reported, so a slow sync says why.
    onRetry: quiet ? undefined : (e: PeeringDbRetryEvent) => process.stderr.write(`${describeRetry(e)}\n`),
  });
}

function describeRetry(e: PeeringDbRetryEvent): string {
  const why = typeof e.reason === 'number' ? `HTTP ${e.reason}` : e.reason;
  return `peeringdb: ${why} from ${e.url}, retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s`;
}

/** `ixora peeringdb sync|check|follow`. */
export function registerPeeringDbCommands(program: Command): void {
  const peeringdb = program
    .command('peeringdb')
    .description('PeeringDB mirror, consistency report and follow switches');

  peeringdb
    .command('sync')
    .description(
      'mirror PeeringDB (incremental with `since` unless --full), then refresh members that follow it',
    )
    .option('--full', 'fetch everything and delete what PeeringDB no longer lists')
    .option('--no-refresh', 'only mirror; leave members as they are')
    .option('--json', 'machine-readable output')
    .action(async (opts: { full?: boolean; refresh: boolean } & JsonOption) => {
      await withContext(async (ctx) => {
        const dataSource = ctx.get(DataSource);
        const bar = progressBar('peeringdb sync', !opts.json);
        let result;
        try {
          result = await syncPeeringDb(dataSource, client(ctx, Boolean(opts.json)), {
            full: opts.full,
            onProgress: (p) => bar.update(p.typeIndex + (p.phase === 'done' ? 1 : 0), p.typeCount),
          });
        } finally {
          bar.stop();
        }
        const refreshed = opts.refresh
          ? await new PeeringDbOnboardingService(dataSource).refreshAll(
              ctx.actor,
              new PeeringDbMirrorSource(dataSource.manager),
            )
          : [];
        const changedMembers = refreshed.filter(
          (r) => r.changed.length > 0 || r.handSet.length > 0 || r.warnings.length > 0,
        );
        print(opts.json, { ...result, refreshed: changedMembers }, () => {
          const rows = Object.entries(result.counts).map(([type, c]) => ({ type, ...c }));
          printTable(rows, ['type', 'mode', 'fetched', 'created', 'updated', 'deleted']);
          const t = result.totals;
          console.log(
            `peeringdb sync (run ${result.runId}): ${t.created} created, ${t.updated} updated, ${t.deleted} deleted` +
              (result.retries.length ? `; ${result.retries.length} retried request(s)` : ''),
          );
          for (const r of changedMembers) {
            const parts = [
              r.changed.length ? `updated ${r.changed.join(', ')}` : '',
              r.handSet.length ? `stopped following hand-set ${r.handSet.join(', ')}` : '',
            ];
            if (parts.some(Boolean)) console.log(`AS${r.asn}: ${parts.filter(Boolean).join('; ')}`);
            for (const w of r.warnings) console.log(`AS${r.asn}: warning: ${w}`);
          }
        });
        if (result.status === 'partial') {
          // Non-zero exit, after the report: what synced is kept, what failed keeps its last good rows.
          const types = result.failures.map((f) => f.objectType).join(', ');
          throw new IxoraError(
            'upstream_failed',
            `peeringdb sync partial (run ${result.runId}): ${types} failed and keep their last good data, the other types synced; ${describeFailures(result.failures)}`,
          );
        }
      });
    });

  peeringdb
    .command('check')
    .description("differences between the Ixp's members and PeeringDB's netixlan records (from the mirror)")
    .option('--ixp <id>', 'the Ixp (default: the only one)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { ixp?: string } & JsonOption) => {
      await withContext(async (ctx) => {
        const report = await new PeeringDbCheckService(ctx.get(DataSource)).check({
          ixpId: opts.ixp === undefined ? undefined : parseId(opts.ixp, '--ixp'),
        });
        print(opts.json, report, () => {
          const synced = report.mirrorSyncedAt
            ? report.mirrorSyncedAt.toISOString()
            : 'never (run `ixora peeringdb sync`)';
          console.log(`PeeringDB ix ${report.peeringdbIxId}, mirror synced ${synced}`);
          if (report.lastSyncRun?.status === 'failed' && report.staleTypes.length === 0) {
            console.log(
              `warning: the last sync (run ${report.lastSyncRun.runId}) failed, the mirror may be stale: ${report.lastSyncRun.error ?? ''}`,
            );
          }
          for (const t of report.staleTypes) {
            const from = t.lastSyncedAt ? `from ${t.lastSyncedAt.toISOString()}` : 'missing (never synced)';
            console.log(
              `stale: PeeringDB ${t.objectType} data is ${from}; its sync at ${t.failedAt.toISOString()} failed: ${t.error}`,
            );
          }
          if (report.isConsistent) {
            console.log('consistent: every member matches PeeringDB');
            return;
          }
          const section = <T extends object>(
            title: string,
            rows: readonly T[],
            columns: readonly (keyof T & string)[],
          ) => {
            if (rows.length === 0) return;
            console.log(`\n${title} (${rows.length})`);
            printTable(rows, columns);
          };
          section('in PeeringDB, not in ixora', report.missing, [
            'asn',
            'netName',
            'ipv4Address',
            'ipv6Address',
            'reason',
          ]);
          section('in ixora, not in PeeringDB', report.extra, [
            'asn',
            'memberName',
            'ipv4Address',
            'ipv6Address',
            'reason',
          ]);
          section(
            'different addresses',
            report.differentAddresses.map((d) => ({
              asn: d.asn,
              memberName: d.memberName,
              ixora: [d.ixora.ipv4Address, d.ixora.ipv6Address].filter(Boolean).join(' '),
              peeringdb: [d.peeringdb.ipv4Address, d.peeringdb.ipv6Address].filter(Boolean).join(' '),
            })),
            ['asn', 'memberName', 'ixora', 'peeringdb'],
          );
          section(
            'never via route servers, but with route-server sessions',
            report.neverViaRouteServersWithSessions,
            ['asn', 'memberName', 'enabledSessions'],
          );
        });
      });
    });

  peeringdb
    .command('follow')
    .description('which fields of a member follow PeeringDB (without --fields: show them)')
    .argument('<asn>')
    .option(
      '--fields <list>',
      'comma list of name,url,asSets,maxPrefixV4,maxPrefixV6,peeringPolicy,isNeverViaRouteServers,interfaces ("" for none)',
    )
    .option('--json', 'machine-readable output')
    .action(async (asn: string, opts: { fields?: string } & JsonOption) => {
      await withContext(async (ctx) => {
        const onboarding = new PeeringDbOnboardingService(ctx.get(DataSource));
        const follow =
          opts.fields === undefined
            ? ((await onboarding.followOf(asn))?.follow ?? null)
            : await onboarding.setFollow(
                ctx.actor,
                asn,
                opts.fields
                  .split(',')
                  .map((f) => f.trim())
                  .filter(Boolean),
              );
        print(opts.json, { asn, follow }, () =>
          console.log(
            follow === null
              ? `${asn} is not linked to PeeringDB`
              : `${asn} follows PeeringDB for: ${follow.join(', ') || 'nothing'}`,
          ),
        );
      });
    });
}

/** `ixora member add --asn A --from-peeringdb [--name …]`: values given on the line are staff's own. */
/** The options of `ixora member add`, as commander gives them. */
export interface MemberAddOptions {
  asn: string;
  name?: string;
  asSet?: string;
  maxPrefixV4?: string;
  maxPrefixV6?: string;
  status?: string;
  allowBogonAsn?: string;
  fromPeeringdb?: boolean;
  json?: boolean;
}

export async function addMemberFromPeeringDb(
  ctx: CliContext,
  opts: MemberAddOptions,
): Promise<OnboardingResult> {
  const dataSource = ctx.get(DataSource);
  const result = await new PeeringDbOnboardingService(dataSource).onboard(
    ctx.actor,
    new PeeringDbApiSource(client(ctx, Boolean(opts.json))),
    {
      asn: opts.asn,
      overrides: {
        name: opts.name,
        asSets: opts.asSet,
        maxPrefixV4: opts.maxPrefixV4,
        maxPrefixV6: opts.maxPrefixV6,
        status: opts.status,
      },
      allowBogonAsn: opts.allowBogonAsn,
    },
  );
  print(opts.json, result, () => {
    const m = result.member;
    console.log(`added member AS${m.asn} ${m.name} from PeeringDB`);
    console.log(
      `  AS-SETs ${m.asSets.join(' ') || '-'}, max-prefix ${m.maxPrefixV4 ?? '-'}/${m.maxPrefixV6 ?? '-'}, policy ${m.peeringPolicy ?? '-'}${m.isNeverViaRouteServers ? ', never via route servers' : ''}`,
    );
    for (const i of result.interfaces)
      console.log(
        `  interface ${[i.ipv4Address, i.ipv6Address].filter(Boolean).join(' ')}${i.isRouteServerClient ? ' (route-server client)' : ''}`,
      );
    console.log(`  follows PeeringDB for: ${result.follow.join(', ') || 'nothing'}`);
    for (const w of result.warnings) console.log(`  warning: ${w}`);
  });
  return result;
}
