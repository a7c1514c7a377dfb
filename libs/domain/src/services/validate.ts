import { invalidValue, IxoraError } from '@ixora/errors';
import { Asn, IpAddress, IpPrefix, ipv4InIpv6Reason, parseAsSetList, type IpFamily } from '@ixora/net';

/** Edge validation shared by the CLI and the API: each helper names the field it checks. */
export function parseAsn(value: unknown, field = 'asn'): number {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
    throw invalidValue(field, value, 'is not an ASN');
  }
  return Asn.parse(value, field).value;
}

/** Largest id of an `integer` (serial) primary key. */
export const MAX_ID = 2_147_483_647;
/** Largest id of a `bigint` primary key (jobs, runs, audit records). */
export const MAX_BIGINT_ID = 9_223_372_036_854_775_807n;

/**
 * Why a value is not an id, or undefined when it is one. Ids are decimal digits only, in their
 * one canonical spelling: `0x10`, `4e0`, `0b100`, ` 4 `, `+4`, `-1`, `1.0` and `010` are refused
 * rather than read as some number (Number() would take most of them), so a path or argument
 * names exactly one row. A JSON number is taken when it is a whole number.
 */
export function idProblem(value: unknown, max: bigint = BigInt(MAX_ID)): string | undefined {
  let digits: string;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return 'is not an id: decimal digits only (e.g. 42)';
    digits = String(value);
  } else if (typeof value === 'string') digits = value;
  else return 'is not an id: decimal digits only (e.g. 42)';
  if (!/^[0-9]+$/.test(digits)) return 'is not an id: decimal digits only (e.g. 42)';
  if (/^0+$/.test(digits)) return 'is not an id: ids start at 1';
  if (digits.startsWith('0')) return 'is not an id: it has leading zeros';
  if (digits.length > String(max).length || BigInt(digits) > max) return `is not an id: larger than ${max}`;
  return undefined;
}

/** An id of an `integer` primary key from a path, query, argument or body (see {@link idProblem}). */
export function parseId(value: unknown, field = 'id'): number {
  const problem = idProblem(value);
  if (problem) throw invalidValue(field, value, problem);
  return Number(value);
}

/** An id of a `bigint` primary key, as the decimal text TypeORM uses for bigint columns. */
export function parseBigintId(value: unknown, field = 'id'): string {
  const problem = idProblem(value, MAX_BIGINT_ID);
  if (problem) throw invalidValue(field, value, problem);
  return String(value);
}

export function parseAddressOfFamily(value: unknown, family: IpFamily, field: string): string {
  if (typeof value !== 'string') throw invalidValue(field, value, `is not an IPv${family} address`);
  const address = IpAddress.parse(value, field);
  if (address.family !== family) throw invalidValue(field, value, `is not an IPv${family} address`);
  const embedded = ipv4InIpv6Reason(address);
  if (embedded) throw invalidValue(field, value, embedded);
  return address.toString();
}

export function optionalAddress(value: unknown, family: IpFamily, field: string): string | null {
  return value === undefined || value === null || value === ''
    ? null
    : parseAddressOfFamily(value, family, field);
}

export function parsePrefixOfFamily(value: unknown, family: IpFamily, field: string): string {
  if (typeof value !== 'string') throw invalidValue(field, value, `is not an IPv${family} prefix`);
  const prefix = IpPrefix.parse(value, { field });
  if (prefix.family !== family) throw invalidValue(field, value, `is not an IPv${family} prefix`);
  const embedded = ipv4InIpv6Reason(prefix);
  if (embedded) throw invalidValue(field, value, embedded);
  return prefix.toString();
}

export function optionalPrefix(value: unknown, family: IpFamily, field: string): string | null {
  return value === undefined || value === null || value === ''
    ? null
    : parsePrefixOfFamily(value, family, field);
}

export function requireAddressInside(address: string | null, prefix: string | null, field: string): void {
  if (address === null) return;
  if (prefix === null)
    throw invalidValue(field, address, 'cannot be used: the peering LAN has no prefix of that family');
  if (!IpPrefix.parse(prefix).contains(IpAddress.parse(address))) {
    throw invalidValue(field, address, `is not inside the peering LAN prefix ${prefix}`);
  }
}

/** Text of at most `maxLength` characters without control characters; absent or empty: null. */
export function optionalText(value: unknown, field: string, maxLength = 255): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > maxLength || /[\u0000-\u001f\u007f]/.test(value)) {
    throw invalidValue(
      field,
      value,
      `must be text of at most ${maxLength} characters without control characters`,
    );
  }
  return value;
}

export function optionalPositiveInt(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalidValue(field, value, 'must be a whole number ≥ 1');
  return n;
}

const MAC = /^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;

export function parseMacAddresses(values: unknown, field = 'macAddresses'): string[] {
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) throw invalidValue(field, values, 'must be a list of MAC addresses');
  return values.map((v, i) => {
    if (typeof v !== 'string' || !MAC.test(v))
      throw invalidValue(`${field}[${i}]`, v, 'is not a MAC address');
    const hex = v.replace(/[:-]/g, '').toLowerCase();
    return hex.match(/../g)!.join(':');
  });
}

/**
 * A member's AS-SETs as stored: RPSL set names (or ASNs), optionally source-pinned
 * (`RIPE::AS-EXAMPLE`), hierarchical names allowed, from a space/comma list or a list of such
 * strings. The grammar is `parseAsSetList` of `@ixora/net`, the same the IRR client queries with.
 */
export function parseAsSetNames(value: unknown, field = 'asSets'): string[] {
  if (value === undefined || value === null) return [];
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw invalidValue(field, item, 'is not an AS-SET name');
    for (const ref of parseAsSetList(item, field)) if (!names.includes(ref.text)) names.push(ref.text);
  }
  return names;
}

/** No JSON body or IX-F document of ixora nests deeper than this. */
export const MAX_JSON_DEPTH = 32;

function textExcerpt(text: string): string {
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

/**
 * Walks a parsed JSON value without recursion (a deep value must not exhaust the stack here
 * either) and names the first place that nests deeper than `maxDepth` or holds a NUL character.
 */
export function checkJsonValue(value: unknown, maxDepth = MAX_JSON_DEPTH, root = ''): IxoraError | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  const named = (path: string): string => path || 'body';
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (item.value.includes('\u0000'))
        return invalidValue(named(item.path), textExcerpt(item.value), 'holds a NUL character');
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= maxDepth)
      return new IxoraError('invalid_value', `${named(item.path)}: nests deeper than ${maxDepth} levels`, {
        field: named(item.path),
      });
    if (Array.isArray(item.value)) {
      item.value.forEach((v, i) =>
        stack.push({ value: v, path: `${item.path}[${i}]`, depth: item.depth + 1 }),
      );
    } else {
      for (const [k, v] of Object.entries(item.value as Record<string, unknown>)) {
        if (k.includes('\u0000'))
          return invalidValue(named(item.path), textExcerpt(k), 'has a key holding a NUL character');
        stack.push({ value: v, path: item.path ? `${item.path}.${k}` : k, depth: item.depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * A TCP MD5 key (RFC 2385) or `null` (no key). It is written quoted into the BIRD config:
 * 1-80 printable ASCII characters without spaces, `"` or `\`. The error never echoes the key.
 */
export function optionalMd5Password(value: unknown, field = 'md5Password'): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,80}$/.test(value) || /["\\]/.test(value)) {
    throw invalidValue(field, '[hidden]', 'must be 1-80 printable ASCII characters without spaces, " or \\');
  }
  return value;
}
