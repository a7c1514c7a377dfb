/** The answer for one request: allowed, or refused with the seconds to wait (`Retry-After`, RFC 9110 §10.2.3). */
export type RateDecision =
  { readonly isAllowed: true } | { readonly isAllowed: false; readonly retryAfterSeconds: number };

/**
 * Requests per minute per client, as a token bucket: a client may burst up to its minute's worth,
 * then gets one request per `60 / perMinute` seconds. Buckets of quiet clients are dropped, so a
 * scan from many addresses cannot grow the map without bound.
 */
export class LgRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();
  private readonly refillPerMs: number;

  constructor(
    readonly perMinute: number,
    private readonly nowMs: () => number = () => Date.now(),
    private readonly maxClients = 100_000,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  take(client: string): RateDecision {
    if (this.perMinute <= 0) return { isAllowed: true };
    const now = this.nowMs();
    const bucket = this.buckets.get(client) ?? { tokens: this.perMinute, updatedMs: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedMs) * this.refillPerMs);
    bucket.updatedMs = now;
    this.buckets.delete(client);
    if (this.buckets.size >= this.maxClients) this.sweep(now);
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { isAllowed: true };
    }
    return {
      isAllowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)),
    };
  }

  /** Drops full buckets (clients quiet for a minute), oldest first; then the oldest half if still full. */
  private sweep(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedMs) * this.refillPerMs >= this.perMinute)
        this.buckets.delete(client);
    }
    if (this.buckets.size < this.maxClients) return;
    let drop = Math.floor(this.buckets.size / 2);
    for (const client of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(client);
    }
  }
}
