import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, IXORA_CONFIG, systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import { Mailer, MailModule } from '@ixora/mail';
import { AlertDeliverer } from './alert.deliverer.js';
import { AlertMonitor } from './alert.monitor.js';
import { AlertRepository } from './alert.repository.js';
import { AlertQueryService } from './alert-query.service.js';
import { AlertSettingsService } from './alert-settings.service.js';

/**
 * Alerts for the worker (monitor, deliverer) and the API (settings). Needs `DataSource` and
 * `IXORA_CONFIG`; takes `IXORA_CLOCK` when it is provided. Mail goes through `@ixora/mail`.
 */
@Module({
  imports: [MailModule],
  providers: [
    AlertSettingsService,
    AlertQueryService,
    {
      provide: AlertRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new AlertRepository(dataSource),
    },
    {
      provide: AlertMonitor,
      inject: [DataSource, IXORA_CONFIG, { token: IXORA_CLOCK, optional: true }],
      useFactory: (dataSource: DataSource, config: IxoraConfig, clock: Clock | undefined) =>
        new AlertMonitor(dataSource, config, { clock: clock ?? systemClock }),
    },
    {
      provide: AlertDeliverer,
      inject: [DataSource, Mailer, { token: IXORA_CLOCK, optional: true }],
      useFactory: (dataSource: DataSource, mailer: Mailer, clock: Clock | undefined) =>
        new AlertDeliverer(dataSource, { clock: clock ?? systemClock, mailer }),
    },
  ],
  exports: [AlertSettingsService, AlertQueryService, AlertRepository, AlertMonitor, AlertDeliverer],
})
export class AlertsModule {}
