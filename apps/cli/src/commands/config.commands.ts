import type { Command } from 'commander';
import { RouteServerConfigService } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
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
    .description('render, validate with `bird -p`, store a ConfigVersion and print its path')
    .requiredOption('--rs <name>', 'route server')
    .option('--out <file>', 'write the config here (default: BIRD_CONFIG_DIR/builds/NAME-VERSION.conf)')
    .option('--json', 'machine-readable output')
    .action(async (opts: RsOption & { out?: string }) => {
      await withContext(async (ctx) => {
        const result = await ctx.get(RouteServerConfigService).build(ctx.actor, opts.rs, { out: opts.out });
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
            path: result.path,
          },
          () => {
            console.log(result.path);
            console.error(
              `config version ${v.id}: ${v.sizeBytes} bytes, sha256 ${v.sha256.slice(0, 16)}…, built in ${v.buildMs} ms, ${v.validationStatus}`,
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
