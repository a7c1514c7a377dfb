import { IpPrefix } from '@ixora/net';

/**
 * A parsed prefix in the form the normaliser sorts and compares millions of times: canonical text
 * (as `@ixora/net` prints it, RFC 5952 for IPv6), the length, and a sort key that orders by
 * network then length. `IpPrefix` is exact but allocates BigInts; a 1,000-member exchange has
 * about two million set entries, so the common shapes are parsed here with plain numbers and
 * anything unusual (embedded IPv4, odd spellings) goes through `IpPrefix.parse`.
 */
export interface ParsedPrefix {
  readonly family: 4 | 6;
  readonly text: string;
  readonly length: number;
  /** IPv4: the network as an unsigned number. IPv6: 32 hex digits of the network. */
  readonly network: number | string;
}

const V6 = /^([0-9a-fA-F:]+)\/(0|[1-9][0-9]{0,2})$/;

/** Parses a prefix; returns undefined when the fast path does not apply (caller uses IpPrefix). */
function parseFast(text: string): ParsedPrefix | undefined {
  const v4 = parseV4Fast(text);
  if (v4) return v4;
  const v6 = V6.exec(text);
  if (!v6) return undefined;
  const length = Number(v6[2]);
  if (length > 128) return undefined;
  const groups = expandV6(v6[1]!);
  if (!groups) return undefined;
  const hex = groups.map((group) => group.toString(16).padStart(4, '0')).join('');
  if (!hostBitsClear(hex, length)) return undefined;
  return { family: 6, text: `${formatV6(groups)}/${length}`, length, network: hex };
}

/**
 * Canonical dotted-quad prefixes ("11.0.0.0/24": no leading zeros, no spaces), read character by
 * character: no regex match arrays or substrings, which matters for garbage at two million entries.
 */
function parseV4Fast(text: string): ParsedPrefix | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let firstDigit = 0;
  let dots = 0;
  let length = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (digits === 0) firstDigit = code;
      else if (firstDigit === 48) return undefined; // leading zero
      part = part * 10 + (code - 48);
      if (++digits > 3) return undefined;
    } else if (code === 46 && length < 0 && digits > 0 && dots < 3) {
      if (part > 255) return undefined;
      value = value * 256 + part;
      dots++;
      part = 0;
      digits = 0;
    } else if (code === 47 && length < 0 && digits > 0 && dots === 3) {
      if (part > 255) return undefined;
      value = value * 256 + part;
      length = 0;
      part = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  if (length < 0 || digits === 0 || part > 32) return undefined;
  length = part;
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  if ((value & mask) >>> 0 !== value) return undefined;
  return { family: 4, text, length, network: value };
}

function expandV6(address: string): number[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const part = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups = half.split(':');
    if (groups.some((group) => group.length === 0 || group.length > 4)) return undefined;
    return groups.map((group) => parseInt(group, 16));
  };
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function hostBitsClear(hex: string, length: number): boolean {
  const fullDigits = Math.floor(length / 4);
  const rest = length % 4;
  let index = fullDigits;
  if (rest > 0) {
    const digit = parseInt(hex[index]!, 16);
    if ((digit & (0xf >> rest)) !== 0) return false;
    index++;
  }
  for (; index < 32; index++) if (hex[index] !== '0') return false;
  return true;
}

/** RFC 5952 §4: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
function formatV6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const text = groups.map((group) => group.toString(16));
  if (bestStart < 0) return text.join(':');
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`;
}

/** Parses with the fast path, else `IpPrefix.parse` (which also makes the error message). */
export function parsePrefix(text: string, field: string): ParsedPrefix {
  const fast = typeof text === 'string' ? parseFast(text) : undefined;
  if (fast) return fast;
  const prefix = IpPrefix.parse(text, { field });
  const value = prefix.network.toBigInt();
  return prefix.family === 4
    ? { family: 4, text: prefix.toString(), length: prefix.length, network: Number(value) }
    : {
        family: 6,
        text: prefix.toString(),
        length: prefix.length,
        network: value.toString(16).padStart(32, '0'),
      };
}

/** Orders by family, network, then length (shorter first), like `IpPrefix.compare`. */
export function compareParsedPrefixes(a: ParsedPrefix, b: ParsedPrefix): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.network !== b.network) return a.network < b.network ? -1 : 1;
  return a.length - b.length;
}

/** True if `inner` lies inside `outer` (equal counts). */
export function prefixContains(outer: ParsedPrefix, inner: ParsedPrefix): boolean {
  if (outer.family !== inner.family || inner.length < outer.length) return false;
  if (outer.family === 4) {
    const mask = outer.length === 0 ? 0 : (0xffffffff << (32 - outer.length)) >>> 0;
    return ((inner.network as number) & mask) >>> 0 === outer.network;
  }
  const outerHex = outer.network as string;
  const innerHex = inner.network as string;
  const fullDigits = Math.floor(outer.length / 4);
  if (innerHex.slice(0, fullDigits) !== outerHex.slice(0, fullDigits)) return false;
  const rest = outer.length % 4;
  if (rest === 0) return true;
  const mask = (0xf << (4 - rest)) & 0xf;
  return (parseInt(innerHex[fullDigits]!, 16) & mask) === (parseInt(outerHex[fullDigits]!, 16) & mask);
}
