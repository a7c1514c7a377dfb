import type { Command } from 'commander';
import {
  RouteServerConfigService,
  type BuildWarning,
  type ConfigDeployResult,
  type DeployOptions,
  type DeployProgress,
} from '@ixora/domain';
import { invalidValue, isIxoraError, IxoraError } from '@ixora/errors';
import { filterReason } from '@ixora/bird-config';
import {
  describeGuardViolations,
  RouteImpactModule,
  RouteImpactService,
  type RouteChange,
  type RouteImpactReport,
} from '@ixora/route-impact';
import { withContext } from '../cli-context.js';
import { print } from '../output.js';

interface RsOption {
  rs: string;
  json?: boolean;
}

export function registerConfigCommands(program: Command): void {
  const config = program
    .command('config')
    .description('route-server configs: build, diff, deploy, roll back');
  config
    .command('build')
    .description(
      'render, validate with `bird -p`, store a ConfigVersion and print its path; a member whose IRR data ' +
        'cannot be used gets no routes through the IRR step and a warning (exit 0 unless --strict)',
    )
    .requiredOption('--rs <name>', 'route server')
    .option('--out <file>', 'write the config here (default: BIRD_CONFIG_DIR/builds/NAME-VERSION.conf)')
    .option('--strict', 'warnings are fatal: exit non-zero and store nothing that could be deployed')
    .option('--json', 'machine-readable output')
    .action(async (opts: RsOption & { out?: string; strict?: boolean }) => {
      await withContext(async (ctx) => {
        let result;
        try {
          result = await ctx
            .get(RouteServerConfigService)
            .build(ctx.actor, opts.rs, { out: opts.out, strict: opts.strict === true });
        } catch (error) {
          if (isIxoraError(error) && Array.isArray(error.details.warnings))
            printWarnings(error.details.warnings as BuildWarning[]);
          throw error;
        }
        const v = result.version;
        print(
          opts.json,
          {
            id: v.id,
            sha256: v.sha256,
            sizeBytes: v.sizeBytes,
            buildMs: v.buildMs,
            validationStatus: v.validationStatus,
            validationOutput: v.validationOutput,
            warnings: result.warnings,
            path: result.path,
          },
          () => {
            printWarnings(result.warnings);
            console.log(result.path);
            console.error(
              `config version ${v.id}: ${v.sizeBytes} bytes, sha256 ${v.sha256.slice(0, 16)}…, built in ${v.buildMs} ms, ${v.validationStatus}${result.warnings.length ? `, ${result.warnings.length} warning(s)` : ''}`,
            );
          },
        );
        if (!result.isValid) {
          throw new IxoraError(
            'validation_failed',
            `BIRD rejected config version ${v.id}; it will never be deployed: ${v.validationOutput.split('\n')[0]}`,
          );
        }
      });
    });
  config
    .command('diff')
    .description(
      'what the next build changes against the deployed config (unified diff); with --impact, what it ' +
        'changes for the routes the route server holds now: per member and family, the routes that ' +
        'would become filtered or accepted, and why',
    )
    .requiredOption('--rs <name>', 'route server')
    .option('--impact', 'evaluate every route the route server holds under the deployed and the next config')
    .option('--json', 'machine-readable output')
    .action(async (opts: RsOption & { impact?: boolean }) => {
      if (opts.impact) {
        await withContext(
          async (ctx) => {
            const report = await ctx.get(RouteImpactService).impactOfNextBuild(ctx.actor, opts.rs);
            print(opts.json, report, () => printImpact(report));
          },
          { modules: [RouteImpactModule] },
        );
        return;
      }
      await withContext(async (ctx) => {
        const result = await ctx.get(RouteServerConfigService).diff(opts.rs);
        print(opts.json, result, () =>
          process.stdout.write(result.isChanged ? result.diff : `no changes against the deployed config\n`),
        );
      });
    });
  addDeployOptions(
    config
      .command('deploy')
      .description(
        'write the newest valid config into BIRD_CONFIG_DIR and reload BIRD (configure check, configure), ' +
          'then re-evaluate the routes of the sessions whose inputs changed (reload in; sessions stay up). ' +
          "Stops when the config would newly filter more than the exchange's impactGuardPercent (10 % unless " +
          "set with `ixora ixp set`) of any member's accepted routes in a family, unless --force. " +
          'Route servers of one peering LAN deploy one at a time: this waits for a deploy of the other one ' +
          'to finish and its sessions to be established again, then waits the same way for its own',
      )
      .requiredOption('--rs <name>', 'route server'),
  ).action(async (opts: RsOption & DeployCliOptions) => {
    await withContext(
      async (ctx) => {
        const result = await ctx
          .get(RouteImpactService)
          .deploy(ctx.actor, opts.rs, { force: opts.force === true, ...deployOptions(opts) });
        warnIfForced(result.impact);
        printDeployResult(opts, result, `deployed config version ${result.version.id}`);
      },
      { modules: [RouteImpactModule] },
    );
  });
  addDeployOptions(
    config
      .command('rollback')
      .description(
        'deploy an earlier config version of the route server again, the same way as `config deploy` ' +
          '(the route impact guard, `bird -p` again, configure check, configure, reloads, one route server ' +
          'of a LAN at a time); it is stored as a new config version that names the one it copies',
      )
      .requiredOption('--rs <name>', 'route server')
      .requiredOption('--to <version>', 'the config version to deploy again (an id from the version list)'),
  ).action(async (opts: RsOption & DeployCliOptions & { to: string }) => {
    await withContext(
      async (ctx) => {
        const result = await ctx
          .get(RouteImpactService)
          .rollback(ctx.actor, opts.rs, opts.to, { force: opts.force === true, ...deployOptions(opts) });
        warnIfForced(result.impact);
        printDeployResult(
          opts,
          result,
          `rolled back to config version ${result.rollbackOfId}: deployed it as config version ${result.version.id}`,
        );
      },
      { modules: [RouteImpactModule] },
    );
  });
}

function warnIfForced(impact: RouteImpactReport | null): void {
  if (impact && impact.violations.length > 0)
    console.error(
      `warning: deployed with --force past the route impact guard: ${describeGuardViolations(impact.violations)}`,
    );
}

interface DeployCliOptions {
  json?: boolean;
  force?: boolean;
  leaseTimeout: string;
  settleTimeout: string;
}

function addDeployOptions(command: Command): Command {
  return command
    .option(
      '--lease-timeout <seconds>',
      'how long to wait while the other route server of the LAN is being deployed',
      '900',
    )
    .option(
      '--settle-timeout <seconds>',
      'how long to wait after the deploy for the sessions that were established to be established again',
      '300',
    )
    .option('--force', 'deploy even when the route impact guard stops it (recorded in the audit log)')
    .option('--json', 'machine-readable output');
}

function parseSeconds(field: string, value: string): number {
  if (!/^[0-9]{1,6}$/.test(value)) throw invalidValue(field, value, 'must be a whole number of seconds');
  return Number(value) * 1000;
}

/** Progress lines on stderr: when a wait starts, then every 10 s (never with --json). */
function deployOptions(opts: DeployCliOptions): DeployOptions {
  const leaseTimeoutMs = parseSeconds('lease-timeout', opts.leaseTimeout);
  const settleTimeoutMs = parseSeconds('settle-timeout', opts.settleTimeout);
  let lastPrinted: { phase: string; at: number } | undefined;
  const say = (phase: string, waitedMs: number, line: () => string): void => {
    if (opts.json) return;
    if (lastPrinted?.phase === phase && waitedMs - lastPrinted.at < 10_000) return;
    lastPrinted = { phase, at: waitedMs };
    console.error(line());
  };
  const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;
  return {
    leaseTimeoutMs,
    settleTimeoutMs,
    onProgress: (progress: DeployProgress) => {
      if (progress.phase === 'waiting_for_lease') {
        const holder = progress.heldBy
          ? `the deploy of ${progress.heldBy.routeServer} by ${progress.heldBy.holder}`
          : 'another deploy';
        say(
          progress.phase,
          progress.waitedMs,
          () =>
            `waiting for ${holder} to finish (route servers of one LAN deploy one at a time): ${seconds(progress.waitedMs)} of ${seconds(progress.timeoutMs)}`,
        );
      } else if (progress.phase === 'waiting_for_sessions') {
        say(
          progress.phase,
          progress.waitedMs,
          () =>
            `waiting for ${progress.pending.length} session(s) to be established again (${progress.pending.slice(0, 5).join(', ')}${progress.pending.length > 5 ? ', …' : ''}): ${seconds(progress.waitedMs)} of ${seconds(progress.timeoutMs)}`,
        );
      }
    },
  };
}

function printDeployResult(
  opts: { json?: boolean },
  result: ConfigDeployResult & { impact: RouteImpactReport | null },
  headline: string,
): void {
  print(
    opts.json,
    {
      id: result.version.id,
      rollbackOfId: result.version.rollbackOfId,
      path: result.path,
      message: result.message,
      reloadedSessions: result.reloadedSessions,
      sessionsWaitedFor: result.sessionsWaitedFor,
      violations: result.impact?.violations ?? [],
    },
    () => {
      console.log(`${headline} to ${result.path}: ${result.message}`);
      console.log(
        result.reloadedSessions.length === 0
          ? 'reloaded no session (no session that was running has changed inputs)'
          : `reloaded ${result.reloadedSessions.length} session(s) whose inputs changed: ${result.reloadedSessions.join(', ')}`,
      );
      if (result.sessionsWaitedFor > 0)
        console.log(
          `all ${result.sessionsWaitedFor} session(s) established before the deploy are established again`,
        );
    },
  );
}

/** Routes listed per member, family and direction on a terminal; `--json` has up to 1,000. */
const LISTED_ROUTES = 20;

function printRouteChanges(label: string, changes: readonly RouteChange[], total: number): void {
  for (const change of changes.slice(0, LISTED_ROUTES)) {
    const reason = change.reason
      ? `${change.reason} (${filterReason(change.reason).words})`
      : 'no reason tagged';
    console.log(`    ${label} ${change.prefix}  ${reason}  AS_PATH ${change.asPath.join(' ') || '(empty)'}`);
  }
  if (total > LISTED_ROUTES)
    console.log(`    … and ${total - LISTED_ROUTES} more (--json lists up to 1,000)`);
}

function printImpact(report: RouteImpactReport): void {
  const before =
    report.deployedVersionId === null
      ? 'nothing deployed yet'
      : `deployed version ${report.deployedVersionId}`;
  const target = report.targetVersionId === null ? 'the next build' : `version ${report.targetVersionId}`;
  console.log(
    `route impact of ${target} of ${report.routeServer} against ${before}: ${report.routesEvaluated} routes read at ${report.readAt}`,
  );
  if (report.isBeforeObserved)
    console.log('  (the deployed config\'s model is not stored: BIRD\'s own decisions are the "before")');
  if (report.members.length === 0) console.log('no route would become filtered or accepted');
  for (const m of report.members) {
    console.log(
      `AS${m.memberAsn}${m.memberName ? ` ${m.memberName}` : ''} ${m.family}: ${m.newlyFilteredCount} newly filtered of ${m.acceptedBefore} accepted (${(m.newlyFilteredShare * 100).toFixed(1)} %), ${m.newlyAcceptedCount} newly accepted`,
    );
    printRouteChanges('filtered', m.newlyFiltered, m.newlyFilteredCount);
    printRouteChanges('accepted', m.newlyAccepted, m.newlyAcceptedCount);
  }
  for (const session of report.removedSessions) console.log(`session ${session} is not in the new config`);
  for (const s of report.maxPrefixExceeded)
    console.log(
      `session ${s.protocol} holds ${s.receivedRoutes} routes, over its new max-prefix ${s.maxPrefixes}`,
    );
  if (report.rpkiAssumedRoutes > 0)
    console.log(
      `${report.rpkiAssumedRoutes} route(s) counted as RPKI unknown (RTR mode, never validated by BIRD)`,
    );
  console.log(
    report.violations.length === 0
      ? `guard: a deploy would go ahead (no member over ${report.thresholdPercent} % newly filtered)`
      : `guard: a deploy would stop (over ${report.thresholdPercent} %): ${describeGuardViolations(report.violations)}`,
  );
}

/** One line per warning on stderr, so stdout stays the config's path. */
function printWarnings(warnings: readonly BuildWarning[]): void {
  for (const warning of warnings) console.error(`warning: ${warning.message}`);
}
