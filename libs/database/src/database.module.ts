import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import { openDatabase, type OpenDatabase } from './data-source.factory.js';

export const OPEN_DATABASE = Symbol('OPEN_DATABASE');

/** Provides the initialised TypeORM `DataSource` (inject it by its class). */
@Global()
@Module({
  providers: [
    {
      provide: OPEN_DATABASE,
      inject: [IXORA_CONFIG],
      useFactory: (config: IxoraConfig) => openDatabase(config),
    },
    {
      provide: DataSource,
      inject: [OPEN_DATABASE],
      useFactory: (db: OpenDatabase) => db.dataSource,
    },
  ],
  exports: [DataSource, OPEN_DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(OPEN_DATABASE) private readonly db: OpenDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
