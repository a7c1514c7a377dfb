import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import { MemberService, pageRequest } from '@ixora/domain';
import {
  MemberReadinessService,
  readRouteServersOnce,
  type MemberReadinessReport,
  type ReadinessSeverity,
} from '@ixora/readiness';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import { allPages, type JsonOption } from './command.options.js';
import { addMemberFromPeeringDb, type MemberAddOptions } from './peeringdb.commands.js';

/** `ixora member`: members. */
export function registerMemberCommands(program: Command): void {
  const member = program.command('member').description('members');
  member
    .command('add')
    .description('add a member')
    .requiredOption('--asn <asn>')
    .option('--name <name>')
    .option('--as-set <names>', 'AS-SET(s), space or comma separated, optionally SOURCE:: pinned')
    .option('--max-prefix-v4 <n>')
    .option('--max-prefix-v6 <n>')
    .option('--status <status>', 'onboarding, active, suspended or left')
    .option(
      '--allow-bogon-asn <reason>',
      'allow a bogon ASN (documentation, private-use, AS_TRANS, …), saying why (staff; audited)',
    )
    .option(
      '--from-peeringdb',
      "fill in name, AS-SETs, max-prefix, policy and interfaces from PeeringDB; values given here stay staff's own",
    )
    .option('--json', 'machine-readable output')
    .action(async (opts: MemberAddOptions) => {
      await withContext(async (ctx) => {
        if (opts.fromPeeringdb) {
          await addMemberFromPeeringDb(ctx, opts);
          return;
        }
        const saved = await ctx.get(MemberService).create(ctx.actor, {
          asn: opts.asn,
          name: opts.name,
          asSets: opts.asSet,
          maxPrefixV4: opts.maxPrefixV4,
          maxPrefixV6: opts.maxPrefixV6,
          status: opts.status,
          allowBogonAsn: opts.allowBogonAsn,
        });
        print(opts.json, saved, () => console.log(`added member AS${saved.asn} ${saved.name}`));
      });
    });
  member
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = await allPages((l, o) => ctx.get(MemberService).list(ctx.actor, pageRequest(l, o)));
        print(opts.json, rows, () =>
          printTable(rows, ['asn', 'name', 'status', 'asSets', 'maxPrefixV4', 'maxPrefixV6']),
        );
      });
    });
  member
    .command('show')
    .argument('<asn>')
    .option('--json', 'machine-readable output')
    .action(async (asn: string, opts: JsonOption) => {
      await withContext(async (ctx) => {
        const detail = await ctx.get(MemberService).get(ctx.actor, asn);
        print(opts.json, detail, () => {
          const m = detail.member;
          console.log(`AS${m.asn}  ${m.name}  (${m.status}, ${m.memberType})`);
          console.log(
            `as-sets: ${m.asSets.join(' ') || '-'}   max-prefix v4/v6: ${m.maxPrefixV4 ?? '-'}/${m.maxPrefixV6 ?? '-'}`,
          );
          console.log('\ninterfaces:');
          printTable(detail.interfaces, [
            'id',
            'peeringLanId',
            'ipv4Address',
            'ipv6Address',
            'isRouteServerClient',
            'macAddresses',
          ]);
          console.log('\nsessions:');
          printTable(detail.sessions, ['id', 'routeServerId', 'memberInterfaceId', 'family', 'isEnabled']);
        });
      });
    });
  member
    .command('readiness')
    .description(
      'what would be filtered for this member, and why: PeeringDB, IRR, RPKI and max-prefix checks, and what the route servers filter once its sessions are up',
    )
    .argument('<asn>')
    .option(
      '--no-route-servers',
      'leave the route servers unread (the report then says what would happen only)',
    )
    .option('--json', 'machine-readable output')
    .action(async (asn: string, opts: { json?: boolean; routeServers: boolean }) => {
      await withContext(async (ctx) => {
        const service = ctx.get(MemberReadinessService);
        // The member is checked before any route server is read.
        await service.facts(ctx.actor, asn);
        const routeServers = opts.routeServers
          ? await readRouteServersOnce(ctx.get(DataSource), ctx.config)
          : undefined;
        try {
          const report = await service.report(ctx.actor, asn, { routeServers: routeServers?.views });
          print(opts.json, report, () => printReadiness(report));
        } finally {
          await routeServers?.close();
        }
      });
    });
}

const MARK: Record<ReadinessSeverity, string> = { ok: 'ok     ', warning: 'warning', error: 'ERROR  ' };

function printReadiness(report: MemberReadinessReport): void {
  const phase = report.phase === 'after_turn_up' ? 'sessions up' : 'before turn-up';
  console.log(`AS${report.asn}  ${report.name}  (${report.status}, ${phase})`);
  const { error, warning, ok } = report.counts;
  console.log(
    `${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${ok} ok\n`,
  );
  for (const finding of report.findings) {
    console.log(`${MARK[finding.severity]}  ${finding.check}: ${finding.message}`);
    for (const item of finding.items) console.log(`           - ${item}`);
    if (finding.itemCount > finding.items.length)
      console.log(`           … and ${finding.itemCount - finding.items.length} more`);
    if (finding.action) console.log(`           what to do: ${finding.action}`);
  }
}
