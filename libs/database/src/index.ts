export {
  createDataSource,
  migrate,
  openDatabase,
  type DataSourceOptions,
  type OpenDatabase,
} from './data-source.factory.js';
export { DatabaseModule, OPEN_DATABASE } from './database.module.js';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
export { MIGRATIONS, type EntityClass } from './registry.js';
export { SnakeNamingStrategy } from './snake-naming.strategy.js';
export { describePostgresError } from './postgres-errors.js';
