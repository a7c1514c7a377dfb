import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '@ixora/config';
import { ALERT_COLUMNS, toAlertRecord } from './alert.repository.js';
import type { AlertRecord, AlertTransition } from './alert.types.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook.signature.js';
import { PollingLoop } from './polling.loop.js';

/** What sends alert mail: `@ixora/mail`'s Mailer has this shape. */
export interface AlertMailer {
  send(message: { readonly to: string; readonly subject: string; readonly text: string }): Promise<unknown>;
}

export interface AlertDelivererOptions {
  readonly clock?: Clock;
  readonly mailer?: AlertMailer;
  /** Delay after the first failed attempt; each further failure doubles it (up to `maxDelayMs`). */
  readonly firstRetryMs?: number;
  readonly maxDelayMs?: number;
  /** Attempts before a delivery is given up as failed. */
  readonly maxAttempts?: number;
  readonly timeoutMs?: number;
  /** Deliveries sent per `deliverDue` call. */
  readonly batchSize?: number;
}

/** The retry delay after `attempts` failed attempts: first, 2×first, 4×first, … capped. */
export function retryDelayMs(attempts: number, firstRetryMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, firstRetryMs * 2 ** Math.max(0, attempts - 1));
}

interface DueRow {
  id: string;
  alert_id: string;
  transition: AlertTransition;
  channel: 'webhook' | 'email';
  recipient: string;
  secret: string | null;
  attempts: number;
}

/** The JSON a webhook receives (signed, see `webhook.signature.ts`). */
export interface AlertWebhookPayload {
  readonly deliveryId: string;
  readonly transition: AlertTransition;
  readonly attempt: number;
  readonly alert: {
    readonly id: string;
    readonly kind: string;
    readonly routeServer: string | null;
    readonly asn: number | null;
    readonly title: string;
    readonly text: string;
    readonly advice: string;
    readonly resolvedText: string;
    readonly details: Readonly<Record<string, unknown>>;
    readonly openedAt: string;
    readonly resolvedAt: string | null;
  };
}

/** An error in words, with its cause (fetch says only "fetch failed"; the cause says ECONNREFUSED). */
function describeError(caught: unknown): string {
  const message = (value: unknown): string | undefined =>
    typeof value === 'object' && value !== null && 'message' in value && typeof value.message === 'string'
      ? value.message
      : undefined;
  const text = message(caught) ?? String(caught);
  const cause =
    typeof caught === 'object' && caught !== null && 'cause' in caught ? message(caught.cause) : undefined;
  return cause && cause !== text ? `${text}: ${cause}` : text;
}

/** A failure no retry can mend (the webhook is gone): the delivery is given up at once. */
class PermanentDeliveryError extends Error {}

/** A lease on claimed deliveries: another worker takes them over if this one dies mid-send. */
const CLAIM_LEASE_MS = 5 * 60_000;

export function alertMailText(
  alert: AlertRecord,
  transition: AlertTransition,
): { subject: string; text: string } {
  const isOpened = transition === 'opened';
  const subject = `[ixora] ${isOpened ? 'ALERT' : 'RESOLVED'}: ${alert.title}`.replace(/[\r\n]+/g, ' ');
  const lines = isOpened
    ? [alert.text, '', `What to do: ${alert.advice}`]
    : [alert.resolvedText, '', `It began ${alert.openedAt.toISOString()}: ${alert.text}`];
  lines.push(
    '',
    `Event: ${alert.kind}${alert.routeServer ? `, route server ${alert.routeServer}` : ''}${alert.asn !== null ? `, AS${alert.asn}` : ''}`,
    `Alert ${alert.id}, opened ${alert.openedAt.toISOString()}${alert.resolvedAt ? `, resolved ${alert.resolvedAt.toISOString()}` : ''}.`,
  );
  return { subject, text: lines.join('\n') };
}

/**
 * Sends queued alert deliveries: webhooks as a signed JSON POST, mail through the mailer. A failed
 * attempt is retried with exponential backoff measured on the injected clock; after `maxAttempts`
 * the delivery is marked failed. Every attempt's outcome is in `alert_delivery`.
 */
export class AlertDeliverer {
  private readonly logger = new Logger('AlertDeliverer');
  private readonly clock: Clock;
  private readonly polling = new PollingLoop('alert delivery', () => this.deliverDue(), this.logger);

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: AlertDelivererOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  start(intervalMs = 5_000): void {
    this.polling.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.polling.stop();
  }

  /** Nest calls this when the app closes (`ixora serve`). */
  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Sends every delivery due now (one batch); returns how many were attempted. */
  async deliverDue(): Promise<number> {
    const now = this.clock.now();
    const [rows] = await this.dataSource.query<[DueRow[], number]>(
      `UPDATE alert_delivery d SET next_attempt_at = $2
         FROM (SELECT id FROM alert_delivery WHERE status = 'pending' AND next_attempt_at <= $1
                ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) due
        WHERE d.id = due.id
        RETURNING d.id::text AS id, d.alert_id::text AS alert_id, d.transition, d.channel, d.recipient,
                  (SELECT secret FROM alert_webhook WHERE id = d.webhook_id) AS secret, d.attempts`,
      [now, new Date(now.getTime() + CLAIM_LEASE_MS), this.options.batchSize ?? 50],
    );
    for (const row of rows) await this.attempt(row);
    return rows.length;
  }

  private async attempt(row: DueRow): Promise<void> {
    const [alertRow] = await this.dataSource.query<Parameters<typeof toAlertRecord>[0][]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE id = $1`,
      [row.alert_id],
    );
    const attempts = row.attempts + 1;
    let error: string | undefined;
    let isPermanent = false;
    try {
      if (!alertRow) throw new Error(`alert ${row.alert_id} is gone`);
      const alert = toAlertRecord(alertRow);
      if (row.channel === 'webhook') await this.postWebhook(row, alert, attempts);
      else await this.sendMail(row, alert);
    } catch (caught) {
      error = describeError(caught).slice(0, 500);
      isPermanent = caught instanceof PermanentDeliveryError;
    }
    const now = this.clock.now();
    if (error === undefined) {
      await this.dataSource.query(
        `UPDATE alert_delivery SET status = 'sent', attempts = $2, sent_at = $3, last_error = NULL WHERE id = $1`,
        [row.id, attempts, now],
      );
      return;
    }
    const maxAttempts = this.options.maxAttempts ?? 8;
    const isGivenUp = isPermanent || attempts >= maxAttempts;
    const delay = retryDelayMs(
      attempts,
      this.options.firstRetryMs ?? 30_000,
      this.options.maxDelayMs ?? 3_600_000,
    );
    await this.dataSource.query(
      `UPDATE alert_delivery SET status = $2, attempts = $3, last_error = $4, next_attempt_at = $5 WHERE id = $1`,
      [row.id, isGivenUp ? 'failed' : 'pending', attempts, error, new Date(now.getTime() + delay)],
    );
    if (isGivenUp)
      this.logger.warn(`alert delivery ${row.id} to ${row.recipient} failed ${attempts} times: ${error}`);
  }

  private async postWebhook(row: DueRow, alert: AlertRecord, attempt: number): Promise<void> {
    if (row.secret === null) throw new PermanentDeliveryError('the webhook was removed');
    const payload: AlertWebhookPayload = {
      deliveryId: row.id,
      transition: row.transition,
      attempt,
      alert: {
        id: alert.id,
        kind: alert.kind,
        routeServer: alert.routeServer,
        asn: alert.asn,
        title: alert.title,
        text: alert.text,
        advice: alert.advice,
        resolvedText: alert.resolvedText,
        details: alert.details,
        openedAt: alert.openedAt.toISOString(),
        resolvedAt: alert.resolvedAt?.toISOString() ?? null,
      },
    };
    const body = JSON.stringify(payload);
    const timestampS = Math.floor(this.clock.now().getTime() / 1000);
    const response = await fetch(row.recipient, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ixora-alerts',
        [TIMESTAMP_HEADER]: String(timestampS),
        [SIGNATURE_HEADER]: signWebhook(row.secret, timestampS, body),
      },
    });
    if (response.status < 200 || response.status > 299) {
      const text = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
      throw new Error(`HTTP ${response.status}${text ? `: ${text}` : ''}`);
    }
    await response.body?.cancel().catch(() => undefined);
  }

  private async sendMail(row: DueRow, alert: AlertRecord): Promise<void> {
    if (!this.options.mailer) throw new Error('no mailer is configured in this process');
    const { subject, text } = alertMailText(alert, row.transition);
    await this.options.mailer.send({ to: row.recipient, subject, text });
  }
}
