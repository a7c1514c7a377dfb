import type { Command } from 'commander';
import { ExchangeHealthModule, ExchangeSummaryService, type StoredSummary } from '@ixora/exchange-health';
import { withContext } from '../cli-context.js';
import { print } from '../output.js';

const percent = (part: number, whole: number): string =>
  whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '-';

function printSummary(shortname: string, s: StoredSummary): void {
  const f = s.figures;
  console.log(`${shortname} ${s.day} (computed ${s.computedAt.toISOString()})`);
  console.log(`  members                    ${f.members}`);
  console.log(`  route-server participants  ${f.routeServerParticipants}`);
  console.log(
    `  members with IPv6 on RS    ${f.participantsWithIpv6} (${percent(f.participantsWithIpv6, f.members)})`,
  );
  console.log(
    `  routes received            ${f.routesReceived} from ${f.routeServersRead} of ${f.routeServers} route server(s)`,
  );
  console.log(
    `  RPKI valid/unknown/invalid ${f.rpki.valid}/${f.rpki.unknown}/${f.rpki.invalid} ` +
      `(${percent(f.rpki.valid, f.routesReceived)} / ${percent(f.rpki.unknown, f.routesReceived)} / ${percent(f.rpki.invalid, f.routesReceived)})`,
  );
  console.log(`  IRR covered                ${f.irrCovered} (${percent(f.irrCovered, f.routesReceived)})`);
  for (const action of s.manrs)
    console.log(
      `  MANRS ${action.action} ${action.status.replace('_', ' ').padEnd(7)} ${action.title}: ${action.why}`,
    );
}

export function registerExchangeCommands(program: Command): void {
  const exchange = program
    .command('exchange')
    .description("the exchange's public health figures (/exchange)");
  exchange
    .command('summary')
    .description("compute and store today's (UTC) summary of every exchange, then print it")
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withContext(
        async (ctx) => {
          const rows = await ctx.get(ExchangeSummaryService).computeAndStore();
          print(opts.json, rows, () => {
            if (rows.length === 0)
              console.log('no exchange is set up (ixora ixp add, or import an IX-F export)');
            for (const row of rows) printSummary(row.shortname, row);
          });
        },
        { modules: [ExchangeHealthModule] },
      );
    });
}
