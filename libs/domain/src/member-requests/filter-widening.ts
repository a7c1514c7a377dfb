import { isDeepStrictEqual } from 'node:util';
import type { MemberRequestValues } from '../entities/member-request.entity.js';

/**
 * Whether a new list of AS-SETs (and ASNs) lets a member announce anything it could not before.
 * Any entry not already in the list widens: an added set, a replaced one, and also a source-pinned
 * set swapped for its pin (`RIPE::AS-X` -> `AS-X` is looked up in every source) or the reverse (a
 * pin may name a source the exchange does not otherwise query). Only removing entries (or
 * reordering them) narrows. Names compare case-insensitively, as RPSL names do.
 */
export function isAsSetsWidening(current: readonly string[], proposed: readonly string[]): boolean {
  const known = new Set(current.map((name) => name.toUpperCase()));
  return proposed.some((name) => !known.has(name.toUpperCase()));
}

/**
 * Whether a new max-prefix limit can let more routes in. `null` means "inherit" from the level
 * above, whose value this level cannot see for sure (the exchange default, or the count the member
 * publishes in PeeringDB plus headroom, which the member itself controls). So only lowering an
 * explicit limit narrows; clearing a limit, setting a first one, and raising one go to staff.
 */
export function isMaxPrefixWidening(current: number | null, proposed: number | null): boolean {
  if (current === proposed) return false;
  return current === null || proposed === null || proposed > current;
}

export interface FilterChangeSplit {
  /** Changes that narrow the filters (or change nothing): applied at once. */
  readonly direct: MemberRequestValues;
  /** Changes that widen them: become a request for staff; `current` holds today's values. */
  readonly widening: MemberRequestValues;
  readonly current: MemberRequestValues;
}

/** Splits a member user's change of filter fields into what applies now and what staff decide. */
export function splitFilterChange(
  current: MemberRequestValues,
  proposed: MemberRequestValues,
): FilterChangeSplit {
  const direct: MemberRequestValues = {};
  const widening: MemberRequestValues = {};
  const before: MemberRequestValues = {};
  if (proposed.asSets !== undefined) {
    const now = current.asSets ?? [];
    if (isAsSetsWidening(now, proposed.asSets)) {
      widening.asSets = proposed.asSets;
      before.asSets = now;
    } else if (!isDeepStrictEqual(now, proposed.asSets)) direct.asSets = proposed.asSets;
  }
  for (const key of ['maxPrefixV4', 'maxPrefixV6', 'maxPrefix'] as const) {
    const value = proposed[key];
    if (value === undefined) continue;
    const now = current[key] ?? null;
    if (isMaxPrefixWidening(now, value)) {
      widening[key] = value;
      before[key] = now;
    } else if (now !== value) direct[key] = value;
  }
  return { direct, widening, current: before };
}

export function isEmptyChange(values: MemberRequestValues): boolean {
  return Object.keys(values).length === 0;
}
