import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { APP_ENTITIES } from '@ixora/app-composition';
import { loadTestEnvironment } from '@ixora/config';
import { createDataSource, migrate, MIGRATIONS, type EntityClass } from '@ixora/database';

/**
 * Each integration test file gets its own database, cloned from a template that the migrations
 * built once (per set of migrations), so files run in parallel on one PostgreSQL server.
 * `npm test` sets TEST_DATABASE_URL (scripts/test.mjs); the default is the local server.
 */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** The entities the data source maps; by default the app's (`APP_ENTITIES`), as in production. */
  readonly entities?: readonly EntityClass[];
}

// The test runner chose the server (scripts/test.mjs).
const serverUrl = (): string => loadTestEnvironment().databaseUrl;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Every file under migrations/ (constants shared by migrations included), so any change makes a new template. */
function migrationSources(): string {
  const root = path.resolve(process.cwd(), 'migrations');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push(full);
    }
  };
  if (existsSync(root)) walk(root);
  return files
    .sort()
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

function templateName(): string {
  const hash = createHash('sha256')
    .update(MIGRATIONS.map((m) => m.name).join(','))
    .update(MIGRATIONS.map((m) => String(m)).join('\n'))
    .update(migrationSources())
    .digest('hex')
    .slice(0, 12);
  return `ixora_template_${hash}`;
}

async function ensureTemplate(): Promise<string> {
  const template = templateName();
  await admin(async (client) => {
    // One process builds the template; the others wait on the same advisory lock.
    await client.query('SELECT pg_advisory_lock(7447001)');
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount) return;
      const building = `${template}_build_${randomBytes(3).toString('hex')}`;
      await client.query(`CREATE DATABASE "${building}"`);
      // Migrations need no entities: the template is the schema alone.
      const ds = createDataSource(withDatabase(serverUrl(), building), { entities: [], poolSize: 2 });
      await ds.initialize();
      try {
        await migrate(ds);
      } finally {
        await ds.destroy();
      }
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(7447001)');
    }
  });
  return template;
}

/** True when `npm test` fell back to the embedded PostgreSQL (one database, files run in band). */
export function isEmbeddedTestDatabase(): boolean {
  return loadTestEnvironment().databaseKind === 'embedded';
}

async function createEmbeddedTestDatabase(entities: readonly EntityClass[]): Promise<TestDatabase> {
  const url = serverUrl();
  await admin(async (client) => {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  });
  const dataSource = createDataSource(url, { entities, poolSize: 1 });
  await dataSource.initialize();
  await migrate(dataSource);
  return {
    url,
    name: 'postgres',
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const entities = options.entities ?? APP_ENTITIES;
  if (isEmbeddedTestDatabase()) return createEmbeddedTestDatabase(entities);
  const template = await ensureTemplate();
  const name = `ixora_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = withDatabase(serverUrl(), name);
  const dataSource = createDataSource(url, { entities, poolSize: 4 });
  await dataSource.initialize();
  return {
    url,
    name,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
