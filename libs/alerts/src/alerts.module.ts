import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, IXORA_CONFIG, systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import { AlertDeliverer, type AlertMailer } from './alert.deliverer.js';
import { AlertMonitor } from './alert.monitor.js';
import { AlertRepository } from './alert.repository.js';
import { AlertSettingsService } from './alert-settings.service.js';

/** Nest token of the mailer alert mail goes through (`@ixora/mail`'s Mailer). */
export const ALERT_MAILER = Symbol('ALERT_MAILER');

/**
 * Alerts for the worker (monitor, deliverer) and the API (settings). Needs `DataSource` and
 * `IXORA_CONFIG`; takes `IXORA_CLOCK` and `ALERT_MAILER` when they are provided.
 */
@Module({
  providers: [
    AlertSettingsService,
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
      inject: [DataSource, { token: IXORA_CLOCK, optional: true }, { token: ALERT_MAILER, optional: true }],
      useFactory: (dataSource: DataSource, clock: Clock | undefined, mailer: AlertMailer | undefined) =>
        new AlertDeliverer(dataSource, { clock: clock ?? systemClock, ...(mailer ? { mailer } : {}) }),
    },
  ],
  exports: [AlertSettingsService, AlertRepository, AlertMonitor, AlertDeliverer],
})
export class AlertsModule {}
