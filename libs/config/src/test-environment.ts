/**
 * What `npm test` (scripts/test.mjs) tells the tests about their database. Read here because this
 * lib is the only reader of `process.env`.
 */
export interface TestEnvironment {
  /** The PostgreSQL server that integration tests clone their databases on. */
  readonly databaseUrl: string;
  /** `embedded` when npm test fell back to PGlite (one database: files run in band). */
  readonly databaseKind: 'server' | 'embedded';
}

export function loadTestEnvironment(env: NodeJS.ProcessEnv = process.env): TestEnvironment {
  return {
    databaseUrl: env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    databaseKind: env.IXORA_TEST_DATABASE_KIND === 'embedded' ? 'embedded' : 'server',
  };
}
