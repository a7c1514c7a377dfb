import { Inject, Injectable, Logger } from '@nestjs/common';
import { IXORA_CONFIG, type IxoraConfig } from '@ixora/config';
import type { PeeringRequestChange } from '@ixora/domain';
import { Mailer } from '@ixora/mail';

const FAMILY_NAMES = { 4: 'IPv4', 6: 'IPv6' } as const;

/**
 * Tells the other member's member_admins of a peering request or its answer, by mail (the SMTP
 * relay, or the outbox without one). A mail that fails is logged: the request itself stands, and
 * the portal shows it either way.
 */
@Injectable()
export class PeeringRequestNotifier {
  private readonly logger = new Logger('PeeringRequests');

  constructor(
    private readonly mailer: Mailer,
    @Inject(IXORA_CONFIG) private readonly config: IxoraConfig,
  ) {}

  async requested({ view, notify }: PeeringRequestChange): Promise<void> {
    const { request, from, to } = view;
    const families = request.families.map((f) => FAMILY_NAMES[f]).join(' and ');
    await this.sendAll(notify, `Peering request from AS${from.asn} ${oneLine(from.name)}`, [
      `AS${from.asn} ${from.name} asks AS${to.asn} ${to.name} to peer bilaterally over ${families}.`,
      '',
      `Their addresses on the exchange: ${request.addresses.join(', ')}`,
      '',
      'Their message:',
      '',
      request.message,
      '',
      `Accept or decline it in the portal: ${this.portalLink()}`,
    ]);
  }

  async answered({ view, notify }: PeeringRequestChange): Promise<void> {
    const { request, from, to } = view;
    if (request.state === 'withdrawn') {
      await this.sendAll(notify, `AS${from.asn} withdrew its peering request`, [
        `AS${from.asn} ${from.name} withdrew its peering request to AS${to.asn} ${to.name}.`,
      ]);
      return;
    }
    await this.sendAll(notify, `AS${to.asn} ${request.state} your peering request`, [
      `AS${to.asn} ${to.name} ${request.state} the peering request of AS${from.asn} ${from.name}.`,
      ...(request.reply ? ['', 'Their reply:', '', request.reply] : []),
      '',
      `See it in the portal: ${this.portalLink()}`,
    ]);
  }

  private portalLink(): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}/portal/peers`;
  }

  private async sendAll(recipients: readonly string[], subject: string, lines: string[]): Promise<void> {
    for (const to of recipients) {
      try {
        await this.mailer.send({ to, subject: `ixora: ${subject}`, text: lines.join('\n') });
      } catch (error) {
        this.logger.error(`the peering mail to ${to} was not sent: ${(error as Error).message}`);
      }
    }
  }
}

/** A member's name in a subject line: no line breaks. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
