/**
 * @ixora/app-composition — what several apps assemble the same way: the entity list they map
 * (`DatabaseModule.forEntities(APP_ENTITIES)`), the job handlers of a worker (`WorkerModule`, for
 * `ixora worker` and the in-process worker of `ixora serve`) and the JSON logger of
 * `LOG_FORMAT=json`. The top layer of the libs: it may import any lib but `testing`, and no lib
 * imports it except `testing`.
 */
export { APP_ENTITIES } from './app.entities.js';
export { JobHandlers, WorkerModule } from './job-handlers.js';
export { configuredSecrets, JsonLogger, redact } from './json.logger.js';
