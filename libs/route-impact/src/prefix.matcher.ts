import type { ParsedPrefix } from '@ixora/bird-config';

/**
 * The bits of a network that a prefix of `length` keeps, as a map key: the IPv4 network shifted
 * right (a number), or the leading hex digits of the IPv6 network with the last one masked.
 */
function networkKey(network: number | string, family: 4 | 6, length: number): number | string {
  if (family === 4) return length === 0 ? 0 : (network as number) >>> (32 - length);
  const hex = network as string;
  const digits = Math.ceil(length / 4);
  const rest = length % 4;
  if (rest === 0) return hex.slice(0, digits);
  const last = parseInt(hex[digits - 1]!, 16) & ((0xf << (4 - rest)) & 0xf);
  return hex.slice(0, digits - 1) + last.toString(16);
}

/**
 * Entries keyed by their prefix length, then by their network's bits: a lookup tries each length
 * present (at most 33 or 129, in practice a handful), so matching a route costs the same whatever
 * the number of entries.
 */
class ByCoveringPrefix<T> {
  private readonly byLength = new Map<number, Map<number | string, T[]>>();
  private lengths: number[] = [];

  add(prefix: ParsedPrefix, value: T): void {
    let byKey = this.byLength.get(prefix.length);
    if (!byKey) {
      byKey = new Map();
      this.byLength.set(prefix.length, byKey);
      this.lengths = [...this.byLength.keys()].sort((a, b) => a - b);
    }
    const key = networkKey(prefix.network, prefix.family, prefix.length);
    const list = byKey.get(key);
    if (list) list.push(value);
    else byKey.set(key, [value]);
  }

  /** Calls `visit` with every value whose prefix contains `route` (equal included); stops when it returns true. */
  some(route: ParsedPrefix, visit: (value: T) => boolean): boolean {
    for (const length of this.lengths) {
      if (length > route.length) break;
      const list = this.byLength.get(length)!.get(networkKey(route.network, route.family, length));
      if (list) for (const value of list) if (visit(value)) return true;
    }
    return false;
  }
}

/** One entry of a BIRD prefix set, `prefix{low,high}`. */
export interface MatcherEntry {
  readonly parsed: ParsedPrefix;
  readonly low: number;
  readonly high: number;
}

/**
 * BIRD's `net ~ [ prefix{low,high}, … ]` for one family: true when an entry's prefix contains
 * the route and the route's length lies within low..high.
 */
export class PrefixSetMatcher {
  private readonly entries = new ByCoveringPrefix<{ low: number; high: number }>();

  constructor(entries: Iterable<MatcherEntry>) {
    for (const entry of entries) this.entries.add(entry.parsed, { low: entry.low, high: entry.high });
  }

  /** `[ p+, … ]`: every prefix and its more-specifics. */
  static orLonger(prefixes: Iterable<ParsedPrefix>): PrefixSetMatcher {
    const entries: MatcherEntry[] = [];
    for (const parsed of prefixes)
      entries.push({ parsed, low: parsed.length, high: parsed.family === 4 ? 32 : 128 });
    return new PrefixSetMatcher(entries);
  }

  matches(route: ParsedPrefix): boolean {
    return this.entries.some(route, (entry) => route.length >= entry.low && route.length <= entry.high);
  }
}

export type RoaState = 'valid' | 'invalid' | 'unknown';

/** A ROA table: BIRD's `roa_check(table, net, asn)` (RFC 6811 origin validation). */
export class RoaMatcher {
  private readonly roas = new ByCoveringPrefix<{ maxLength: number; asn: number }>();

  add(prefix: ParsedPrefix, maxLength: number, asn: number): void {
    this.roas.add(prefix, { maxLength, asn });
  }

  /**
   * Unknown when no ROA covers the prefix; valid when one covering ROA names the origin (never
   * AS 0, RFC 6483 §4) with a max length at least the route's; invalid otherwise.
   */
  check(route: ParsedPrefix, originAsn: number): RoaState {
    let isCovered = false;
    const isValid = this.roas.some(route, (roa) => {
      isCovered = true;
      return originAsn !== 0 && roa.asn === originAsn && roa.maxLength >= route.length;
    });
    return isValid ? 'valid' : isCovered ? 'invalid' : 'unknown';
  }
}
