export { createApiApp, DOCS_JSON_PATH, DOCS_PATH, type CreateApiAppOptions } from './create-api-app.js';
export { ApiModule, type ApiModuleOptions } from './api.module.js';
export { Public, Roles, CurrentActor } from './auth/auth.decorators.js';
