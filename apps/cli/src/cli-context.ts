import os from 'node:os';
import { Module, type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { APP_ENTITIES, configuredSecrets, JsonLogger } from '@ixora/app-composition';
import { IXORA_CONFIG, loadConfig, type IxoraConfig } from '@ixora/config';
import { DatabaseModule, openDatabase, type OpenDatabase } from '@ixora/database';
import { cliActor, DomainModule, type Actor } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import { IrrModule } from '@ixora/irr';
import { ReadinessModule } from '@ixora/readiness';
import { RpkiModule } from '@ixora/rpki';

@Module({})
class CliModule {
  static forConfig(config: IxoraConfig, modules: readonly Type[] = []): DynamicModule {
    return {
      module: CliModule,
      global: true,
      imports: [
        DatabaseModule.forEntities(APP_ENTITIES),
        DomainModule,
        RpkiModule,
        IrrModule,
        ReadinessModule,
        ...modules,
      ],
      providers: [{ provide: IXORA_CONFIG, useValue: config }],
      exports: [IXORA_CONFIG],
    };
  }
}

/** Opens the configured database outside a command context (to migrate it), mapping the app's entities. */
export function openAppDatabase(config: IxoraConfig): Promise<OpenDatabase> {
  return openDatabase(config, { entities: APP_ENTITIES });
}

export interface CliContext {
  readonly app: INestApplicationContext;
  readonly config: IxoraConfig;
  readonly actor: Actor;
  get<T>(type: abstract new (...args: never[]) => T): T;
}

/** Refuses an unmigrated database with one message saying what to run (`how`: the commands that migrate). */
export async function requireMigrated(dataSource: DataSource, how = '`ixora db migrate`'): Promise<void> {
  if (await dataSource.showMigrations())
    throw new IxoraError('invalid_value', `the database has pending migrations: run ${how} first`);
}

/**
 * Runs one command with the domain wired as in the API: the same services, the same validation,
 * the same audit records (actor `cli:<unix user>`). Refuses to work on an unmigrated database.
 */
export async function withContext<T>(
  fn: (ctx: CliContext) => Promise<T>,
  options: { requireMigrated?: boolean; config?: IxoraConfig; modules?: readonly Type[] } = {},
): Promise<T> {
  const config = options.config ?? loadConfig();
  const app = await NestFactory.createApplicationContext(CliModule.forConfig(config, options.modules), {
    logger: ['error'],
    abortOnError: false,
  });
  // LOG_FORMAT=json: the worker's and every command's log events as JSON lines, secrets redacted.
  if (config.logFormat === 'json')
    app.useLogger(new JsonLogger(configuredSecrets(config), ['fatal', 'error']));
  try {
    if (options.requireMigrated !== false) await requireMigrated(app.get(DataSource));
    return await fn({
      app,
      config,
      actor: cliActor(os.userInfo().username),
      get: (type) => app.get(type as never),
    });
  } finally {
    await app.close();
  }
}
