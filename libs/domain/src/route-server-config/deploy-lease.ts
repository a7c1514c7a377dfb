import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { IxoraError } from '@ixora/errors';

/** Who holds the deploy lease of a peering LAN, as the waiting deploy reports it. */
export interface DeployLeaseState {
  readonly routeServer: string;
  readonly holder: string;
  readonly takenAt: Date;
  readonly expiresAt: Date;
}

export interface DeployLeaseOptions {
  readonly peeringLanId: number;
  readonly routeServerId: number;
  readonly routeServerName: string;
  /** Who is deploying, for the waiting side's message: the actor's label. */
  readonly actorLabel: string;
  /** How long a lease lives without renewal: a crashed holder's lease lapses after this. */
  readonly ttlMs: number;
  /** How long to wait for another deploy's lease before giving up. */
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly onWait?: (wait: { readonly waitedMs: number; readonly heldBy: DeployLeaseState | null }) => void;
}

/** A deploy of one route server of the LAN runs at a time (docs/adr/0021). */
export const DEFAULT_LEASE_TTL_MS = 120_000;
export const DEFAULT_LEASE_TIMEOUT_MS = 15 * 60_000;

/**
 * Takes the LAN's lease in one statement: a new row, or the row of a lease that has lapsed. Times
 * are the database's, so API and workers on machines whose clocks differ agree on expiry.
 */
async function take(dataSource: DataSource, options: DeployLeaseOptions, holder: string): Promise<boolean> {
  const rows = await dataSource.query<{ holder: string }[]>(
    `INSERT INTO deploy_lease (peering_lan_id, route_server_id, holder, taken_at, expires_at)
     VALUES ($1, $2, $3, now(), now() + $4 * interval '1 millisecond')
     ON CONFLICT (peering_lan_id) DO UPDATE
        SET route_server_id = EXCLUDED.route_server_id, holder = EXCLUDED.holder,
            taken_at = EXCLUDED.taken_at, expires_at = EXCLUDED.expires_at
      WHERE deploy_lease.expires_at <= now()
     RETURNING holder`,
    [options.peeringLanId, options.routeServerId, holder, options.ttlMs],
  );
  return rows.length === 1;
}

export async function readDeployLease(
  dataSource: DataSource,
  peeringLanId: number,
): Promise<DeployLeaseState | null> {
  const rows = await dataSource.query<
    { route_server: string; holder: string; taken_at: Date; expires_at: Date }[]
  >(
    `SELECT rs.name AS route_server, l.holder, l.taken_at, l.expires_at
       FROM deploy_lease l JOIN route_server rs ON rs.id = l.route_server_id
      WHERE l.peering_lan_id = $1 AND l.expires_at > now()`,
    [peeringLanId],
  );
  const row = rows[0];
  return row
    ? { routeServer: row.route_server, holder: row.holder, takenAt: row.taken_at, expiresAt: row.expires_at }
    : null;
}

function describeHolder(state: DeployLeaseState | null): string {
  if (!state) return 'another deploy';
  return `the deploy of ${state.routeServer} by ${state.holder} (lease until ${state.expiresAt.toISOString()})`;
}

/**
 * Runs `work` while holding the deploy lease of the route server's peering LAN: waits (polling,
 * reporting through `onWait`) while another deploy holds it, renews it while `work` runs, and
 * releases it afterwards, whatever `work` did. A holder that crashes stops renewing, so its lease
 * lapses after `ttlMs` and the next deploy takes it over.
 */
export async function withDeployLease<T>(
  dataSource: DataSource,
  options: DeployLeaseOptions,
  work: (lease: { readonly waitedMs: number }) => Promise<T>,
): Promise<T> {
  const holder = `${options.actorLabel} on ${os.hostname()}/${process.pid} #${randomUUID().slice(0, 8)}`;
  const started = Date.now();
  let heldBy: DeployLeaseState | null = null;
  while (!(await take(dataSource, options, holder))) {
    heldBy = await readDeployLease(dataSource, options.peeringLanId);
    const waitedMs = Date.now() - started;
    if (waitedMs >= options.timeoutMs)
      throw new IxoraError(
        'conflict',
        `${options.routeServerName} was not deployed: ${describeHolder(heldBy)} still held the deploy lease of ` +
          `its peering LAN after ${Math.round(waitedMs / 1000)} s (route servers of one LAN deploy one at a time; ` +
          `try again when that deploy has finished, or wait longer with --lease-timeout)`,
        { field: 'rs', value: options.routeServerName, heldBy },
      );
    options.onWait?.({ waitedMs, heldBy });
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
  const waitedMs = Date.now() - started;
  let renewing = Promise.resolve();
  const renew = setInterval(
    () => {
      renewing = dataSource
        .query(
          `UPDATE deploy_lease SET expires_at = now() + $3 * interval '1 millisecond'
          WHERE peering_lan_id = $1 AND holder = $2`,
          [options.peeringLanId, holder, options.ttlMs],
        )
        .then(() => undefined)
        .catch(() => undefined);
    },
    Math.max(1_000, Math.floor(options.ttlMs / 3)),
  );
  try {
    return await work({ waitedMs });
  } finally {
    clearInterval(renew);
    await renewing;
    await dataSource.query(`DELETE FROM deploy_lease WHERE peering_lan_id = $1 AND holder = $2`, [
      options.peeringLanId,
      holder,
    ]);
  }
}
