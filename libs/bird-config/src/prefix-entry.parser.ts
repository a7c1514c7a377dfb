import { formatV6Groups, IpPrefix, parseV4PrefixWords, parseV6PrefixWords } from '@ixora/net';

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

const WORDS = new Uint32Array(4);

/** Parses a prefix with the net codec's fast paths; undefined when they do not apply (caller uses IpPrefix). */
function parseFast(text: string): ParsedPrefix | undefined {
  const v4Length = parseV4PrefixWords(text, WORDS);
  if (v4Length >= 0) {
    // The fast path takes only the canonical spelling, so the text is already as IpPrefix prints it.
    const value = WORDS[0]!;
    const mask = v4Length === 0 ? 0 : (0xffffffff << (32 - v4Length)) >>> 0;
    if ((value & mask) >>> 0 !== value) return undefined;
    return { family: 4, text, length: v4Length, network: value };
  }
  const length = parseV6PrefixWords(text, WORDS);
  if (length < 0) return undefined;
  const groups: number[] = [];
  for (const word of WORDS) groups.push(word >>> 16, word & 0xffff);
  // IPv4-mapped networks print with a dotted quad (RFC 5952 §5): IpPrefix does those.
  if (WORDS[0] === 0 && WORDS[1] === 0 && WORDS[2] === 0xffff) return undefined;
  const hex = groups.map((group) => group.toString(16).padStart(4, '0')).join('');
  if (!hostBitsClear(hex, length)) return undefined;
  return { family: 6, text: `${formatV6Groups(groups)}/${length}`, length, network: hex };
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
