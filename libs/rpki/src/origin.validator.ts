import { addressBits, type IpFamily, type IpPrefix } from '@ixora/net';
import type { Vrp } from './vrp.js';

/** RFC 6811 §2 route origin validation states (NotFound is called `unknown` here, as in BIRD). */
export type OriginValidationState = 'valid' | 'invalid' | 'unknown';

/**
 * A prefix's leading `length` bits as a Map key: a number while it fits exactly (every IPv4
 * prefix, IPv6 up to /52), else a string. Never a bigint: V8 hashes bigint Map keys so poorly
 * that 200k network addresses took minutes to insert.
 */
type NetworkKey = number | string;

/** Leading bits of a number kept exact in a double. */
const NUMBER_KEY_BITS = 52;
const POWERS_OF_TWO = Array.from({ length: NUMBER_KEY_BITS + 1 }, (_, exponent) => 2 ** exponent);

/**
 * Computes the keys of one address at many lengths: the bigint is shifted once, and each key
 * below /53 is then a division of a double by a power of two (exact), so a lookup that visits
 * every stored length allocates no bigints.
 */
class NetworkKeys {
  private readonly bits: number;
  private readonly numberBits: number;
  private readonly leading: number;

  constructor(
    private readonly address: bigint,
    family: IpFamily,
  ) {
    this.bits = addressBits(family);
    this.numberBits = Math.min(this.bits, NUMBER_KEY_BITS);
    this.leading = Number(address >> BigInt(this.bits - this.numberBits));
  }

  at(length: number): NetworkKey {
    if (length <= this.numberBits)
      return Math.floor(this.leading / (POWERS_OF_TWO[this.numberBits - length] ?? 1));
    return (this.address >> BigInt(this.bits - length)).toString(16);
  }
}

interface FamilyTable {
  /** VRPs by prefix length, then by the prefix's leading bits. */
  readonly byLength: Map<number, Map<NetworkKey, Vrp[]>>;
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
      const key = new NetworkKeys(vrp.prefix.network.toBigInt(), vrp.prefix.family).at(vrp.prefix.length);
      const list = byNetwork.get(key);
      if (list) list.push(vrp);
      else byNetwork.set(key, [vrp]);
      size += 1;
    }
    for (const table of Object.values(this.tables))
      table.lengths = [...table.byLength.keys()].sort((a, b) => a - b);
    this.size = size;
  }

  /** The VRPs whose prefix equals or covers `prefix` (RFC 6811 "Covering VRPs"). */
  coveringVrps(prefix: IpPrefix): Vrp[] {
    const table = this.tables[prefix.family];
    const keys = new NetworkKeys(prefix.network.toBigInt(), prefix.family);
    const found: Vrp[] = [];
    for (const length of table.lengths) {
      if (length > prefix.length) break;
      const list = table.byLength.get(length)?.get(keys.at(length));
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
