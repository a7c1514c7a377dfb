import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';

/** The answer for one request: allowed, or refused with the seconds to wait (`Retry-After`, RFC 9110 §10.2.3). */
export type RateDecision =
  { readonly isAllowed: true } | { readonly isAllowed: false; readonly retryAfterSeconds: number };

/** Rows untouched for this long are dropped (a full bucket, an ended failure window). */
const PRUNE_EVERY_MS = 60_000;

/**
 * Per-client limits kept in PostgreSQL (unlogged tables), so that every API process counts
 * against the same numbers and a restart does not reset them: token buckets for request rates
 * (the looking glass) and failure windows for sign-in. Each decision is one statement, atomic
 * under concurrent requests from several processes.
 */
@Injectable()
export class RateLimitStore {
  private lastPruneMs = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Takes one request from the client's bucket of `perMinute` requests: a client may burst up to
   * its minute's worth, then gets one request per `60 / perMinute` seconds. `perMinute <= 0` is off.
   */
  async take(scope: string, key: string, perMinute: number): Promise<RateDecision> {
    if (perMinute <= 0) return { isAllowed: true };
    const now = this.clock.now();
    await this.pruneNow(now);
    const perSecond = perMinute / 60;
    const [row] = await this.dataSource.query<{ is_allowed: boolean; tokens: number }[]>(
      // SET expressions see the row as it was, so the refilled amount is written out in each.
      `INSERT INTO rate_bucket AS b (scope, key, tokens, updated_at, is_allowed)
         VALUES ($1, $2, $3::float8 - 1, $4, true)
       ON CONFLICT (scope, key) DO UPDATE SET
         tokens = least($3::float8, b.tokens + greatest(0, extract(epoch FROM $4::timestamptz - b.updated_at)) * $5::float8)
                  - CASE WHEN least($3::float8, b.tokens + greatest(0, extract(epoch FROM $4::timestamptz - b.updated_at)) * $5::float8) >= 1 THEN 1 ELSE 0 END,
         is_allowed = least($3::float8, b.tokens + greatest(0, extract(epoch FROM $4::timestamptz - b.updated_at)) * $5::float8) >= 1,
         updated_at = greatest(b.updated_at, $4)
       RETURNING b.is_allowed, b.tokens`,
      [scope, key, perMinute, now, perSecond],
    );
    if (!row || row.is_allowed) return { isAllowed: true };
    return {
      isAllowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - row.tokens) / perSecond)),
    };
  }

  /** Seconds until the key's failure window ends when it holds `maxFailures` or more; else null. */
  async lockedForSeconds(
    scope: string,
    key: string,
    maxFailures: number,
    windowMs: number,
  ): Promise<number | null> {
    const now = this.clock.now();
    const [row] = await this.dataSource.query<{ window_start: Date; failures: number }[]>(
      `SELECT window_start, failures FROM rate_failure WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    if (!row || row.failures < maxFailures) return null;
    const remainingMs = row.window_start.getTime() + windowMs - now.getTime();
    return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : null;
  }

  /** Counts one failure; a window that has ended starts again with this one. */
  async recordFailure(scope: string, key: string, windowMs: number): Promise<void> {
    const now = this.clock.now();
    await this.pruneNow(now);
    await this.dataSource.query(
      `INSERT INTO rate_failure AS f (scope, key, failures, window_start) VALUES ($1, $2, 1, $3)
       ON CONFLICT (scope, key) DO UPDATE SET
         failures = CASE WHEN f.window_start <= $4 THEN 1 ELSE f.failures + 1 END,
         window_start = CASE WHEN f.window_start <= $4 THEN $3 ELSE f.window_start END`,
      [scope, key, now, new Date(now.getTime() - windowMs)],
    );
  }

  async clearFailures(scope: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_failure WHERE scope = $1 AND key = $2`, [scope, key]);
  }

  /** Drops buckets quiet for an hour (full again at any rate of at least one a minute) and failure windows over a day old. */
  private async pruneNow(now: Date): Promise<void> {
    if (now.getTime() - this.lastPruneMs < PRUNE_EVERY_MS && now.getTime() >= this.lastPruneMs) return;
    this.lastPruneMs = now.getTime();
    await this.dataSource.query(`DELETE FROM rate_bucket WHERE updated_at < $1`, [
      new Date(now.getTime() - 60 * 60_000),
    ]);
    await this.dataSource.query(`DELETE FROM rate_failure WHERE window_start < $1`, [
      new Date(now.getTime() - 24 * 60 * 60_000),
    ]);
  }
}
