import { DataSource } from 'typeorm';
import { AlertDeliverer, AlertMonitor } from '@ixora/alerts';
import { configuredSecrets, JsonLogger } from '@ixora/app-composition';
import type { IxoraConfig } from '@ixora/config';
import { JobRunner, JobScheduler } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import { ExchangeSummaryService } from '@ixora/exchange-health';
import { requireMigrated } from './cli-context.js';

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

/**
 * Starts the API (with everything a single-machine install needs) and resolves when it stops; for
 * `ixora serve` and `ixora demo`. The API app is loaded through its `@ixora/apps/api` alias, the one
 * way the CLI reaches another app (docs/adr/0012), and only when a command serves.
 */
export async function serveApi(
  config: IxoraConfig,
  onListening?: (url: string) => void | Promise<void>,
  host = '127.0.0.1',
): Promise<void> {
  if (config.webSignIn && config.sessionSecret === undefined)
    throw new IxoraError(
      'invalid_value',
      'SESSION_SECRET: must be set (32+ characters) when WEB_SIGN_IN is on',
      {
        field: 'SESSION_SECRET',
      },
    );
  const { createApiApp } = await import('@ixora/apps/api');
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
  app.get(ExchangeSummaryService).start();
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
