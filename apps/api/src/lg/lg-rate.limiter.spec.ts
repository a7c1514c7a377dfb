import { LgRateLimiter } from './lg-rate.limiter.js';

describe('LgRateLimiter', () => {
  it("allows a minute's worth, then refuses with the seconds until the next request", () => {
    let now = 0;
    const limiter = new LgRateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('192.0.2.7').isAllowed)).toEqual([true, true, true]);
    expect(limiter.take('192.0.2.7')).toEqual({ isAllowed: false, retryAfterSeconds: 20 });
    expect(limiter.take('192.0.2.8').isAllowed).toBe(true);
    now = 20_000;
    expect(limiter.take('192.0.2.7').isAllowed).toBe(true);
    expect(limiter.take('192.0.2.7').isAllowed).toBe(false);
  });

  it('is off at 0', () => {
    const limiter = new LgRateLimiter(0);
    expect(Array.from({ length: 1000 }, () => limiter.take('x').isAllowed).every(Boolean)).toBe(true);
  });

  it('keeps at most maxClients buckets', () => {
    const limiter = new LgRateLimiter(2, () => 0, 10);
    for (let i = 0; i < 50; i += 1) limiter.take(`198.51.100.${i}`);
    limiter.take('198.51.100.49');
    expect(limiter.take('198.51.100.49').isAllowed).toBe(false);
  });
});
