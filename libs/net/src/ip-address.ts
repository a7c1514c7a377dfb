import { invalidValue } from '@ixora/errors';
import { formatV4Word, formatV6Groups } from './ip-text.codec.js';

export type IpFamily = 4 | 6;

/** Number of bits in an address of the family. */
export function addressBits(family: IpFamily): 32 | 128 {
  return family === 4 ? 32 : 128;
}

export function maxAddressValue(family: IpFamily): bigint {
  return family === 4 ? 0xffff_ffffn : (1n << 128n) - 1n;
}

const V4_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const V6_GROUP = /^[0-9a-fA-F]{1,4}$/;
/** ::ffff:0:0/96, IPv4-mapped IPv6 addresses (RFC 4291 §2.5.5.2). */
const V4_MAPPED_PREFIX = 0xffffn << 32n;
const V4_MAPPED_MASK = ((1n << 96n) - 1n) << 32n;

/**
 * An IPv4 or IPv6 address, held as a bigint.
 *
 * Canonical text: IPv4 as a dotted quad, IPv6 as RFC 5952 recommends (lowercase, leading zeros
 * dropped, the longest run of two or more zero groups compressed, the first on a tie). IPv4-mapped
 * IPv6 addresses stay family 6 and are written with the embedded dotted quad
 * (`::ffff:192.0.2.1`, RFC 5952 §5); they never turn into IPv4 addresses.
 *
 * Parsing trims surrounding whitespace and rejects zone ids (`fe80::1%eth0`), leading zeros in
 * IPv4 octets (ambiguous: octal in some parsers) and anything with a prefix length.
 */
export class IpAddress {
  private text: string | undefined;

  private constructor(
    readonly family: IpFamily,
    private readonly value: bigint,
  ) {}

  static parse(input: string, field = 'address'): IpAddress {
    const result = checkIpAddress(input);
    if (typeof result === 'string') throw invalidValue(field, input, result);
    return result;
  }

  static isValid(input: unknown): boolean {
    return typeof input === 'string' && typeof checkIpAddress(input) !== 'string';
  }

  static fromBigInt(value: bigint, family: IpFamily): IpAddress {
    if (family !== 4 && family !== 6) throw invalidValue('family', family, 'is not 4 or 6');
    if (typeof value !== 'bigint' || value < 0n || value > maxAddressValue(family)) {
      throw invalidValue('address', value, `is outside the IPv${family} address range`);
    }
    return new IpAddress(family, value);
  }

  toBigInt(): bigint {
    return this.value;
  }

  toString(): string {
    this.text ??= this.family === 4 ? formatV4(this.value) : formatV6(this.value);
    return this.text;
  }

  toJSON(): string {
    return this.toString();
  }

  equals(other: IpAddress): boolean {
    return this.family === other.family && this.value === other.value;
  }

  /** IPv4 before IPv6, then numeric. */
  compare(other: IpAddress): number {
    if (this.family !== other.family) return this.family - other.family;
    return this.value < other.value ? -1 : this.value > other.value ? 1 : 0;
  }

  /** True for ::ffff:0:0/96 (RFC 4291 §2.5.5.2). */
  isIpv4Mapped(): boolean {
    return this.family === 6 && (this.value & V4_MAPPED_MASK) === V4_MAPPED_PREFIX;
  }
}

/**
 * The address, or the reason the text is not one (phrased to follow the quoted value). Shared with
 * the prefix parser; not part of the public API.
 */
export function checkIpAddress(input: unknown): IpAddress | string {
  if (typeof input !== 'string') return 'is not an IP address (expected a string)';
  const text = input.trim();
  if (text.includes('/')) return 'is a prefix, not an address';
  if (text.includes('%')) return 'has a zone id, which is not accepted';
  if (text.includes(':')) {
    const value = parseV6(text);
    return typeof value === 'string' ? value : IpAddress.fromBigInt(value, 6);
  }
  const value = parseV4(text);
  return typeof value === 'string' ? value : IpAddress.fromBigInt(value, 4);
}

function parseV4(text: string): bigint | string {
  const octets = text.split('.');
  if (octets.length !== 4) return 'is not an IP address';
  // Plain number arithmetic: 32 bits fit a double exactly, and VRP documents parse 500k of these.
  let value = 0;
  for (const octet of octets) {
    if (!V4_OCTET.test(octet)) {
      return /^[0-9]+$/.test(octet) ? 'has leading zeros in an IPv4 octet' : 'is not an IP address';
    }
    const number = Number(octet);
    if (number > 255) return 'has an IPv4 octet above 255';
    value = value * 256 + number;
  }
  return BigInt(value);
}

function parseV6(text: string): bigint | string {
  const invalid = 'is not a valid IPv6 address';
  const halves = text.split('::');
  if (halves.length > 2) return `${invalid} ("::" may appear only once)`;
  const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? (halves[1] ?? '').split(':') : [];

  const groups: number[] = [];
  const readGroups = (parts: string[], mayEndInV4: boolean): string | number[] => {
    const out: number[] = [];
    for (const [index, part] of parts.entries()) {
      if (mayEndInV4 && index === parts.length - 1 && part.includes('.')) {
        const v4 = parseV4(part);
        if (typeof v4 === 'string') return `${invalid} (embedded IPv4 address: ${v4.replace(/^is /, '')})`;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (V6_GROUP.test(part)) {
        out.push(parseInt(part, 16));
      } else {
        return invalid;
      }
    }
    return out;
  };

  const headGroups = readGroups(head, halves.length === 1);
  if (typeof headGroups === 'string') return headGroups;
  const tailGroups = readGroups(tail, true);
  if (typeof tailGroups === 'string') return tailGroups;

  if (halves.length === 1) {
    if (headGroups.length !== 8) return invalid;
    groups.push(...headGroups);
  } else {
    // "::" stands for one or more zero groups (RFC 4291 §2.2), so at most 7 explicit groups.
    const missing = 8 - headGroups.length - tailGroups.length;
    if (missing < 1) return invalid;
    groups.push(...headGroups, ...new Array<number>(missing).fill(0), ...tailGroups);
  }

  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

function formatV4(value: bigint): string {
  return formatV4Word(Number(value));
}

function formatV6(value: bigint): string {
  if ((value & V4_MAPPED_MASK) === V4_MAPPED_PREFIX) return `::ffff:${formatV4(value & 0xffff_ffffn)}`;
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  return formatV6Groups(groups);
}
