import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isAdmin, parseAsn, requireMemberVisible, type Actor } from '@ixora/domain';
import { invalidValue, notFound } from '@ixora/errors';
import { AlertRepository, type AlertDeliveryRecord } from './alert.repository.js';
import type { AlertRecord } from './alert.types.js';

export const MAX_ALERTS_LISTED = 500;

export interface AlertListOptions {
  readonly isOpenOnly?: boolean;
  /** A member's alerts; a member's user gets only its own member's, with or without it. */
  readonly asn?: unknown;
  readonly limit?: number;
}

/**
 * Who may read which alerts: staff read all (exchange-wide ones too), a member's users only the
 * alerts about their own member. Another member's ASN is "not found", as everywhere.
 */
@Injectable()
export class AlertQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertRepository,
  ) {}

  async list(actor: Actor, options: AlertListOptions = {}): Promise<AlertRecord[]> {
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ALERTS_LISTED)
      throw invalidValue('limit', limit, `must be a whole number from 1 to ${MAX_ALERTS_LISTED}`);
    const asn = await this.visibleAsn(actor, options.asn);
    return this.alerts.list({ isOpenOnly: options.isOpenOnly, asn, limit });
  }

  /** Who was told of one alert, how, and whether it arrived (staff only: recipients are addresses). */
  async deliveries(actor: Actor, alertId: string): Promise<AlertDeliveryRecord[]> {
    if (!isAdmin(actor)) throw notFound('alert', alertId);
    const [row] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM alert WHERE id = $1`, [
      alertId,
    ]);
    if (!row) throw notFound('alert', alertId);
    return this.alerts.deliveries({ alertId, limit: MAX_ALERTS_LISTED });
  }

  private async visibleAsn(actor: Actor, asnInput: unknown): Promise<number | undefined> {
    if (asnInput !== undefined) {
      const asn = parseAsn(asnInput);
      const [member] = await this.dataSource.query<{ id: number }[]>(`SELECT id FROM member WHERE asn = $1`, [
        asn,
      ]);
      if (!member) throw notFound('member', `AS${asn}`);
      requireMemberVisible(actor, member.id, 'member', `AS${asn}`);
      return asn;
    }
    if (isAdmin(actor)) return undefined;
    const [own] = await this.dataSource.query<{ asn: string }[]>(`SELECT asn FROM member WHERE id = $1`, [
      actor.memberId,
    ]);
    if (!own) throw notFound('member', actor.memberId);
    return Number(own.asn);
  }
}
