import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded default (DESIGN §6, ADR 0003): PGlite keeps a real PostgreSQL data directory on disk
 * and pglite-socket serves it on a loopback port, so `pg` and TypeORM talk to it exactly as they do
 * to a server. PGlite runs one query at a time, so clients use a pool of one connection.
 */
export interface EmbeddedPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL's 128 MB of shared buffers would all live in PGlite's WebAssembly memory; 32 MB
 * serves a small exchange's data (the files themselves sit in the OS page cache) and keeps the
 * embedded database's process near 200 MB instead of 320 MB.
 */
export const EMBEDDED_POSTGRESQL_CONF = 'shared_buffers = 32MB';

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const dir = path.join(dataDir, 'pg');
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir, { postgresqlconf: EMBEDDED_POSTGRESQL_CONF });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres@${conn}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
