import type { Command } from 'commander';
import { RouteServerConfigService, type BuildWarning } from '@ixora/domain';
import { isIxoraError, IxoraError } from '@ixora/errors';
import { withContext } from '../cli-context.js';
import { print } from '../output.js';

interface RsOption {
  rs: string;
  json?: boolean;
}

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('route-server configs: build, diff, deploy');
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
    .description('what the next build changes against the deployed config (unified diff)')
    .requiredOption('--rs <name>', 'route server')
    .option('--json', 'machine-readable output')
    .action(async (opts: RsOption) => {
      await withContext(async (ctx) => {
        const result = await ctx.get(RouteServerConfigService).diff(opts.rs);
        print(opts.json, result, () =>
          process.stdout.write(result.isChanged ? result.diff : `no changes against the deployed config\n`),
        );
      });
    });
  config
    .command('deploy')
    .description(
      'write the newest valid config into BIRD_CONFIG_DIR and reload BIRD (configure check, configure), ' +
        'then re-evaluate the routes of the sessions whose inputs changed (reload in; sessions stay up)',
    )
    .requiredOption('--rs <name>', 'route server')
    .option('--json', 'machine-readable output')
    .action(async (opts: RsOption) => {
      await withContext(async (ctx) => {
        const result = await ctx.get(RouteServerConfigService).deploy(ctx.actor, opts.rs);
        print(
          opts.json,
          {
            id: result.version.id,
            path: result.path,
            message: result.message,
            reloadedSessions: result.reloadedSessions,
          },
          () => {
            console.log(`deployed config version ${result.version.id} to ${result.path}: ${result.message}`);
            console.log(
              result.reloadedSessions.length === 0
                ? 'reloaded no session (no session that was running has changed inputs)'
                : `reloaded ${result.reloadedSessions.length} session(s) whose inputs changed: ${result.reloadedSessions.join(', ')}`,
            );
          },
        );
      });
    });
}

/** One line per warning on stderr, so stdout stays the config's path. */
function printWarnings(warnings: readonly BuildWarning[]): void {
  for (const warning of warnings) console.error(`warning: ${warning.message}`);
}
