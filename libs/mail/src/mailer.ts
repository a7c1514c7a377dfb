import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, IXORA_CONFIG, systemClock, type Clock, type IxoraConfig } from '@ixora/config';
import { invalidValue } from '@ixora/errors';
import { MailOutboxEntry } from './mail-outbox.entity.js';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  /** Plain text; ixora sends no HTML mail. */
  readonly text: string;
}

/** Where a mail went: the SMTP relay, or the outbox table for staff to read. */
export type MailDelivery = 'smtp' | 'outbox';

const ADDRESS = /^[^@\s<>",;]+@[^@\s<>",;]+$/;
const SEND_TIMEOUT_MS = 15_000;

/**
 * Sends ixora's mails through the relay of `SMTP_URL` (nodemailer); without one, keeps them in
 * `mail_outbox` (`ixora mail outbox`, `/admin/outbox`), so a small exchange without a relay
 * still gets its reset links to people by hand.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private transport: Transporter | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async send(message: MailMessage): Promise<MailDelivery> {
    // One address, no header breaks: a recipient never adds another recipient or header.
    if (!ADDRESS.test(message.to)) throw invalidValue('to', message.to, 'is not one e-mail address');
    if (/[\r\n]/.test(message.subject)) throw invalidValue('subject', message.subject, 'holds a line break');
    if (this.config.smtpUrl === undefined) {
      await this.dataSource.manager.insert(MailOutboxEntry, {
        recipient: message.to,
        subject: message.subject,
        body: message.text,
        createdAt: this.clock.now(),
      });
      return 'outbox';
    }
    this.transport ??= nodemailer.createTransport({
      url: this.config.smtpUrl,
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    return 'smtp';
  }

  /** The newest kept mails first. */
  async outbox(limit = 50): Promise<MailOutboxEntry[]> {
    return this.dataSource.manager.find(MailOutboxEntry, { order: { id: 'DESC' }, take: limit });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
