import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, IXORA_CONFIG, systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import { ExchangeSummaryService } from './exchange-summary.service.js';

/** The exchange's daily summary for the worker, the CLI and the API. Needs `DataSource` and `IXORA_CONFIG`; takes `IXORA_CLOCK`. */
@Module({
  providers: [
    {
      provide: ExchangeSummaryService,
      inject: [DataSource, IXORA_CONFIG, { token: IXORA_CLOCK, optional: true }],
      useFactory: (dataSource: DataSource, config: IxoraConfig, clock: Clock | undefined) =>
        new ExchangeSummaryService(dataSource, config, { clock: clock ?? systemClock }),
    },
  ],
  exports: [ExchangeSummaryService],
})
export class ExchangeHealthModule {}
