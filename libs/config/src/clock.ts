/**
 * Where ixora reads the current time. Services that compare data against "now" (expiry, staleness,
 * heartbeats) take a Clock, so a test sets the time instead of depending on the calendar.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always says `at`, for tests and for replaying a decision at a given time. */
export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return { now: () => new Date(ms) };
}

/** Nest injection token of the Clock; providers fall back to `systemClock` when nothing is bound. */
export const IXORA_CLOCK = Symbol('IXORA_CLOCK');
