import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  parseAsn,
  requireAdmin,
  requireMemberVisible,
  requireMemberWritable,
  writeAudit,
  type Actor,
} from '@ixora/domain';
import { invalidValue, notFound } from '@ixora/errors';
import { ALERT_KINDS, isAlertKind, type AlertKind } from './alert.types.js';
import { generateWebhookSecret, parseWebhookUrl } from './webhook.signature.js';

const EMAIL = /^[^@\s<>",;]+@[^@\s<>",;]+\.[^@\s<>",;]+$/;
const MAX_ADDRESSES = 20;

/** A member's choice: which events, to which NOC addresses (typed, and PeeringDB POCs). */
export interface AlertSubscription {
  readonly asn: number;
  readonly kinds: readonly AlertKind[];
  readonly emails: readonly string[];
  readonly peeringDbPocIds: readonly number[];
  /** The member's PeeringDB POCs with an e-mail address, to choose from. */
  readonly availablePocs: readonly { id: number; role: string; name: string | null; email: string }[];
  readonly updatedAt: Date | null;
}

export interface AlertSubscriptionInput {
  readonly kinds: readonly string[];
  readonly emails?: readonly string[];
  readonly peeringDbPocIds?: readonly number[];
}

/** A webhook as listed: never its secret. */
export interface AlertWebhookView {
  readonly id: number;
  readonly url: string;
  /** null: staff-wide. */
  readonly asn: number | null;
  readonly kinds: readonly AlertKind[];
  readonly isEnabled: boolean;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export function parseAlertKinds(value: readonly string[], field = 'kinds'): AlertKind[] {
  for (const kind of value)
    if (!isAlertKind(kind))
      throw invalidValue(field, kind, `is not an alert event (one of ${ALERT_KINDS.join(', ')})`);
  return [...new Set(value as AlertKind[])].sort();
}

/** Members' alert subscriptions and the webhooks alerts are posted to. */
@Injectable()
export class AlertSettingsService {
  constructor(private readonly dataSource: DataSource) {}

  private async member(actor: Actor, asnInput: unknown): Promise<{ id: number; asn: number }> {
    const asn = parseAsn(asnInput);
    const [row] = await this.dataSource.query<{ id: number }[]>(`SELECT id FROM member WHERE asn = $1`, [
      asn,
    ]);
    if (!row) throw notFound('member', `AS${asn}`);
    requireMemberVisible(actor, row.id, 'member', `AS${asn}`);
    return { id: row.id, asn };
  }

  async getSubscription(actor: Actor, asnInput: unknown): Promise<AlertSubscription> {
    const member = await this.member(actor, asnInput);
    const [row] = await this.dataSource.query<
      { kinds: string[]; emails: string[]; peeringdb_poc_ids: number[]; updated_at: Date }[]
    >(`SELECT kinds, emails, peeringdb_poc_ids, updated_at FROM alert_subscription WHERE member_id = $1`, [
      member.id,
    ]);
    const pocs = await this.dataSource.query<
      { id: number; role: string; name: string | null; email: string }[]
    >(
      `SELECT p.id, p.role, p.name, p.email FROM peeringdb_poc p JOIN peeringdb_net n ON n.id = p.net_id
        WHERE n.asn = $1 AND p.email IS NOT NULL AND p.status = 'ok' ORDER BY p.role, p.id`,
      [member.asn],
    );
    return {
      asn: member.asn,
      kinds: (row?.kinds ?? []).filter(isAlertKind),
      emails: row?.emails ?? [],
      peeringDbPocIds: row?.peeringdb_poc_ids ?? [],
      availablePocs: pocs,
      updatedAt: row?.updated_at ?? null,
    };
  }

  /** Replaces the member's choice; POCs must be the member's own (its PeeringDB network's). */
  async putSubscription(
    actor: Actor,
    asnInput: unknown,
    input: AlertSubscriptionInput,
  ): Promise<AlertSubscription> {
    const member = await this.member(actor, asnInput);
    requireMemberWritable(actor, member.id, 'member', `AS${member.asn}`);
    const kinds = parseAlertKinds(input.kinds);
    const emails = [...new Set((input.emails ?? []).map((email) => email.trim().toLowerCase()))];
    if (emails.length > MAX_ADDRESSES)
      throw invalidValue('emails', emails.length, `holds more than ${MAX_ADDRESSES} addresses`);
    for (const email of emails)
      if (!EMAIL.test(email)) throw invalidValue('emails', email, 'is not an e-mail address');
    const pocIds = [...new Set(input.peeringDbPocIds ?? [])];
    if (pocIds.length > MAX_ADDRESSES)
      throw invalidValue('peeringDbPocIds', pocIds.length, `holds more than ${MAX_ADDRESSES} POCs`);
    if (pocIds.length > 0) {
      const own = await this.dataSource.query<{ id: number }[]>(
        `SELECT p.id FROM peeringdb_poc p JOIN peeringdb_net n ON n.id = p.net_id
          WHERE n.asn = $1 AND p.id = ANY($2::int[]) AND p.email IS NOT NULL`,
        [member.asn, pocIds],
      );
      const ownIds = new Set(own.map((row) => row.id));
      const foreign = pocIds.find((id) => !ownIds.has(id));
      if (foreign !== undefined)
        throw invalidValue(
          'peeringDbPocIds',
          foreign,
          `is not a PeeringDB contact with an e-mail address of AS${member.asn}`,
        );
    }
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO alert_subscription (member_id, kinds, emails, peeringdb_poc_ids, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (member_id) DO UPDATE SET kinds = $2, emails = $3, peeringdb_poc_ids = $4,
           updated_by = $5, updated_at = now()`,
        [member.id, kinds, emails, pocIds.sort((a, b) => a - b), actor.label],
      );
      await writeAudit(tx, actor, 'alert_subscription.update', 'member', member.id, null, {
        kinds,
        emails,
        peeringDbPocIds: pocIds,
      });
    });
    return this.getSubscription(actor, member.asn);
  }

  /** Adds a webhook (staff-wide, or for one member); the secret is returned here and never again. */
  async addWebhook(
    actor: Actor,
    input: { url: string; asn?: number; kinds?: readonly string[] },
  ): Promise<AlertWebhookView & { secret: string }> {
    requireAdmin(actor);
    const url = parseWebhookUrl(input.url).toString();
    const kinds = parseAlertKinds(input.kinds ?? []);
    let memberId: number | null = null;
    if (input.asn !== undefined) memberId = (await this.member(actor, input.asn)).id;
    const secret = generateWebhookSecret();
    const [row] = await this.dataSource.query<{ id: number; created_at: Date }[]>(
      `INSERT INTO alert_webhook (member_id, url, secret, kinds, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, created_at`,
      [memberId, url, secret, kinds, actor.label],
    );
    await writeAudit(this.dataSource.manager, actor, 'alert_webhook.add', 'alert_webhook', row!.id, null, {
      url,
      asn: input.asn ?? null,
      kinds,
    });
    return {
      id: row!.id,
      url,
      asn: input.asn ?? null,
      kinds,
      isEnabled: true,
      createdBy: actor.label,
      createdAt: row!.created_at,
      secret,
    };
  }

  async listWebhooks(actor: Actor): Promise<AlertWebhookView[]> {
    requireAdmin(actor);
    const rows = await this.dataSource.query<
      {
        id: number;
        url: string;
        asn: string | null;
        kinds: string[];
        is_enabled: boolean;
        created_by: string;
        created_at: Date;
      }[]
    >(
      `SELECT w.id, w.url, m.asn::text AS asn, w.kinds, w.is_enabled, w.created_by, w.created_at
         FROM alert_webhook w LEFT JOIN member m ON m.id = w.member_id ORDER BY w.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      url: row.url,
      asn: row.asn === null ? null : Number(row.asn),
      kinds: row.kinds.filter(isAlertKind),
      isEnabled: row.is_enabled,
      createdBy: row.created_by,
      createdAt: row.created_at,
    }));
  }

  async removeWebhook(actor: Actor, id: number): Promise<void> {
    requireAdmin(actor);
    const [rows] = await this.dataSource.query<[{ id: number }[], number]>(
      `DELETE FROM alert_webhook WHERE id = $1 RETURNING id`,
      [id],
    );
    if (rows.length === 0) throw notFound('webhook', id);
    await writeAudit(this.dataSource.manager, actor, 'alert_webhook.remove', 'alert_webhook', id, null, null);
  }
}
