import { IxoraError } from '@ixora/errors';
import { LoginThrottle } from './login.throttle.js';

describe('LoginThrottle', () => {
  let now = 0;
  const throttle = () => new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('refuses a key after maxFailures failures within the window, with rate_limited', () => {
    const t = throttle();
    t.recordFailure(['a@example.net']);
    t.recordFailure(['a@example.net']);
    expect(() => t.check(['a@example.net'])).not.toThrow();
    t.recordFailure(['a@example.net']);
    expect(() => t.check(['a@example.net'])).toThrow(
      expect.objectContaining({ code: 'rate_limited' }) as IxoraError,
    );
    expect(() => t.check(['b@example.net'])).not.toThrow();
  });

  it('forgets failures older than the window', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.recordFailure(['ip:192.0.2.1']);
    now += 60_001;
    expect(() => t.check(['ip:192.0.2.1'])).not.toThrow();
  });

  it('clears a key on success', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.recordFailure(['a@example.net']);
    t.recordSuccess(['a@example.net']);
    expect(() => t.check(['a@example.net'])).not.toThrow();
  });
});
