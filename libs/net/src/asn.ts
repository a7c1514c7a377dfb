import { invalidValue } from '@ixora/errors';

/** Largest 4-octet AS number (RFC 6793). */
export const MAX_ASN = 4_294_967_295;

const DIGITS = /^[0-9]+$/;

/**
 * An autonomous system number, 1..4294967295 (RFC 6793 4-octet ASNs).
 *
 * Accepted input: a number, a bigint, or a string in asplain notation with an optional
 * case-insensitive "AS" prefix ("64500", "AS64500", "as64500"). Surrounding whitespace is
 * trimmed, because values arrive from command lines, forms and CSV/JSON exports where it is never
 * meaningful; whitespace inside the value is rejected. AS0 is rejected (RFC 7607: it must not be
 * used as an origin or in a path). asdot notation ("1.10", RFC 5396) and leading zeros are
 * rejected rather than guessed at.
 */
export class Asn {
  private constructor(readonly value: number) {}

  static parse(input: string | number | bigint, field = 'asn'): Asn {
    const result = Asn.check(input);
    if (typeof result === 'string') throw invalidValue(field, input, result);
    return new Asn(result);
  }

  static isValid(input: unknown): boolean {
    return typeof Asn.check(input) === 'number';
  }

  /** Returns the ASN as a number, or the reason it is not one. */
  private static check(input: unknown): number | string {
    let value: number;
    if (typeof input === 'number') {
      if (!Number.isInteger(input)) return 'is not an integer';
      value = input;
    } else if (typeof input === 'bigint') {
      if (input < 0n || input > BigInt(MAX_ASN)) return `is outside 1..${MAX_ASN}`;
      value = Number(input);
    } else if (typeof input === 'string') {
      const text = input.trim();
      const digits = /^as/i.test(text) ? text.slice(2) : text;
      if (!DIGITS.test(digits)) {
        return digits.includes('.')
          ? 'is in asdot notation; use asplain (e.g. "AS64500" or "64500")'
          : 'is not an ASN (expected e.g. "AS64500" or "64500")';
      }
      if (digits.length > 1 && digits.startsWith('0')) return 'has leading zeros';
      if (digits.length > 10) return `is outside 1..${MAX_ASN}`;
      value = Number(digits);
    } else {
      return 'is not an ASN (expected a number or a string like "AS64500")';
    }
    if (value === 0) return 'is reserved and cannot be used (RFC 7607)';
    if (value < 0 || value > MAX_ASN) return `is outside 1..${MAX_ASN}`;
    return value;
  }

  /** asplain, e.g. "64500". */
  toString(): string {
    return String(this.value);
  }

  /** e.g. "AS64500". */
  toAsString(): string {
    return `AS${this.value}`;
  }

  toJSON(): number {
    return this.value;
  }

  equals(other: Asn): boolean {
    return this.value === other.value;
  }

  compare(other: Asn): number {
    return this.value - other.value;
  }
}
