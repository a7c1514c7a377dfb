/** A cached answer and when it was made. */
export interface CachedValue<T> {
  readonly value: T;
  readonly cachedAt: Date;
  readonly isFromCache: boolean;
}

/**
 * A small time-bounded cache of answers. Concurrent requests for the same key share one
 * computation (one BIRD read), and the map is bounded so many distinct searches cannot grow it.
 */
export class ResponseCache {
  private readonly entries = new Map<
    string,
    { readonly value: unknown; readonly cachedAt: Date; readonly expiresAt: number }
  >();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 2_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get<T>(key: string, produce: () => Promise<T>): Promise<CachedValue<T>> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now.getTime())
      return { value: hit.value as T, cachedAt: hit.cachedAt, isFromCache: true };
    if (hit) this.entries.delete(key);
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return { value: await running, cachedAt: now, isFromCache: true };
    const promise = produce();
    this.inFlight.set(key, promise);
    try {
      const value = await promise;
      if (this.ttlMs > 0) {
        if (this.entries.size >= this.maxEntries) {
          const oldest = this.entries.keys().next();
          if (!oldest.done) this.entries.delete(oldest.value);
        }
        this.entries.set(key, { value, cachedAt: now, expiresAt: now.getTime() + this.ttlMs });
      }
      return { value, cachedAt: now, isFromCache: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Seconds left for an answer cached at `cachedAt`. */
  ttlLeftSeconds(cachedAt: Date): number {
    return Math.max(0, Math.ceil((cachedAt.getTime() + this.ttlMs - this.now().getTime()) / 1000));
  }

  clear(): void {
    this.entries.clear();
  }
}
