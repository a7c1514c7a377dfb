import { Logger } from '@nestjs/common';
import type { Command } from 'commander';
import { DataSource } from 'typeorm';
import { AlertDeliverer, AlertMonitor } from '@ixora/alerts';
import { loadConfig, type IxoraConfig } from '@ixora/config';
import { migrate, openDatabase } from '@ixora/database';
import { JobRunner, JobScheduler } from '@ixora/domain';
import { invalidValue, IxoraError } from '@ixora/errors';
import { IpAddress } from '@ixora/net';
import { WorkerModule } from '../../../worker/src/index.js';
import { requireMigrated, withContext } from '../cli-context.js';
import { runDemo } from '../demo/demo.runner.js';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

/** Why the app could not start, in one line; a database that does not answer says so and where to look. */
function notReady(error: unknown): IxoraError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = (error instanceof Error ? error.message : String(error))
    .split('\n')[0]!
    .replace(/^Error: /, '');
  // 28P01: wrong password, 3D000: no such database (PostgreSQL error codes).
  if (typeof code === 'string' && (UNREACHABLE.has(code) || code === '28P01' || code === '3D000')) {
    return new IxoraError(
      'upstream_failed',
      `not ready: the database does not answer: ${message} (check DATABASE_URL)`,
    );
  }
  return new IxoraError('upstream_failed', `not ready: ${message}`);
}

/** Starts the API (with everything a single-machine install needs) and resolves when it stops. */
export async function serveApi(
  config: IxoraConfig,
  onListening?: (url: string) => void | Promise<void>,
  host = '127.0.0.1',
): Promise<void> {
  const { configuredSecrets, createApiApp, JsonLogger } = await import('../../../api/src/index.js');
  const logger = config.logFormat === 'json' ? new JsonLogger(configuredSecrets(config)) : undefined;
  const app = await createApiApp(config, { logger: logger ?? ['error', 'warn'] }).catch((error: unknown) => {
    throw notReady(error);
  });
  // An unmigrated database would fail every request and every job poll: say so once, and stop.
  try {
    await requireMigrated(app.get(DataSource), '`ixora db migrate` or `ixora serve --migrate`');
  } catch (error) {
    await app.close();
    throw error;
  }
  await app.listen(config.port, host);
  // A single machine needs no separate worker: queued jobs run in this process.
  app.get(JobRunner).start();
  app.get(JobScheduler).start();
  app.get(AlertMonitor).start();
  app.get(AlertDeliverer).start();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
  await onListening?.(url);
  // One shutdown path: closing the app runs every module's shutdown hooks, then the caller's own
  // clean-up (the demo's BIRD) runs. Nest's enableShutdownHooks would re-raise the signal after
  // closing and end the process before that clean-up.
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => void app.close().then(resolve));
  });
}

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('run the API, the looking glass and the web pages (with an in-process worker)')
    .option('--migrate', 'apply pending migrations first')
    .option('--host <address>', 'address to listen on (0.0.0.0 or :: for every interface)', '127.0.0.1')
    .action(async (opts: { migrate?: boolean; host: string }) => {
      if (!IpAddress.isValid(opts.host)) throw invalidValue('--host', opts.host, 'is not an IP address');
      const config = loadConfig();
      if (opts.migrate) {
        const database = await openDatabase(config);
        try {
          await migrate(database.dataSource);
        } finally {
          await database.close();
        }
      }
      await serveApi(
        config,
        (url) => {
          const line = `ixora listening on ${url} (API ${url}/api/v1, OpenAPI ${url}/api/docs)`;
          // With LOG_FORMAT=json every line is an event, this one too.
          if (config.logFormat === 'json') new Logger('serve').log(line);
          else console.log(line);
        },
        opts.host,
      );
    });

  program
    .command('worker')
    .description(
      'run queued jobs (IRR refresh, RPKI load, PeeringDB sync, config build and deploy) until stopped',
    )
    .option('--once', 'run the jobs queued now, then exit')
    .action(async (opts: { once?: boolean }) => {
      await withContext(
        async (ctx) => {
          const runner = ctx.get(JobRunner);
          if (opts.once) {
            console.log(`ran ${await runner.drain()} job(s)`);
            return;
          }
          console.log(`ixora worker ${runner.worker}: handling ${runner.kinds.join(', ')}`);
          runner.start();
          ctx.get(JobScheduler).start();
          const monitor = ctx.get(AlertMonitor);
          const deliverer = ctx.get(AlertDeliverer);
          monitor.start();
          deliverer.start();
          await new Promise<void>((resolve) => {
            for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
          });
          await runner.stop();
          await monitor.stop();
          await deliverer.stop();
        },
        { modules: [WorkerModule] },
      );
    });

  program
    .command('demo')
    .description(
      'a complete demo exchange on this machine: embedded database, demo members, route server, API',
    )
    .option('--no-serve', 'set up the demo data and exit')
    .action(async (opts: { serve: boolean }) => {
      await runDemo({ serve: opts.serve });
    });
}
