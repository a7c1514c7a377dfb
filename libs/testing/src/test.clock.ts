import type { Clock } from '@ixora/config';

const DAY_MS = 86_400_000;

/** A clock a test moves by hand: starts at `start`, changes only when told. */
export class TestClock implements Clock {
  private ms: number;

  constructor(start: Date = new Date()) {
    this.ms = start.getTime();
  }

  /** A clock one year (365 days) after the real now: "does this still pass next year?". */
  static yearAhead(): TestClock {
    return new TestClock(new Date(Date.now() + 365 * DAY_MS));
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  set(at: Date): void {
    this.ms = at.getTime();
  }
}
