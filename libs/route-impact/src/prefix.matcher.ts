import type { ParsedPrefix } from '@ixora/bird-config';

/** 2^n for n = 0..52: an IPv6 network's top 52 bits divided by these keep its first `length` bits. */
const POW2 = Array.from({ length: 53 }, (_, n) => 2 ** n);
/** IPv6 keys up to this length are numbers (52 bits are exact in a double); longer ones are hex text. */
const V6_NUMERIC_BITS = 52;

/** The first 52 bits of an IPv6 network (32 hex digits) as a number. */
function top52(hex: string): number {
  return parseInt(hex.slice(0, 13), 16);
}

function v6TextKey(hex: string, length: number): string {
  const digits = Math.ceil(length / 4);
  const rest = length % 4;
  if (rest === 0) return hex.slice(0, digits);
  const last = parseInt(hex[digits - 1]!, 16) & ((0xf << (4 - rest)) & 0xf);
  return hex.slice(0, digits - 1) + last.toString(16);
}

/**
 * Numbers keyed by the prefix they belong to: by prefix length, then by the network's first
 * `length` bits. A lookup tries each length present (a handful in practice), so finding the entries
 * that contain a route costs the same whatever their number. Values are plain numbers (one, or an
 * array when several share a prefix), so two million entries make no two million objects.
 */
class ByCoveringPrefix {
  private readonly byLength = new Map<number, Map<number | string, number | number[]>>();
  lengths: number[] = [];

  constructor(private readonly family: 4 | 6) {}

  add(prefix: ParsedPrefix, value: number): void {
    let byKey = this.byLength.get(prefix.length);
    if (!byKey) {
      byKey = new Map();
      this.byLength.set(prefix.length, byKey);
      this.lengths = [...this.byLength.keys()].sort((a, b) => a - b);
    }
    const key =
      this.family === 4
        ? prefix.length === 0
          ? 0
          : (prefix.network as number) >>> (32 - prefix.length)
        : prefix.length <= V6_NUMERIC_BITS
          ? Math.floor(top52(prefix.network as string) / POW2[V6_NUMERIC_BITS - prefix.length]!)
          : v6TextKey(prefix.network as string, prefix.length);
    const existing = byKey.get(key);
    if (existing === undefined) byKey.set(key, value);
    else if (typeof existing === 'number') byKey.set(key, [existing, value]);
    else existing.push(value);
  }

  /** The values of the entries of `length` whose prefix contains `route`. */
  at(route: ParsedPrefix, length: number, routeTop52: number): number | number[] | undefined {
    const byKey = this.byLength.get(length)!;
    if (this.family === 4) return byKey.get(length === 0 ? 0 : (route.network as number) >>> (32 - length));
    return byKey.get(
      length <= V6_NUMERIC_BITS
        ? Math.floor(routeTop52 / POW2[V6_NUMERIC_BITS - length]!)
        : v6TextKey(route.network as string, length),
    );
  }

  routeTop52(route: ParsedPrefix): number {
    return this.family === 4 ? 0 : top52(route.network as string);
  }
}

/** One entry of a BIRD prefix set, `prefix{low,high}`. */
export interface MatcherEntry {
  readonly parsed: ParsedPrefix;
  readonly low: number;
  readonly high: number;
}

/**
 * BIRD's `net ~ [ prefix{low,high}, … ]` for one family: true when an entry's prefix contains the
 * route and the route's length lies within low..high.
 */
export class PrefixSetMatcher {
  private readonly entries: ByCoveringPrefix;

  constructor(family: 4 | 6, entries: Iterable<MatcherEntry> = []) {
    this.entries = new ByCoveringPrefix(family);
    for (const entry of entries) this.add(entry.parsed, entry.low, entry.high);
  }

  add(prefix: ParsedPrefix, low: number, high: number): void {
    this.entries.add(prefix, low * 256 + high);
  }

  /** `[ p+, … ]`: every prefix and its more-specifics. */
  static orLonger(family: 4 | 6, prefixes: Iterable<ParsedPrefix>): PrefixSetMatcher {
    const matcher = new PrefixSetMatcher(family);
    for (const parsed of prefixes) matcher.add(parsed, parsed.length, family === 4 ? 32 : 128);
    return matcher;
  }

  matches(route: ParsedPrefix): boolean {
    const top = this.entries.routeTop52(route);
    for (const length of this.entries.lengths) {
      if (length > route.length) break;
      const found = this.entries.at(route, length, top);
      if (found === undefined) continue;
      if (typeof found === 'number') {
        if (route.length >= found >>> 8 && route.length <= (found & 255)) return true;
      } else {
        for (const range of found)
          if (route.length >= range >>> 8 && route.length <= (range & 255)) return true;
      }
    }
    return false;
  }
}

export type RoaState = 'valid' | 'invalid' | 'unknown';

/** A ROA table: BIRD's `roa_check(table, net, asn)` (RFC 6811 origin validation). */
export class RoaMatcher {
  private readonly roas = { 4: new ByCoveringPrefix(4), 6: new ByCoveringPrefix(6) };

  add(prefix: ParsedPrefix, maxLength: number, asn: number): void {
    // asn ≤ 2^32 and maxLength ≤ 128: asn * 256 + maxLength stays below 2^41, exact in a double.
    this.roas[prefix.family].add(prefix, asn * 256 + maxLength);
  }

  /**
   * Unknown when no ROA covers the prefix; valid when one covering ROA names the origin (never
   * AS 0, RFC 6483 §4) with a max length at least the route's; invalid otherwise.
   */
  check(route: ParsedPrefix, originAsn: number): RoaState {
    const table = this.roas[route.family];
    const top = table.routeTop52(route);
    let isCovered = false;
    for (const length of table.lengths) {
      if (length > route.length) break;
      const found = table.at(route, length, top);
      if (found === undefined) continue;
      isCovered = true;
      if (originAsn === 0) continue;
      for (const roa of typeof found === 'number' ? [found] : found) {
        if (Math.floor(roa / 256) === originAsn && roa % 256 >= route.length) return 'valid';
      }
    }
    return isCovered ? 'invalid' : 'unknown';
  }
}
