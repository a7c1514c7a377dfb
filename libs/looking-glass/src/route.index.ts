import { IpAddress, IpPrefix } from '@ixora/net';
import type { LgRoute } from './lg.types.js';

/**
 * What routes of a snapshot share: everything of an {@link LgRoute} but its prefix, its id (made
 * from the prefix) and its age. Routes of one neighbor with the same next hop, AS_PATH and
 * communities share one such object, so a snapshot of 800,000 routes holds far fewer of them.
 */
export type SharedRouteAttributes = Omit<LgRoute, 'id' | 'network' | 'age'>;

/**
 * A route of a snapshot, compact: its prefix (text and parsed), its age, and the attributes it
 * shares with other routes. The API's {@link LgRoute} is made on demand, a page at a time.
 */
export class IndexedRoute {
  constructor(
    /** The prefix as BIRD printed it. */
    readonly prefixText: string,
    readonly age: string,
    readonly shared: SharedRouteAttributes,
    readonly family: 4 | 6,
    readonly network: bigint,
    readonly length: number,
    readonly isFiltered: boolean,
  ) {}

  get neighborId(): string {
    return this.shared.neighbor_id;
  }

  get originAsn(): number | undefined {
    return this.shared.bgp.as_path.at(-1);
  }

  /** The route as the looking-glass API shows it (Alice-LG's shape, field order kept). */
  get route(): LgRoute {
    const { route_server_id, neighbor_id, ...rest } = this.shared;
    const { gateway, learnt_from, type, primary, ...after } = rest;
    return {
      id: `${neighbor_id}/${this.prefixText}`,
      route_server_id,
      neighbor_id,
      network: this.prefixText,
      ...(gateway === undefined ? {} : { gateway }),
      ...(learnt_from === undefined ? {} : { learnt_from }),
      type,
      primary,
      age: this.age,
      ...after,
    };
  }
}

/** What a search matches: routes covering an address, or overlapping a prefix, or from an origin ASN. */
export type RouteSearch =
  | { readonly kind: 'address'; readonly address: IpAddress }
  | { readonly kind: 'prefix'; readonly prefix: IpPrefix }
  | { readonly kind: 'asn'; readonly asn: number };

/**
 * A route with its prefix parsed for containment tests without re-parsing. With `share`, routes
 * whose attributes are equal get one attributes object (see {@link RouteInterner.shared}).
 */
export function indexRoute(
  route: LgRoute,
  isFiltered: boolean,
  share: (attributes: SharedRouteAttributes) => SharedRouteAttributes = (attributes) => attributes,
): IndexedRoute {
  const prefix = IpPrefix.parse(route.network, { hostBits: 'clear' });
  const { id, network, age, ...shared } = route;
  void id;
  return new IndexedRoute(
    network,
    age,
    share(shared),
    prefix.family,
    prefix.network.toBigInt(),
    prefix.length,
    isFiltered,
  );
}

function bitsOf(family: 4 | 6): bigint {
  return family === 4 ? 32n : 128n;
}

function maskOf(family: 4 | 6, length: number): bigint {
  const bits = bitsOf(family);
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(length))) & all;
}

/** True when `entry`'s prefix contains the address or prefix (network, length) of `family`. */
export function entryContains(entry: IndexedRoute, family: 4 | 6, network: bigint, length: number): boolean {
  return (
    entry.family === family &&
    length >= entry.length &&
    (network & maskOf(family, entry.length)) === entry.network
  );
}

export function matchesSearch(entry: IndexedRoute, search: RouteSearch): boolean {
  switch (search.kind) {
    case 'address':
      return entryContains(
        entry,
        search.address.family,
        search.address.toBigInt(),
        Number(bitsOf(search.address.family)),
      );
    case 'prefix': {
      const { family, length } = search.prefix;
      const network = search.prefix.network.toBigInt();
      // Overlap: the route covers the prefix, or lies inside it.
      return (
        entryContains(entry, family, network, length) ||
        (entry.family === family &&
          entry.length >= length &&
          (entry.network & maskOf(family, length)) === network)
      );
    }
    case 'asn':
      return entry.originAsn === search.asn;
  }
}

/**
 * Every route of one route server, sorted by prefix, and by origin ASN. A lookup of an address or
 * prefix binary-searches each shorter length once (33 or 129 searches), so it costs about the same
 * for 500 routes or 500,000; more-specifics of a prefix are the run that follows it.
 */
export class RouteIndex {
  private readonly byOrigin = new Map<number, IndexedRoute[]>();
  private readonly sorted: IndexedRoute[] = [];

  add(entry: IndexedRoute): void {
    const origin = entry.originAsn;
    if (origin !== undefined) {
      const byOrigin = this.byOrigin.get(origin);
      if (byOrigin) byOrigin.push(entry);
      else this.byOrigin.set(origin, [entry]);
    }
    this.sorted.push(entry);
  }

  /** Call once after the last `add`. */
  seal(): void {
    this.sorted.sort(compareEntries);
  }

  search(search: RouteSearch, limit: number): IndexedRoute[] {
    if (search.kind === 'asn') return (this.byOrigin.get(search.asn) ?? []).slice(0, limit);
    const family = search.kind === 'address' ? search.address.family : search.prefix.family;
    const network = search.kind === 'address' ? search.address.toBigInt() : search.prefix.network.toBigInt();
    const length = search.kind === 'address' ? Number(bitsOf(family)) : search.prefix.length;
    const found: IndexedRoute[] = [];
    // Covering prefixes (and the exact one), most specific first.
    for (let bits = length; bits >= 0 && found.length < limit; bits -= 1) {
      const masked = network & maskOf(family, bits);
      for (
        let i = this.lowerBound(family, masked, bits);
        i < this.sorted.length && found.length < limit;
        i += 1
      ) {
        const entry = this.sorted[i]!;
        if (entry.family !== family || entry.network !== masked || entry.length !== bits) break;
        found.push(entry);
      }
    }
    if (search.kind === 'prefix')
      found.push(...this.moreSpecifics(family, network, length, limit - found.length));
    return found;
  }

  /** The first entry at or after (family, network, length) in sort order. */
  private lowerBound(family: 4 | 6, network: bigint, length: number): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const entry = this.sorted[middle]!;
      const isBefore =
        entry.family < family ||
        (entry.family === family &&
          (entry.network < network || (entry.network === network && entry.length < length)));
      if (isBefore) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private moreSpecifics(family: 4 | 6, network: bigint, length: number, limit: number): IndexedRoute[] {
    if (limit <= 0) return [];
    const last = network | (((1n << bitsOf(family)) - 1n) ^ maskOf(family, length));
    const found: IndexedRoute[] = [];
    for (
      let i = this.lowerBound(family, network, length + 1);
      i < this.sorted.length && found.length < limit;
      i += 1
    ) {
      const entry = this.sorted[i]!;
      if (entry.family !== family || entry.network > last) break;
      if (entry.length > length) found.push(entry);
    }
    return found;
  }
}

export function compareEntries(a: IndexedRoute, b: IndexedRoute): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.network !== b.network) return a.network < b.network ? -1 : 1;
  if (a.length !== b.length) return a.length - b.length;
  return a.neighborId < b.neighborId ? -1 : a.neighborId > b.neighborId ? 1 : 0;
}
