import { DataSource } from 'typeorm';
import type { IxoraConfig } from '@ixora/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { MIGRATIONS, type EntityClass } from './registry.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface OpenDatabase {
  readonly dataSource: DataSource;
  /** `server` for DATABASE_URL, `embedded` for the PGlite default in the data directory. */
  readonly kind: 'server' | 'embedded';
  close(): Promise<void>;
}

export interface DataSourceOptions {
  /** Every entity the app maps, listed explicitly (never a glob). */
  readonly entities: readonly EntityClass[];
  readonly poolSize?: number;
}

export function createDataSource(url: string, options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [...options.entities],
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    extra: { max: options.poolSize ?? 10 },
  });
}

/** Opens the configured database: the server at DATABASE_URL, else the embedded one in ./data. */
export async function openDatabase(
  config: Pick<IxoraConfig, 'databaseUrl' | 'embeddedDataDir'>,
  options: Pick<DataSourceOptions, 'entities'>,
): Promise<OpenDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (url === undefined) {
    embedded = await startEmbeddedPostgres(config.embeddedDataDir);
    url = embedded.url;
  }
  // PGlite executes one query at a time: a single connection keeps transactions intact.
  const dataSource = createDataSource(url, { entities: options.entities, poolSize: embedded ? 1 : 10 });
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    kind: embedded ? 'embedded' : 'server',
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/** Applies pending migrations; returns the names applied (none when already up to date). */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
