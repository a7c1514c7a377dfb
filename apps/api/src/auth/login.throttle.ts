import { IxoraError } from '@ixora/errors';

export interface LoginThrottleOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly now?: () => number;
}

/**
 * Slows password guessing: after `maxFailures` failed logins for one key (an e-mail, a client
 * address) within `windowMs`, further attempts answer 429 until the window has passed. In memory:
 * each API process counts on its own, which bounds guessing well enough for argon2id hashes.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: LoginThrottleOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Throws `rate_limited` when any of the keys is over its limit. */
  check(keys: readonly string[]): void {
    for (const key of keys) {
      if (this.recent(key).length >= this.options.maxFailures) {
        throw new IxoraError('rate_limited', 'too many failed logins; try again later');
      }
    }
  }

  recordFailure(keys: readonly string[]): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key), this.now()]);
    if (this.failures.size > 100_000) this.prune();
  }

  recordSuccess(keys: readonly string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      const recent = this.recent(key);
      if (recent.length) this.failures.set(key, recent);
      else this.failures.delete(key);
    }
  }
}
