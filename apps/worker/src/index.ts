export { JobHandlers, WorkerModule } from './job-handlers.js';
