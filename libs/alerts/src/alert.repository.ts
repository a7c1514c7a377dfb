import type { DataSource, EntityManager } from 'typeorm';
import type { AlertCondition, AlertKind, AlertRecord, AlertTransition } from './alert.types.js';

interface AlertRow {
  id: string;
  kind: AlertKind;
  dedupe_key: string;
  scope: string;
  route_server: string | null;
  asn: string | null;
  title: string;
  text: string;
  advice: string;
  resolved_text: string;
  details: Record<string, unknown>;
  opened_at: Date;
  resolved_at: Date | null;
}

export const ALERT_COLUMNS = `id::text AS id, kind, dedupe_key, scope, route_server, asn::text AS asn, title, text,
  advice, resolved_text, details, opened_at, resolved_at`;

export function toAlertRecord(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    kind: row.kind,
    key: row.dedupe_key,
    scope: row.scope,
    routeServer: row.route_server,
    asn: row.asn === null ? null : Number(row.asn),
    title: row.title,
    text: row.text,
    advice: row.advice,
    resolvedText: row.resolved_text,
    details: row.details,
    openedAt: row.opened_at,
    resolvedAt: row.resolved_at,
  };
}

/** The alert advisory lock: one reconciliation at a time across workers. */
const ALERT_LOCK = 7447014;

/** Opening and resolving alerts, and queueing their deliveries, in PostgreSQL. */
export class AlertRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `apply` with the open alerts, under a transaction-level advisory lock (another worker
   * reconciling at the same time waits), so each transition is stored and queued once.
   */
  async reconcile<T>(apply: (tx: AlertTransaction, open: readonly AlertRecord[]) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [ALERT_LOCK]);
      const rows = await manager.query<AlertRow[]>(
        `SELECT ${ALERT_COLUMNS} FROM alert WHERE resolved_at IS NULL ORDER BY id`,
      );
      return apply(new AlertTransaction(manager), rows.map(toAlertRecord));
    });
  }

  async list(options: { isOpenOnly?: boolean; asn?: number; limit?: number } = {}): Promise<AlertRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.isOpenOnly) where.push('resolved_at IS NULL');
    if (options.asn !== undefined) {
      params.push(options.asn);
      where.push(`asn = $${params.length}`);
    }
    params.push(options.limit ?? 50);
    const rows = await this.dataSource.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY opened_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toAlertRecord);
  }

  /** The delivery log, newest first: each transition's recipients, status, attempts and last error. */
  async deliveries(options: { alertId?: string; limit?: number } = {}): Promise<AlertDeliveryRecord[]> {
    const params: unknown[] = [options.limit ?? 50];
    let where = '';
    if (options.alertId !== undefined) {
      params.push(options.alertId);
      where = 'WHERE alert_id = $2';
    }
    const rows = await this.dataSource.query<
      {
        id: string;
        alert_id: string;
        transition: AlertTransition;
        channel: 'webhook' | 'email';
        recipient: string;
        status: 'pending' | 'sent' | 'failed';
        attempts: number;
        last_error: string | null;
        next_attempt_at: Date;
        sent_at: Date | null;
      }[]
    >(
      `SELECT id::text AS id, alert_id::text AS alert_id, transition, channel, recipient, status, attempts,
              last_error, next_attempt_at, sent_at
         FROM alert_delivery ${where} ORDER BY id DESC LIMIT $1`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      alertId: row.alert_id,
      transition: row.transition,
      channel: row.channel,
      recipient: row.recipient,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
      sentAt: row.sent_at,
    }));
  }
}

/** One row of the delivery log. */
export interface AlertDeliveryRecord {
  readonly id: string;
  readonly alertId: string;
  readonly transition: AlertTransition;
  readonly channel: 'webhook' | 'email';
  readonly recipient: string;
  readonly status: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: Date | null;
  readonly sentAt: Date | null;
}

/** Writes inside one reconciliation. */
export class AlertTransaction {
  constructor(readonly manager: EntityManager) {}

  async open(condition: AlertCondition, now: Date): Promise<AlertRecord | undefined> {
    const rows = await this.manager.query<AlertRow[]>(
      `INSERT INTO alert (kind, dedupe_key, scope, route_server, asn, title, text, advice, resolved_text,
                          details, opened_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
       ON CONFLICT (dedupe_key) WHERE resolved_at IS NULL DO NOTHING
       RETURNING ${ALERT_COLUMNS}`,
      [
        condition.kind,
        condition.key,
        condition.scope,
        condition.routeServer,
        condition.asn,
        condition.title,
        condition.text,
        condition.advice,
        condition.resolvedText,
        JSON.stringify(condition.details),
        now,
      ],
    );
    return rows[0] ? toAlertRecord(rows[0]) : undefined;
  }

  async resolve(keys: readonly string[], now: Date): Promise<AlertRecord[]> {
    if (keys.length === 0) return [];
    const [rows] = await this.manager.query<[AlertRow[], number]>(
      `UPDATE alert SET resolved_at = greatest($2::timestamptz, opened_at), last_seen_at = $2
        WHERE dedupe_key = ANY($1) AND resolved_at IS NULL
        RETURNING ${ALERT_COLUMNS}`,
      [keys, now],
    );
    return rows.map(toAlertRecord);
  }

  async touch(keys: readonly string[], now: Date): Promise<void> {
    if (keys.length === 0) return;
    await this.manager.query(
      `UPDATE alert SET last_seen_at = $2 WHERE dedupe_key = ANY($1) AND resolved_at IS NULL`,
      [keys, now],
    );
  }

  /**
   * Queues the deliveries of one transition: staff webhooks and staff addresses for every alert
   * of the kinds they take; for an alert about a member subscribed to its kind, the member's
   * webhooks, its typed NOC addresses and the PeeringDB POCs it chose. Returns how many.
   */
  async queueDeliveries(
    alert: AlertRecord,
    transition: AlertTransition,
    staffEmails: readonly string[],
    now: Date,
  ): Promise<number> {
    // An INSERT … RETURNING answers its rows (UPDATE and DELETE answer [rows, count]).
    const rows = await this.manager.query<{ id: string }[]>(
      `WITH member_subscribed AS (
         SELECT s.* FROM alert_subscription s JOIN member m ON m.id = s.member_id
          WHERE m.asn = $3::bigint AND $2::text = ANY(s.kinds) AND m.status <> 'left'
       ),
       recipients AS (
         SELECT 'webhook' AS channel, w.url AS recipient, w.id AS webhook_id FROM alert_webhook w
          WHERE w.is_enabled AND (cardinality(w.kinds) = 0 OR $2::text = ANY(w.kinds))
            AND (w.member_id IS NULL OR w.member_id IN (SELECT member_id FROM member_subscribed))
         UNION
         SELECT 'email', lower(e), NULL FROM unnest($4::text[]) AS e
         UNION
         SELECT 'email', lower(e), NULL FROM member_subscribed s, unnest(s.emails) AS e
         UNION
         SELECT 'email', lower(p.email), NULL FROM member_subscribed s
           JOIN peeringdb_poc p ON p.id = ANY(s.peeringdb_poc_ids)
           JOIN peeringdb_net n ON n.id = p.net_id AND n.asn = $3::bigint
          WHERE p.email IS NOT NULL AND p.status = 'ok'
       )
       INSERT INTO alert_delivery (alert_id, transition, channel, recipient, webhook_id, next_attempt_at, created_at)
       SELECT $1::bigint, $5::text, channel, recipient, webhook_id, $6::timestamptz, $6::timestamptz FROM recipients
       ON CONFLICT DO NOTHING
       RETURNING id::text AS id`,
      [alert.id, alert.kind, alert.asn, [...staffEmails], transition, now],
    );
    return rows.length;
  }
}
