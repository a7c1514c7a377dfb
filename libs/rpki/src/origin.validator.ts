import { type IpFamily, type IpPrefix, netmask } from '@ixora/net';
import type { Vrp } from './vrp.js';

/** RFC 6811 §2 route origin validation states (NotFound is called `unknown` here, as in BIRD). */
export type OriginValidationState = 'valid' | 'invalid' | 'unknown';

interface FamilyTable {
  /** VRPs by prefix length, then by network address. */
  readonly byLength: Map<number, Map<bigint, Vrp[]>>;
  /** The prefix lengths present, ascending, so a lookup only visits lengths that exist. */
  lengths: number[];
}

/**
 * VRPs arranged for covering-prefix lookups: built once per VRP set, then queried for every route.
 * A lookup visits each prefix length present in the set (at most 33 or 129) with one hash lookup,
 * independent of the number of VRPs.
 */
export class VrpIndex {
  private readonly tables: Record<IpFamily, FamilyTable> = {
    4: { byLength: new Map(), lengths: [] },
    6: { byLength: new Map(), lengths: [] },
  };
  readonly size: number;

  constructor(vrps: Iterable<Vrp>) {
    let size = 0;
    for (const vrp of vrps) {
      const table = this.tables[vrp.prefix.family];
      let byNetwork = table.byLength.get(vrp.prefix.length);
      if (!byNetwork) {
        byNetwork = new Map();
        table.byLength.set(vrp.prefix.length, byNetwork);
      }
      const network = vrp.prefix.network.toBigInt();
      const list = byNetwork.get(network);
      if (list) list.push(vrp);
      else byNetwork.set(network, [vrp]);
      size += 1;
    }
    for (const table of Object.values(this.tables))
      table.lengths = [...table.byLength.keys()].sort((a, b) => a - b);
    this.size = size;
  }

  /** The VRPs whose prefix equals or covers `prefix` (RFC 6811 "Covering VRPs"). */
  coveringVrps(prefix: IpPrefix): Vrp[] {
    const table = this.tables[prefix.family];
    const address = prefix.network.toBigInt();
    const found: Vrp[] = [];
    for (const length of table.lengths) {
      if (length > prefix.length) break;
      const list = table.byLength.get(length)?.get(address & netmask(prefix.family, length));
      if (list) found.push(...list);
    }
    return found;
  }
}

/**
 * RFC 6811 §2: a route is `unknown` (NotFound) when no VRP covers its prefix, `valid` when a
 * covering VRP has the route's origin ASN and a max length at least the route's length, and
 * `invalid` otherwise. AS0 VRPs (RFC 6483 §4) cover but never match, and an origin of 0 (no
 * origin, e.g. a path ending in an AS_SET) matches nothing.
 */
export function validateOrigin(prefix: IpPrefix, originAsn: number, index: VrpIndex): OriginValidationState {
  const covering = index.coveringVrps(prefix);
  if (covering.length === 0) return 'unknown';
  const matches = covering.some(
    (vrp) => vrp.asn !== 0 && vrp.asn === originAsn && prefix.length <= vrp.maxLength,
  );
  return matches ? 'valid' : 'invalid';
}

export interface CoverageSummary {
  readonly valid: number;
  readonly invalid: number;
  readonly unknown: number;
}

/** How many of the (prefix, origin) pairs, e.g. a member's IRR route objects, are valid, invalid, unknown. */
export function summariseCoverage(
  prefixes: readonly { readonly prefix: IpPrefix; readonly origin: number }[],
  index: VrpIndex,
): CoverageSummary {
  const counts = { valid: 0, invalid: 0, unknown: 0 };
  for (const { prefix, origin } of prefixes) counts[validateOrigin(prefix, origin, index)] += 1;
  return counts;
}
