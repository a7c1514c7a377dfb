import { invalidValue } from '@ixora/errors';
import { addressBits, checkIpAddress, IpAddress, type IpFamily } from './ip-address.js';

export interface IpPrefixParseOptions {
  /** Name of the input field in error messages; default "prefix". */
  readonly field?: string;
  /**
   * What to do with a prefix whose address has bits set beyond the length ("192.0.2.1/24"):
   * `reject` (default) throws, `clear` returns the network (192.0.2.0/24), as netbox does on save.
   */
  readonly hostBits?: 'reject' | 'clear';
}

const LENGTH = /^(0|[1-9][0-9]{0,2})$/;

/**
 * An IPv4 or IPv6 prefix (network address and length), like PostgreSQL's `cidr`: the network never
 * has host bits set. A bare address without "/length" is not a prefix. Surrounding whitespace is
 * trimmed (see {@link IpAddress}).
 */
export class IpPrefix {
  private text: string | undefined;

  private constructor(
    readonly network: IpAddress,
    readonly length: number,
  ) {}

  static parse(input: string, options: IpPrefixParseOptions = {}): IpPrefix {
    const field = options.field ?? 'prefix';
    if (typeof input !== 'string') throw invalidValue(field, input, 'is not a prefix (expected a string)');
    const text = input.trim();
    const slash = text.indexOf('/');
    if (slash < 0) throw invalidValue(field, input, 'has no prefix length (expected e.g. "192.0.2.0/24")');
    const lengthText = text.slice(slash + 1);
    const address = checkIpAddress(text.slice(0, slash));
    if (typeof address === 'string') {
      throw invalidValue(field, input, `is not a valid prefix (its address ${address})`);
    }
    if (!LENGTH.test(lengthText)) throw invalidValue(field, input, 'has an invalid prefix length');
    return IpPrefix.build(address, Number(lengthText), options, input);
  }

  static isValid(input: unknown): boolean {
    if (typeof input !== 'string') return false;
    try {
      IpPrefix.parse(input);
      return true;
    } catch {
      return false;
    }
  }

  /** The prefix of `length` bits starting at `address`; host bits handled as in {@link parse}. */
  static from(address: IpAddress, length: number, options: IpPrefixParseOptions = {}): IpPrefix {
    return IpPrefix.build(address, length, options, `${address.toString()}/${length}`);
  }

  private static build(
    address: IpAddress,
    length: number,
    options: IpPrefixParseOptions,
    shown: unknown,
  ): IpPrefix {
    const field = options.field ?? 'prefix';
    const bits = addressBits(address.family);
    if (!Number.isInteger(length) || length < 0 || length > bits) {
      throw invalidValue(field, shown, `has a prefix length outside 0..${bits}`);
    }
    const value = address.toBigInt();
    const network = value & netmask(address.family, length);
    if (network === value) return new IpPrefix(address, length);
    const cleared = new IpPrefix(IpAddress.fromBigInt(network, address.family), length);
    if (options.hostBits === 'clear') return cleared;
    throw invalidValue(field, shown, `has host bits set (network is ${cleared.toString()})`);
  }

  get family(): IpFamily {
    return this.network.family;
  }

  get firstAddress(): IpAddress {
    return this.network;
  }

  get lastAddress(): IpAddress {
    return IpAddress.fromBigInt(this.network.toBigInt() | hostmask(this.family, this.length), this.family);
  }

  /** True if `other` lies inside this prefix (an equal prefix counts). False across families. */
  contains(other: IpPrefix | IpAddress): boolean {
    if (other.family !== this.family) return false;
    const [value, length] =
      other instanceof IpPrefix
        ? [other.network.toBigInt(), other.length]
        : [other.toBigInt(), addressBits(other.family)];
    if (length < this.length) return false;
    return (value & netmask(this.family, this.length)) === this.network.toBigInt();
  }

  /** True if the two prefixes share any address (one contains the other). False across families. */
  overlaps(other: IpPrefix): boolean {
    return this.contains(other) || other.contains(this);
  }

  toString(): string {
    this.text ??= `${this.network.toString()}/${this.length}`;
    return this.text;
  }

  toJSON(): string {
    return this.toString();
  }

  equals(other: IpPrefix): boolean {
    return this.length === other.length && this.network.equals(other.network);
  }

  /** By family (IPv4 first), then network address, then length (shorter first). */
  compare(other: IpPrefix): number {
    return this.network.compare(other.network) || this.length - other.length;
  }
}

function buildMasks(bits: number): readonly bigint[] {
  const all = (1n << BigInt(bits)) - 1n;
  return Array.from({ length: bits + 1 }, (_, length) => (all << BigInt(bits - length)) & all);
}

// Precomputed: prefix parsing and containment run per VRP and per route.
const NETMASKS: Record<IpFamily, readonly bigint[]> = { 4: buildMasks(32), 6: buildMasks(128) };

/** The mask with the first `length` bits of the family set. */
export function netmask(family: IpFamily, length: number): bigint {
  const mask = NETMASKS[family][length];
  if (mask === undefined) throw invalidValue('length', length, `is outside 0..${addressBits(family)}`);
  return mask;
}

/** The mask with the last (bits - `length`) bits set. */
export function hostmask(family: IpFamily, length: number): bigint {
  return (NETMASKS[family][addressBits(family)] ?? 0n) ^ netmask(family, length);
}

/**
 * An address on a subnet written as "address/length" ("192.0.2.10/24"), as router interfaces and
 * IX-F exports give it: host bits are the point here, so they are kept in `address` and cleared in
 * `prefix`.
 */
export function parseInterfaceAddress(
  input: string,
  field = 'address',
): { address: IpAddress; prefix: IpPrefix } {
  if (typeof input !== 'string')
    throw invalidValue(field, input, 'is not an interface address (expected a string)');
  const text = input.trim();
  const slash = text.indexOf('/');
  if (slash < 0) throw invalidValue(field, input, 'has no prefix length (expected e.g. "192.0.2.10/24")');
  const prefix = IpPrefix.parse(text, { field, hostBits: 'clear' });
  const address = IpAddress.parse(text.slice(0, slash), field);
  return { address, prefix };
}
