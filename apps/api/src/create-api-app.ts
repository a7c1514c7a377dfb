import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Clock, IxoraConfig } from '@ixora/config';
import { UserService } from '@ixora/domain';
import { IxoraError } from '@ixora/errors';
import { ApiModule } from './api.module.js';
import { requestGuards } from './common/request-guards.middleware.js';
import { buildOpenApiDocument } from './common/openapi.document.js';
import { securityHeaders } from './common/security-headers.js';
import { MetricsService } from './metrics/metrics.service.js';

export interface CreateApiAppOptions {
  /** Use this data source instead of opening the configured database (tests). */
  readonly dataSource?: DataSource;
  /** Nest log levels; `false` silences Nest (tests). */
  readonly logger?: LogLevel[] | LoggerService | false;
  /** The time every service reads (default the system clock); tests move it. */
  readonly clock?: Clock;
}

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs-json';

/**
 * Builds the initialised HTTP application (not yet listening): `/api/v1`, OpenAPI UI at
 * `/api/docs` and JSON at `/api/docs-json`. `ixora serve` calls `listen(config.port)` on it.
 */
export async function createApiApp(
  config: IxoraConfig,
  options: CreateApiAppOptions = {},
): Promise<INestApplication> {
  if (config.webSignIn && config.sessionSecret === undefined)
    throw new IxoraError(
      'invalid_value',
      'SESSION_SECRET: must be set (32+ characters) when WEB_SIGN_IN is on',
      {
        field: 'SESSION_SECRET',
      },
    );
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot(config, { dataSource: options.dataSource, clock: options.clock }),
    new ExpressAdapter(),
    {
      bodyParser: false,
      // Silent while starting: a failure (the database does not answer) reaches the caller as an
      // error, which `ixora serve` says in one line, instead of Nest's logged stack trace and exit.
      logger: false,
      abortOnError: false,
    },
  );
  app.useLogger(options.logger ?? ['error', 'warn', 'log']);
  // First, so every answer carries them: pages, API, docs, and errors of the guards below.
  app.use(securityHeaders());
  countRequests(app, app.get(MetricsService));
  // Before any body is read: URL checks, the token, the body limit of who is asking, JSON parsing.
  app.use(requestGuards(app.get(UserService, { strict: false })));
  app.disable('x-powered-by');
  // Behind a reverse proxy, the client is the address the proxy names (rate limits, login throttling).
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), {
    jsonDocumentUrl: DOCS_JSON_PATH,
    yamlDocumentUrl: 'api/docs-yaml',
  });
  await app.init();
  return app;
}

/** Counts every answered request by its route pattern (Express's matched route), for `/metrics`. */
function countRequests(app: NestExpressApplication, metrics: MetricsService): void {
  interface Req {
    method: string;
    baseUrl: string;
    route?: { path: unknown };
  }
  interface Res {
    statusCode: number;
    once(event: 'finish', listener: () => void): unknown;
  }
  app.use((req: Req, res: Res, next: () => void) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = typeof req.route?.path === 'string' ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttp(req.method, route, res.statusCode, seconds);
    });
    next();
  });
}
