import { Module } from '@nestjs/common';
import { Mailer } from './mailer.js';

/** The mailer; needs `DataSource` and `IXORA_CONFIG` providers. */
@Module({ providers: [Mailer], exports: [Mailer] })
export class MailModule {}
