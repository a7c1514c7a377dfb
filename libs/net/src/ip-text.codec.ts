/**
 * The one text codec of IP addresses and prefixes for hot paths: allocation-free parsers of the
 * plain shapes IRRd and the normaliser see ("a.b.c.d/n", "x:x::x/n"), writing the address as
 * 32-bit words, and RFC 5952 formatting of IPv6 groups. Anything the fast parsers do not handle
 * (embedded IPv4, odd spellings) returns -1 and goes through `IpPrefix.parse`, which is exact and
 * names the problem. Used by `IpAddress`, the aggregator and bird-config's prefix normaliser.
 */

/** Fast path for the plain "a.b.c.d/n" IRRd sends; -1 for anything it does not handle. */
export function parseV4PrefixWords(text: string, words: Uint32Array): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return -1;
    } else if (c === 46 || c === 47) {
      if (digits === 0) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      if (c === 47) break;
      if (++dots > 3) return -1;
    } else return -1;
  }
  if (dots !== 3 || i === text.length) return -1;
  const length = parseLength(text, i + 1, 32);
  if (length < 0) return -1;
  words[0] = value;
  return length;
}

const v6Groups = new Uint16Array(8);

/** Fast path for "x:x::x/n" without an embedded IPv4 part; -1 for anything it does not handle. */
export function parseV6PrefixWords(text: string, words: Uint32Array): number {
  const slash = text.indexOf('/');
  if (slash < 0) return -1;
  const groups = v6Groups;
  let count = 0;
  let gap = -1;
  let group = 0;
  let digits = 0;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return -1;
    gap = 0;
    i = 2;
  }
  for (; i < slash; i++) {
    const c = text.charCodeAt(i);
    let nibble: number;
    if (c >= 48 && c <= 57) nibble = c - 48;
    else if (c >= 97 && c <= 102) nibble = c - 87;
    else if (c >= 65 && c <= 70) nibble = c - 55;
    else if (c === 58) {
      if (digits === 0 || count === 8) return -1;
      groups[count++] = group;
      group = 0;
      digits = 0;
      if (text.charCodeAt(i + 1) === 58) {
        if (gap >= 0) return -1;
        gap = count;
        i++;
      }
      continue;
    } else return -1;
    if (++digits > 4) return -1;
    group = group * 16 + nibble;
  }
  if (digits > 0) {
    if (count === 8) return -1;
    groups[count++] = group;
  } else if (gap !== count) return -1;
  if (gap < 0 ? count !== 8 : count > 7) return -1;
  if (gap >= 0) {
    // Slide the groups after "::" to the end and zero the gap.
    const tail = count - gap;
    for (let g = 0; g < tail; g++) groups[7 - g] = groups[count - 1 - g] as number;
    for (let g = gap; g < 8 - tail; g++) groups[g] = 0;
  }
  for (let w = 0; w < 4; w++)
    words[w] = ((groups[2 * w] as number) * 65536 + (groups[2 * w + 1] as number)) >>> 0;
  return parseLength(text, slash + 1, 128);
}

function parseLength(text: string, start: number, max: number): number {
  if (start >= text.length || text.length - start > 3) return -1;
  let length = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    if (i > start && length === 0) return -1;
    length = length * 10 + (c - 48);
  }
  return length <= max ? length : -1;
}

const HEX = Array.from({ length: 65536 }, (_, n) => n.toString(16));
const DECIMAL = Array.from({ length: 256 }, (_, n) => String(n));

/** Dotted quad of an IPv4 address held as an unsigned 32-bit number. */
export function formatV4Word(value: number): string {
  return `${DECIMAL[value >>> 24]}.${DECIMAL[(value >>> 16) & 255]}.${DECIMAL[(value >>> 8) & 255]}.${DECIMAL[value & 255]}`;
}

/**
 * RFC 5952 text of eight 16-bit groups: lowercase, no leading zeros, the longest run of two or
 * more zero groups (the first on a tie) as "::". IPv4-mapped addresses (§5) are the caller's.
 */
export function formatV6Groups(groups: ArrayLike<number>): string {
  const run = longestZeroRun(groups);
  const bestStart = run >> 4;
  const bestLength = run & 15;
  const hex = (from: number, to: number): string => {
    let text = '';
    for (let g = from; g < to; g++)
      text += g === from ? HEX[groups[g] as number] : `:${HEX[groups[g] as number]}`;
    return text;
  };
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

/**
 * RFC 5952 §4.2: the longest run of two or more zero groups (the first on a tie), packed as
 * start * 16 + length so the hot path allocates nothing; start -1 (a negative result) for none.
 */
export function longestZeroRun(groups: ArrayLike<number>): number {
  let bestStart = -1;
  let bestLength = 1;
  for (let g = 0; g < 8;) {
    if (groups[g] !== 0) {
      g++;
      continue;
    }
    let end = g;
    while (end < 8 && groups[end] === 0) end++;
    if (end - g > bestLength) {
      bestStart = g;
      bestLength = end - g;
    }
    g = end;
  }
  return bestStart * 16 + bestLength;
}
