import { checkSymbol } from '@ixora/bird-client';
import { invalidValue } from '@ixora/errors';
import { Asn, IpAddress, IpPrefix } from '@ixora/net';
import type { RouteSearch } from './route.index.js';

/** Longest search text: an IPv6 prefix in full is 43 characters. */
export const MAX_QUERY_LENGTH = 64;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 250;
/** Deep pages of a neighbor's exported routes cost a stream read up to them; past this, narrow the search. */
export const MAX_PAGE = 10_000;

const PLAIN = /^[0-9A-Za-z.:/]+$/;

/**
 * The search text of the looking glass: a prefix, an address or an ASN (`AS65001` or `65001`),
 * and nothing else. Checked character by character first, so whitespace, newlines, `;` or quotes
 * never reach a parser that trims (nor BIRD).
 */
export function parseLgSearch(field: string, value: unknown): RouteSearch {
  if (typeof value !== 'string' || value.length === 0)
    throw invalidValue(field, value, 'must be a prefix, an address or an ASN');
  if (value.length > MAX_QUERY_LENGTH)
    throw invalidValue(field, value, `is longer than ${MAX_QUERY_LENGTH} characters`);
  if (!PLAIN.test(value))
    throw invalidValue(
      field,
      value,
      'may hold only letters, digits, ".", ":" and "/" (a prefix, an address or an ASN)',
    );
  if (/^(AS)?[0-9]+$/i.test(value))
    return { kind: 'asn', asn: Asn.parse(value.replace(/^AS/i, ''), field).value };
  if (value.includes('/'))
    return { kind: 'prefix', prefix: IpPrefix.parse(value, { field, hostBits: 'clear' }) };
  return { kind: 'address', address: IpAddress.parse(value, field) };
}

/** A BIRD protocol name as the looking glass accepts it in a path (the snapshot then has to know it). */
export function parseNeighborId(field: string, value: unknown): string {
  return checkSymbol(field, value);
}

const ROUTE_SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function parseRouteServerId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ROUTE_SERVER_ID.test(value))
    throw invalidValue(
      field,
      value,
      'must be a route-server name (letters, digits, ".", "_", "-", at most 64)',
    );
  return value;
}

export interface PageRequest {
  /** 0-based, as in Alice-LG. */
  readonly page: number;
  readonly pageSize: number;
}

function integerIn(field: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[0-9]{1,9}$/.test(text))
    throw invalidValue(field, value, `must be a whole number from ${min} to ${max}`);
  const number = Number(text);
  if (number < min || number > max) throw invalidValue(field, value, `must be from ${min} to ${max}`);
  return number;
}

export function parsePageRequest(page: unknown, pageSize: unknown): PageRequest {
  return {
    page: integerIn('page', page, 0, MAX_PAGE, 0),
    pageSize: integerIn('page_size', pageSize, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  };
}
