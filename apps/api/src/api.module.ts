import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, RouterModule } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { APP_ENTITIES, WorkerModule } from '@ixora/app-composition';
import { IXORA_CLOCK, IXORA_CONFIG, systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import { DatabaseModule } from '@ixora/database';
import { DomainModule } from '@ixora/domain';
import { ApiV1Module } from './api-v1.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { LgModule } from './lg/lg.module.js';
import { OpsModule } from './metrics/ops.module.js';
import { SchemaValidationPipe } from './common/schema-validation.pipe.js';
import { WebModule } from './web/web.module.js';

export interface ApiModuleOptions {
  /** An initialised, migrated data source owned by the caller (tests); else DatabaseModule opens the configured one. */
  readonly dataSource?: DataSource;
  /** Where every service reads the time (token expiry, data age); tests move it. */
  readonly clock?: Clock;
}

@Global()
@Module({})
class ApiConfigModule {
  static with(config: IxoraConfig, clock: Clock): DynamicModule {
    return {
      module: ApiConfigModule,
      providers: [
        { provide: IXORA_CONFIG, useValue: config },
        { provide: IXORA_CLOCK, useValue: clock },
      ],
      exports: [IXORA_CONFIG, IXORA_CLOCK],
    };
  }
}

@Global()
@Module({})
class GivenDataSourceModule {
  static with(dataSource: DataSource): DynamicModule {
    return {
      module: GivenDataSourceModule,
      providers: [{ provide: DataSource, useValue: dataSource }],
      exports: [DataSource],
    };
  }
}

/**
 * The HTTP application: config, database, domain, and the API under `/api/v1`. The guard, the
 * validation pipe and the exception filter are global, so every route (also routes other modules
 * add later) needs a token unless marked `@Public()`, and every error has the same shape.
 */
@Module({})
export class ApiModule {
  static forRoot(config: IxoraConfig, options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ApiConfigModule.with(config, options.clock ?? systemClock),
        options.dataSource
          ? GivenDataSourceModule.with(options.dataSource)
          : DatabaseModule.forEntities(APP_ENTITIES),
        DomainModule,
        ApiV1Module,
        RouterModule.register([{ path: 'api/v1', module: ApiV1Module }]),
        LgModule,
        OpsModule,
        // The in-process worker of `ixora serve`: job handlers, started by the caller.
        WorkerModule,
        // Browser sign-in, `/portal` and `/admin` (WEB_SIGN_IN).
        ...(config.webSignIn ? [WebModule] : []),
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useClass: SchemaValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
