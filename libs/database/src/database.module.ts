import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import { openDatabase, type OpenDatabase } from './data-source.factory.js';
import type { EntityClass } from './registry.js';

export const OPEN_DATABASE = Symbol('OPEN_DATABASE');

/**
 * Provides the initialised TypeORM `DataSource` (inject it by its class), mapping the entities the
 * app passes in: `DatabaseModule.forEntities(APP_ENTITIES)`.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(OPEN_DATABASE) private readonly db: OpenDatabase) {}

  static forEntities(entities: readonly EntityClass[]): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: OPEN_DATABASE,
          inject: [IXORA_CONFIG],
          useFactory: (config: IxoraConfig) => openDatabase(config, { entities }),
        },
        {
          provide: DataSource,
          inject: [OPEN_DATABASE],
          useFactory: (db: OpenDatabase) => db.dataSource,
        },
      ],
      exports: [DataSource, OPEN_DATABASE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
