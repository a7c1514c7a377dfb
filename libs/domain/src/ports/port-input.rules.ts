import { invalidValue } from '@ixora/errors';
import { IpAddress, ipv4InIpv6Reason } from '@ixora/net';
import { idProblem, optionalText } from '../services/validate.js';

/**
 * Switch names start with a letter (so a switch reference of digits is always an id), then
 * letters, digits and `_ . - :` — what switch host names look like (`sw1.fra1`, `edge-2`).
 */
const SWITCH_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Interface names as switch vendors spell them: `Ethernet1/1`, `et-0/0/1`, `xe-0/0/0:1`,
 * `Port-Channel12`, `ae12`, `1/1/c1/1`, `swp1s0`. Letters, digits and `/ . : _ -`, up to 64.
 */
const PORT_NAME = /^[A-Za-z0-9][A-Za-z0-9/.:_-]{0,63}$/;

export function parseSwitchName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || !SWITCH_NAME.test(value))
    throw invalidValue(
      field,
      value ?? null,
      'must be 1-64 characters: a letter first, then letters, digits, "_", ".", ":" or "-"',
    );
  return value;
}

export function parsePortName(value: unknown, field = 'portName'): string {
  if (typeof value !== 'string' || !PORT_NAME.test(value))
    throw invalidValue(
      field,
      value ?? null,
      'must be an interface name of 1-64 letters, digits, "/", ".", ":", "_" or "-" (e.g. Ethernet1/1, et-0/0/1, ae12)',
    );
  return value;
}

/** A switch given by id (digits) or by name. */
export type SwitchRef = { readonly id: number } | { readonly name: string };

export function parseSwitchRef(value: unknown, field = 'switch'): SwitchRef {
  if (typeof value === 'number' || (typeof value === 'string' && /^[0-9]+$/.test(value))) {
    const problem = idProblem(value);
    if (problem) throw invalidValue(field, value, problem);
    return { id: Number(value) };
  }
  if (typeof value === 'string' && SWITCH_NAME.test(value)) return { name: value };
  throw invalidValue(field, value ?? null, 'is not a switch id or name');
}

/** A whole number of Mbit/s, 1 Mbit/s to 1.6 Tbit/s; absent or empty: null. */
export function optionalSpeedMbps(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1_600_000)
    throw invalidValue(field, value, 'must be a whole number of Mbit/s from 1 to 1600000 (e.g. 10000)');
  return n;
}

/** The optic or medium (`10GBASE-LR`, `100GBASE-LR4`): printable text, at most 64 characters. */
export function optionalLinkType(value: unknown, field = 'linkType'): string | null {
  return optionalText(value, field, 64);
}

/** A host address to reach a switch by, IPv4 or IPv6; IPv4-mapped IPv6 is refused as everywhere. */
export function optionalManagementAddress(value: unknown, field = 'managementAddress'): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalidValue(field, value, 'is not an IPv4 or IPv6 address');
  const address = IpAddress.parse(value, field);
  const embedded = ipv4InIpv6Reason(address);
  if (embedded) throw invalidValue(field, value, embedded);
  return address.toString();
}

/** A PeeringDB facility id (`fac`): a positive whole number; absent or empty: null. */
export function optionalFacilityId(value: unknown, field = 'peeringdbFacilityId'): number | null {
  if (value === undefined || value === null || value === '') return null;
  const problem = idProblem(value);
  if (problem)
    throw invalidValue(
      field,
      value,
      `is not a PeeringDB facility id: ${problem.replace(/^is not an id: /, '')}`,
    );
  return Number(value);
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (typeof value !== 'boolean') throw invalidValue(field, value, 'must be true or false');
  return value;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T))
    throw invalidValue(field, value, `must be one of ${allowed.join(', ')}`);
  return value as T;
}
