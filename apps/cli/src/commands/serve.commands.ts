import { Logger } from '@nestjs/common';
import type { Command } from 'commander';
import { AlertDeliverer, AlertMonitor } from '@ixora/alerts';
import { WorkerModule } from '@ixora/app-composition';
import { loadConfig } from '@ixora/config';
import { migrate } from '@ixora/database';
import { JobRunner, JobScheduler } from '@ixora/domain';
import { invalidValue } from '@ixora/errors';
import { ExchangeSummaryService } from '@ixora/exchange-health';
import { IpAddress } from '@ixora/net';
import { serveApi } from '../api.launcher.js';
import { openAppDatabase, withContext } from '../cli-context.js';

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
        const database = await openAppDatabase(config);
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
          const summary = ctx.get(ExchangeSummaryService);
          monitor.start();
          deliverer.start();
          summary.start();
          await new Promise<void>((resolve) => {
            for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
          });
          await runner.stop();
          await monitor.stop();
          await deliverer.stop();
          await summary.stop();
        },
        { modules: [WorkerModule] },
      );
    });
}
