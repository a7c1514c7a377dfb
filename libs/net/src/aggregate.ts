import { invalidValue } from '@ixora/errors';
import { addressBits, IpAddress, type IpFamily } from './ip-address.js';
import { IpPrefix } from './ip-prefix.js';
import {
  formatV4Word,
  formatV6Groups,
  longestZeroRun,
  parseV4PrefixWords,
  parseV6PrefixWords,
} from './ip-text.codec.js';

/**
 * One entry of an aggregated prefix list, in BIRD's `prefix{low,high}` sense: every prefix inside
 * `prefix` whose length is between `low` and `high` (inclusive) is accepted.
 */
export interface PrefixRangeEntry {
  /** Canonical text of the covering prefix, e.g. "192.0.2.0/24". */
  readonly prefix: string;
  readonly length: number;
  readonly low: number;
  readonly high: number;
}

export interface AggregateOptions {
  /**
   * Also accept more-specifics of every prefix down to this length (bgpq4 `-R`): a prefix P/n
   * becomes P/n{n,max(n,moreSpecificsUpTo)}. Unset: exact matches only.
   */
  readonly moreSpecificsUpTo?: number;
}

const INITIAL_NODES = 256;
/** Trie nodes per prefix to reserve up front (about 2.4 on large real-shaped lists). */
const NODES_PER_PREFIX = 2.5;
const NO_NODE = 0;
const NO_INTERVAL = -1;
const IN_MAP = -2;
/** The value of IPv4 address bit `d` (0 = most significant). */
const V4_BIT_VALUE = Float64Array.from({ length: 32 }, (_, d) => 2 ** (31 - d));

/** Intervals of prefix lengths are packed as low * 256 + high, so sorting numbers sorts by low. */
function pack(low: number, high: number): number {
  return low * 256 + high;
}

type IntervalList = number | number[];
type EntryVisitor = (prefix: string, length: number, low: number, high: number) => void;
/** `path` holds the entry's address (bits beyond `length` clear) only during the call. */
type RawEntryVisitor = (path: Uint32Array, length: number, low: number, high: number) => void;

/**
 * Turns a family's prefix list into the smallest BIRD prefix-set we know how to build whose
 * accepted set is exactly the input's (with `moreSpecificsUpTo`, the input's prefixes and their
 * more-specifics up to that length) — what `bgpq4 -A` computes, with never more entries.
 *
 * Method: prefixes go into a binary trie (typed arrays, one node per bit, so 1M /24s cost tens of
 * MB rather than a million objects). A post-order walk gives each node the list of length
 * intervals that are complete in its subtree: its own entry, plus every interval both children
 * hold identically (two halves with the same {low,high} are one entry on the parent). Intervals a
 * child holds alone are final on that child. Adjacent intervals on one node coalesce
 * ({22,22} + {23,24} = {22,24}). A pre-order walk then prints finals in address order.
 * An input prefix already inside an ancestor's {n,high} range is dropped on the way down.
 */
export class PrefixAggregator {
  readonly bits: 32 | 128;
  private readonly wordsPerAddress: 1 | 4;
  private child0: Int32Array = new Int32Array(INITIAL_NODES);
  private child1: Int32Array = new Int32Array(INITIAL_NODES);
  /** High end of the node's own interval (low is the node's depth), or NO_INTERVAL. */
  private own: Int16Array = new Int16Array(INITIAL_NODES).fill(NO_INTERVAL);
  private nodeCount = 1;
  private readonly scratch: Uint32Array;
  private readonly maxLength: number | undefined;
  private inputCount = 0;
  private insertedCount = 0;
  /** Prefixes added but not yet in the trie (see flush()). */
  private readonly pending: PendingPrefixes;
  /** The previous insertion: its address, length and the node at each depth of its path. */
  private readonly lastWords: Uint32Array;
  private lastLength = 0;
  private readonly lastPath: Int32Array;
  /** lastPath holds the previous prefix's nodes from this depth on (shallower ones may be stale). */
  private lastValidFrom = 0;
  /**
   * Nodes at a fixed depth (/16 for IPv4, /32 for IPv6) by their leading bits, so an insertion out
   * of address order starts there instead of at the root: half the walk for a /24 or a /48.
   */
  private shortcutsV4: Int32Array | undefined;
  private readonly shortcutsV6 = new Map<number, number>();

  constructor(
    readonly family: IpFamily,
    options: AggregateOptions = {},
  ) {
    if (family !== 4 && family !== 6) throw invalidValue('family', family, 'is not 4 or 6');
    this.bits = addressBits(family);
    this.wordsPerAddress = family === 4 ? 1 : 4;
    this.scratch = new Uint32Array(this.wordsPerAddress);
    this.lastWords = new Uint32Array(this.wordsPerAddress);
    this.pending = new PendingPrefixes(this.wordsPerAddress);
    this.lastPath = new Int32Array(this.bits + 1);
    const limit = options.moreSpecificsUpTo;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0 || limit > this.bits)) {
      throw invalidValue('moreSpecificsUpTo', limit, `is not a prefix length in 0..${this.bits}`);
    }
    this.maxLength = limit;
  }

  /** Number of prefixes added so far (duplicates included). */
  get size(): number {
    return this.inputCount;
  }

  /** Adds one prefix written as text ("192.0.2.0/24", "2001:db8::/32"); throws on anything else. */
  addText(text: string): void {
    const length =
      this.family === 4 ? parseV4PrefixWords(text, this.scratch) : parseV6PrefixWords(text, this.scratch);
    if (length >= 0) {
      this.addWords(this.scratch, 0, length);
      return;
    }
    // Unusual spellings (embedded IPv4 in IPv6, whitespace) take the strict general parser.
    const prefix = IpPrefix.parse(text);
    this.add(prefix);
  }

  add(prefix: IpPrefix): void {
    if (prefix.family !== this.family) {
      throw invalidValue('prefix', prefix.toString(), `is not an IPv${this.family} prefix`);
    }
    bigintToWords(prefix.network.toBigInt(), this.scratch, this.wordsPerAddress);
    this.addWords(this.scratch, 0, prefix.length);
  }

  /**
   * Adds a prefix given as 32-bit words (most significant first) at `offset`; host bits must be
   * clear. The fast path for callers that already hold binary addresses.
   */
  addWords(words: ArrayLike<number>, offset: number, length: number): void {
    if (!(length >= 0 && length <= this.bits))
      throw invalidValue('prefix length', length, `is outside 0..${this.bits}`);
    for (let w = 0; w < this.wordsPerAddress; w++) {
      const host = hostBitsOfWord(length, w);
      if (host !== 0 && (((words[offset + w] as number) >>> 0) & host) !== 0) {
        throw invalidValue(
          'prefix',
          `${formatWords(this.family, words, offset)}/${length}`,
          'has host bits set',
        );
      }
    }
    this.pending.push(words, offset, length);
    this.inputCount++;
  }

  /**
   * Inserts the buffered prefixes in address order: consecutive prefixes then share most of their
   * path (each insertion resumes where the last one left the trie) and the trie is laid out in
   * the order the walks below visit it, which keeps the large arrays in cache.
   */
  private flush(): void {
    const pending = this.pending;
    if (pending.count === 0) return;
    this.reserve(Math.ceil(this.nodeCount + pending.count * NODES_PER_PREFIX));
    const order = pending.sortedOrder();
    const words = pending.words;
    const lengths = pending.lengths;
    const stride = this.wordsPerAddress;
    for (let i = 0; i < order.length; i++) {
      const index = order[i] as number;
      this.insert(words, index * stride, lengths[index] as number);
    }
    pending.clear();
  }

  private insert(words: ArrayLike<number>, offset: number, length: number): void {
    const last = this.lastWords;
    // IRRd answers come mostly in address order: resume from the deepest node shared with the
    // previous prefix instead of walking down from the root every time.
    let common = 0;
    for (let w = 0; w < this.wordsPerAddress; w++) {
      const word = (words[offset + w] as number) >>> 0;
      const lastWord = last[w] as number;
      if (common === w * 32) {
        const diff = (word ^ lastWord) >>> 0;
        common += diff === 0 ? 32 : Math.clz32(diff);
      }
    }
    if (common > length) common = length;
    if (common > this.lastLength) common = this.lastLength;
    const lastPath = this.lastPath;
    // Where to start walking: the node at SHORTCUT_DEPTH for these leading bits when we know it
    // and the shared path with the previous prefix is shorter (inputs out of order), else the
    // shared path, else the root.
    const shortcutDepth = this.family === 4 ? 16 : 32;
    const shortcutKey =
      this.family === 4 ? (words[offset] as number) >>> 16 : (words[offset] as number) >>> 0;
    let start = 0;
    let node = 0;
    const shortcut =
      length >= shortcutDepth && common < shortcutDepth ? this.shortcutNode(shortcutKey) : undefined;
    if (shortcut !== undefined) {
      start = shortcutDepth;
      node = shortcut;
      lastPath[shortcutDepth] = shortcut;
      this.lastValidFrom = shortcutDepth;
    } else if (common >= this.lastValidFrom) {
      start = common;
      node = lastPath[common] as number;
    } else {
      this.lastValidFrom = 0;
    }
    let child0 = this.child0;
    let child1 = this.child1;
    let wordIndex = -1;
    let word = 0;
    for (let depth = start; depth < length; depth++) {
      if (depth >>> 5 !== wordIndex) {
        wordIndex = depth >>> 5;
        word = words[offset + wordIndex] as number;
      }
      const isOne = ((word >>> (31 - (depth & 31))) & 1) === 1;
      let next = (isOne ? child1[node] : child0[node]) as number;
      if (next === NO_NODE) {
        next = this.allocate();
        child0 = this.child0;
        child1 = this.child1;
        if (isOne) child1[node] = next;
        else child0[node] = next;
      }
      node = next;
      lastPath[depth + 1] = node;
    }
    if (start < shortcutDepth && length >= shortcutDepth)
      this.rememberShortcut(shortcutKey, lastPath[shortcutDepth] as number);
    for (let w = 0; w < this.wordsPerAddress; w++) last[w] = (words[offset + w] as number) >>> 0;
    this.lastLength = length;
    const high = this.maxLength !== undefined && this.maxLength > length ? this.maxLength : length;
    if ((this.own[node] as number) < high) this.own[node] = high;
    this.insertedCount++;
  }

  /** The trie node at the shortcut depth for these leading bits, if known. */
  private shortcutNode(key: number): number | undefined {
    if (this.family === 4) {
      const node = this.shortcutsV4?.[key];
      return node === undefined || node === NO_NODE ? undefined : node;
    }
    return this.shortcutsV6.get(key);
  }

  private rememberShortcut(key: number, node: number): void {
    if (this.family === 6) {
      this.shortcutsV6.set(key, node);
      return;
    }
    // Small lists walk from the root; the 256 KiB table pays off from a few thousand prefixes.
    if (this.shortcutsV4 === undefined && this.insertedCount >= 2048)
      this.shortcutsV4 = new Int32Array(65536);
    if (this.shortcutsV4 !== undefined) this.shortcutsV4[key] = node;
  }

  /** The aggregated entries, sorted by address then length. */
  aggregate(): PrefixRangeEntry[] {
    const out: PrefixRangeEntry[] = [];
    this.walk((prefix, length, low, high) => out.push({ prefix, length, low, high }));
    return out;
  }

  /**
   * The aggregated entries straight as BIRD prefix-set text ("P" or "P{low,high}"), sorted; the
   * fast path when text is all the caller wants (no entry objects are made).
   */
  aggregateToBird(): string[] {
    const text = this.aggregateToText('\n');
    return text === '' ? [] : text.split('\n');
  }

  /**
   * The aggregated entries as one text, BIRD prefix-set entries separated by `separator`; built
   * in a byte buffer, so a million entries cost one string instead of millions of small ones.
   */
  aggregateToText(separator = '\n'): string {
    // About 20 bytes per entry for IPv4, 30 for IPv6; entries are at most the prefixes added.
    const text = new TextBuffer((this.family === 4 ? 20 : 30) * Math.min(this.inputCount, 1 << 20));
    const sep = Buffer.from(separator, 'latin1');
    // A one-byte separator (the usual newline) is written directly: Buffer#copy per entry costs
    // a native call each time.
    const sepByte = sep.length === 1 ? (sep[0] as number) : -1;
    let first = true;
    this.walkRaw((path, length, low, high) => {
      if (first) first = false;
      else if (sepByte >= 0) text.byte(sepByte);
      else text.bytes(sep);
      if (this.family === 4) text.v4(path[0] as number);
      else if (!text.v6(path)) text.latin1(formatWords(6, path, 0));
      text.byte(0x2f);
      text.decimal(length);
      if (low !== length || high !== length) {
        text.byte(0x7b);
        text.decimal(low);
        text.byte(0x2c);
        text.decimal(high);
        text.byte(0x7d);
      }
    });
    return text.toString();
  }

  private walk(visit: EntryVisitor): void {
    this.walkRaw((path, length, low, high) =>
      visit(`${formatWords(this.family, path, 0)}/${length}`, length, low, high),
    );
  }

  private walkRaw(visit: RawEntryVisitor): void {
    this.flush();
    const finals = new Finals(this.nodeCount, this.family === 4);
    const rootList = this.reduce(0, 0, 0, -1, finals);
    if (rootList !== NO_INTERVAL) finals.set(0, rootList, 0, 0);
    const path = new Uint32Array(this.wordsPerAddress);
    // IPv4 finals were collected with their address as sortable keys: no second walk of the trie.
    if (finals.visitSorted(path, visit)) return;
    this.emit(0, 0, path, finals, visit);
  }

  private allocate(): number {
    if (this.nodeCount === this.child0.length) this.reserve(this.child0.length * 2);
    return this.nodeCount++;
  }

  /** Grows the node arrays to `size` at once (fewer copies and less garbage than doubling). */
  private reserve(size: number): void {
    if (size <= this.child0.length) return;
    this.child0 = grow(this.child0, size);
    this.child1 = grow(this.child1, size);
    const own = new Int16Array(size).fill(NO_INTERVAL);
    own.set(this.own);
    this.own = own;
  }

  /**
   * Post-order: returns the node's complete intervals (to be merged or finalised by the parent)
   * and records, in `finals`, the intervals its children keep for themselves.
   */
  private reduce(
    node: number,
    depth: number,
    network: number,
    ancestorHigh: number,
    finals: Finals,
  ): IntervalList {
    const isV4 = this.family === 4;
    const child0 = this.child0;
    const child1 = this.child1;
    const own = this.own;
    // A chain of nodes that are no prefix and have one child merges nothing: skip to its end in a
    // loop, finalise what the end holds, and give the parent nothing. Most of a sparse trie is chains.
    if (
      (own[node] as number) === NO_INTERVAL &&
      ((child0[node] as number) === NO_NODE) !== ((child1[node] as number) === NO_NODE)
    ) {
      let end = node;
      let endDepth = depth;
      let endNetwork = network;
      while ((own[end] as number) === NO_INTERVAL) {
        const zero = child0[end] as number;
        const one = child1[end] as number;
        if (zero !== NO_NODE && one !== NO_NODE) break;
        if (zero === NO_NODE && one === NO_NODE) break;
        if (zero === NO_NODE && isV4) endNetwork += V4_BIT_VALUE[endDepth] as number;
        end = zero !== NO_NODE ? zero : one;
        endDepth++;
      }
      const list = this.reduce(end, endDepth, endNetwork, ancestorHigh, finals);
      if (list !== NO_INTERVAL) finals.set(end, list, endNetwork, endDepth);
      return NO_INTERVAL;
    }
    let ownHigh = own[node] as number;
    // An ancestor's {n,high} already accepts this prefix and all it would add.
    if (ownHigh !== NO_INTERVAL && ownHigh <= ancestorHigh) ownHigh = NO_INTERVAL;
    const below = ownHigh > ancestorHigh ? ownHigh : ancestorHigh;
    const left = this.child0[node] as number;
    const right = this.child1[node] as number;
    const rightNetwork = isV4 && depth < 32 ? network + (V4_BIT_VALUE[depth] as number) : 0;
    const a = left === NO_NODE ? NO_INTERVAL : this.reduce(left, depth + 1, network, below, finals);
    const b = right === NO_NODE ? NO_INTERVAL : this.reduce(right, depth + 1, rightNetwork, below, finals);

    let merged: IntervalList = NO_INTERVAL;
    if (a !== NO_INTERVAL && b !== NO_INTERVAL) {
      if (typeof a === 'number' && typeof b === 'number') {
        if (a === b) merged = a;
        else {
          finals.set(left, a, network, depth + 1);
          finals.set(right, b, rightNetwork, depth + 1);
        }
      } else {
        const listA = typeof a === 'number' ? [a] : a;
        const listB = typeof b === 'number' ? [b] : b;
        const common: number[] = [];
        const onlyA: number[] = [];
        const onlyB: number[] = [];
        let i = 0;
        let j = 0;
        while (i < listA.length || j < listB.length) {
          const x = i < listA.length ? (listA[i] as number) : Infinity;
          const y = j < listB.length ? (listB[j] as number) : Infinity;
          if (x === y) {
            common.push(x);
            i++;
            j++;
          } else if (x < y) {
            onlyA.push(x);
            i++;
          } else {
            onlyB.push(y);
            j++;
          }
        }
        if (onlyA.length > 0) finals.set(left, single(onlyA), network, depth + 1);
        if (onlyB.length > 0) finals.set(right, single(onlyB), rightNetwork, depth + 1);
        if (common.length > 0) merged = single(common);
      }
    } else if (a !== NO_INTERVAL) {
      finals.set(left, a, network, depth + 1);
    } else if (b !== NO_INTERVAL) {
      finals.set(right, b, rightNetwork, depth + 1);
    }

    if (ownHigh === NO_INTERVAL) return merged;
    const mine = pack(depth, ownHigh);
    if (merged === NO_INTERVAL) return mine;
    return coalesce(mine, merged);
  }

  /**
   * Pre-order: prints each node's final intervals, so entries come out sorted. Keeps `path` equal
   * to the node's address with every bit from `depth` on clear, and leaves it so on return.
   */
  private emit(node: number, depth: number, path: Uint32Array, finals: Finals, visit: RawEntryVisitor): void {
    const child0 = this.child0;
    const child1 = this.child1;
    const start = depth;
    // Walk down chains of single-child nodes without finals in a loop (see reduce()).
    for (;;) {
      const list = finals.get(node);
      if (list !== undefined) {
        if (typeof list === 'number') visit(path, depth, list >>> 8, list & 255);
        else for (const packed of list) visit(path, depth, packed >>> 8, packed & 255);
      }
      const left = child0[node] as number;
      const right = child1[node] as number;
      if (left === NO_NODE && right === NO_NODE) break;
      const word = depth >>> 5;
      const bit = 1 << (31 - (depth & 31));
      if (left !== NO_NODE && right !== NO_NODE) {
        this.emit(left, depth + 1, path, finals, visit);
        path[word] = ((path[word] as number) | bit) >>> 0;
        this.emit(right, depth + 1, path, finals, visit);
        path[word] = path[word] & ~bit;
        break;
      }
      if (right !== NO_NODE) path[word] = ((path[word] as number) | bit) >>> 0;
      node = left !== NO_NODE ? left : right;
      depth++;
    }
    // Clear the bits this chain set (every bit from `start` to where it ended).
    for (let d = start; d < depth; d++) {
      const word = d >>> 5;
      path[word] = (path[word] as number) & ~(1 << (31 - (d & 31)));
    }
  }
}

/** Aggregates one family's prefixes (IpPrefix objects or text); see {@link PrefixAggregator}. */
export function aggregatePrefixes(
  family: IpFamily,
  prefixes: Iterable<IpPrefix | string>,
  options: AggregateOptions = {},
): PrefixRangeEntry[] {
  const aggregator = new PrefixAggregator(family, options);
  for (const prefix of prefixes) {
    if (typeof prefix === 'string') aggregator.addText(prefix);
    else aggregator.add(prefix);
  }
  return aggregator.aggregate();
}

/** BIRD prefix-set notation: "192.0.2.0/24" for an exact entry, else "192.0.2.0/24{24,26}". */
export function formatPrefixRangeEntry(entry: PrefixRangeEntry): string {
  return entry.low === entry.length && entry.high === entry.length
    ? entry.prefix
    : `${entry.prefix}{${entry.low},${entry.high}}`;
}

/**
 * Parses BIRD prefix-set notation ("P", "P{low,high}", "P+", "P-", "P{low}" is not BIRD) into an
 * entry. Used to compare our output with other tools' and with stored sets.
 */
export function parsePrefixRangeEntry(text: string, field = 'prefix entry'): PrefixRangeEntry {
  const trimmed = text.trim();
  const match = /^([^{}+\-\s]+)(?:\{(\d{1,3}),(\d{1,3})\}|(\+)|(-))?$/.exec(trimmed);
  if (!match)
    throw invalidValue(
      field,
      text,
      'is not a BIRD prefix-set entry (expected "P", "P{low,high}", "P+" or "P-")',
    );
  const prefix = IpPrefix.parse(match[1] as string, { field });
  const bits = addressBits(prefix.family);
  let low = prefix.length;
  let high = prefix.length;
  if (match[2] !== undefined) {
    low = Number(match[2]);
    high = Number(match[3]);
  } else if (match[4] !== undefined) {
    high = bits;
  } else if (match[5] !== undefined) {
    low = 0;
  }
  // BIRD: P- is {0,len}; lengths shorter than the prefix accept nothing more than the prefix itself.
  if (low < 0 || high > bits || low > high)
    throw invalidValue(field, text, `has a length range outside ${prefix.length}..${bits}`);
  return { prefix: prefix.toString(), length: prefix.length, low: Math.max(low, prefix.length), high };
}

/**
 * The accepted set of a list of entries in a canonical form: for each prefix length, the merged
 * address ranges accepted at that length. Two entry lists accept the same prefixes exactly when
 * their canonical forms are equal, whatever their entries look like.
 */
export function acceptedPrefixSet(
  family: IpFamily,
  entries: Iterable<PrefixRangeEntry>,
): Map<number, Array<[bigint, bigint]>> {
  const bits = BigInt(addressBits(family));
  const byLength = new Map<number, Array<[bigint, bigint]>>();
  for (const entry of entries) {
    const prefix = IpPrefix.parse(entry.prefix);
    if (prefix.family !== family) throw invalidValue('prefix', entry.prefix, `is not an IPv${family} prefix`);
    const start = prefix.network.toBigInt();
    const end = start + (1n << (bits - BigInt(prefix.length))) - 1n;
    for (let length = Math.max(entry.low, prefix.length); length <= entry.high; length++) {
      const ranges = byLength.get(length) ?? [];
      ranges.push([start, end]);
      byLength.set(length, ranges);
    }
  }
  const canonical = new Map<number, Array<[bigint, bigint]>>();
  for (const length of [...byLength.keys()].sort((x, y) => x - y)) {
    const ranges = (byLength.get(length) as Array<[bigint, bigint]>).sort((x, y) =>
      x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0,
    );
    const merged: Array<[bigint, bigint]> = [];
    for (const [start, end] of ranges) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1] + 1n) {
        if (end > last[1]) last[1] = end;
      } else merged.push([start, end]);
    }
    canonical.set(length, merged);
  }
  return canonical;
}

/**
 * Prefixes waiting to be inserted, as words and lengths, with their address order. IPv6 sorts by
 * its first 48 bits only, which is all the locality needs: order never changes the result, only
 * the speed.
 */
class PendingPrefixes {
  words: Uint32Array;
  lengths: Uint8Array;
  count = 0;

  constructor(private readonly stride: 1 | 4) {
    this.words = new Uint32Array(1024 * stride);
    this.lengths = new Uint8Array(1024);
  }

  push(words: ArrayLike<number>, offset: number, length: number): void {
    if (this.count === this.lengths.length) {
      const words2 = new Uint32Array(this.words.length * 2);
      words2.set(this.words);
      this.words = words2;
      const lengths2 = new Uint8Array(this.lengths.length * 2);
      lengths2.set(this.lengths);
      this.lengths = lengths2;
    }
    const base = this.count * this.stride;
    for (let w = 0; w < this.stride; w++) this.words[base + w] = (words[offset + w] as number) >>> 0;
    this.lengths[this.count++] = length;
  }

  /**
   * Indexes in insertion order for the trie: by the leading 32 bits (an IPv4 address entirely; 48
   * for IPv6), with an LSD radix sort on 16-bit digits, linear in the count. Small lists keep
   * their order.
   */
  sortedOrder(): Uint32Array {
    const count = this.count;
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    if (count < 1024) return order;
    const words = this.words;
    const stride = this.stride;
    if (this.isSorted()) return order;
    const scratch = new Uint32Array(count);
    const counts = new Uint32Array(65536);
    let from = order;
    let to = scratch;
    // Least significant digit first; IPv6 also orders by bits 32..47 (the /48 level).
    const passes: Array<[number, number]> =
      stride === 1
        ? [
            [0, 0],
            [0, 16],
          ]
        : [
            [1, 16],
            [0, 0],
            [0, 16],
          ];
    for (const [word, shift] of passes) {
      counts.fill(0);
      for (let i = 0; i < count; i++) {
        const digit = ((words[(from[i] as number) * stride + word] as number) >>> shift) & 0xffff;
        counts[digit] = (counts[digit] as number) + 1;
      }
      let sum = 0;
      for (let d = 0; d < 65536; d++) {
        const c = counts[d] as number;
        counts[d] = sum;
        sum += c;
      }
      for (let i = 0; i < count; i++) {
        const index = from[i] as number;
        const digit = ((words[index * stride + word] as number) >>> shift) & 0xffff;
        const position = counts[digit] as number;
        to[position] = index;
        counts[digit] = position + 1;
      }
      [from, to] = [to, from];
    }
    return from;
  }

  /**
   * Whether the prefixes already come in the order the sort would give (IRR servers often answer
   * in address order): one pass that stops at the first prefix out of order.
   */
  private isSorted(): boolean {
    const words = this.words;
    if (this.stride === 1) {
      for (let i = 1; i < this.count; i++) {
        if ((words[i - 1] as number) > (words[i] as number)) return false;
      }
      return true;
    }
    for (let i = 1; i < this.count; i++) {
      const previous = words[(i - 1) * 4] as number;
      const current = words[i * 4] as number;
      if (previous > current) return false;
      if (
        previous === current &&
        (words[(i - 1) * 4 + 1] as number) >>> 16 > (words[i * 4 + 1] as number) >>> 16
      )
        return false;
    }
    return true;
  }

  clear(): void {
    this.count = 0;
  }
}

/** A growing latin1 byte buffer with the few writes entry formatting needs. */
class TextBuffer {
  private buffer: Buffer;
  private used = 0;

  constructor(expectedBytes: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(256, expectedBytes));
  }

  private reserve(count: number): void {
    if (this.used + count <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + count));
    this.buffer.copy(bigger, 0, 0, this.used);
    this.buffer = bigger;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.used++] = value;
  }

  bytes(value: Buffer): void {
    this.reserve(value.length);
    value.copy(this.buffer, this.used);
    this.used += value.length;
  }

  latin1(value: string): void {
    this.reserve(value.length);
    this.used += this.buffer.write(value, this.used, 'latin1');
  }

  decimal(value: number): void {
    this.reserve(3);
    if (value >= 100) this.buffer[this.used++] = 0x30 + Math.floor(value / 100);
    if (value >= 10) this.buffer[this.used++] = 0x30 + (Math.floor(value / 10) % 10);
    this.buffer[this.used++] = 0x30 + (value % 10);
  }

  /**
   * An IPv6 address as RFC 5952 §4 writes it (lowercase, no leading zeros, the longest run of two
   * or more zero groups as "::", the first on a tie). False, writing nothing, for an IPv4-mapped
   * address, whose dotted form (§5) the string formatter handles.
   */
  v6(words: Uint32Array): boolean {
    if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff) return false;
    const groups = V6_GROUPS;
    for (let w = 0; w < 4; w++) {
      const v = words[w] as number;
      groups[2 * w] = v >>> 16;
      groups[2 * w + 1] = v & 0xffff;
    }
    const run = longestZeroRun(groups);
    const bestStart = run >> 4;
    const bestLength = run & 15;
    this.reserve(41);
    const buffer = this.buffer;
    for (let g = 0; g < 8; g++) {
      if (g === bestStart) {
        buffer[this.used++] = 0x3a;
        buffer[this.used++] = 0x3a;
        g += bestLength - 1;
        continue;
      }
      if (g > 0 && g !== bestStart + bestLength) buffer[this.used++] = 0x3a;
      const value = groups[g] as number;
      for (
        let shift = value >= 0x1000 ? 12 : value >= 0x100 ? 8 : value >= 0x10 ? 4 : 0;
        shift >= 0;
        shift -= 4
      ) {
        const nibble = (value >>> shift) & 15;
        buffer[this.used++] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble;
      }
    }
    return true;
  }

  v4(value: number): void {
    this.decimal(value >>> 24);
    this.byte(0x2e);
    this.decimal((value >>> 16) & 255);
    this.byte(0x2e);
    this.decimal((value >>> 8) & 255);
    this.byte(0x2e);
    this.decimal(value & 255);
  }

  toString(): string {
    return this.buffer.toString('latin1', 0, this.used);
  }
}

/**
 * Final intervals per node. IPv6: one packed interval per node in a typed array (the rare longer
 * lists in a map), printed by a pre-order walk. IPv4: every final interval as one number,
 * ((address * 64 + length) * 64 + low) * 64 + high (50 bits, exact in a double), so that a
 * numeric sort gives the pre-order (address, then shorter first, then low) without walking again.
 */
class Finals {
  private readonly one: Int32Array;
  private readonly many = new Map<number, number[]>();
  private keys: Float64Array;
  private keyCount = 0;

  constructor(
    nodes: number,
    private readonly isSortedByKey: boolean,
  ) {
    this.one = isSortedByKey ? new Int32Array(0) : new Int32Array(nodes).fill(NO_INTERVAL);
    this.keys = new Float64Array(isSortedByKey ? 1024 : 0);
  }

  set(node: number, list: IntervalList, network: number, depth: number): void {
    if (this.isSortedByKey) {
      if (typeof list === 'number') this.push(network, depth, list);
      else for (const packed of list) this.push(network, depth, packed);
    } else if (typeof list === 'number') this.one[node] = list;
    else {
      this.one[node] = IN_MAP;
      this.many.set(node, list);
    }
  }

  get(node: number): IntervalList | undefined {
    const packed = this.one[node] as number;
    if (packed === NO_INTERVAL || packed === undefined) return undefined;
    return packed === IN_MAP ? this.many.get(node) : packed;
  }

  /** Visits IPv4 finals in order; false when this is the IPv6 kind (walk the trie instead). */
  visitSorted(path: Uint32Array, visit: RawEntryVisitor): boolean {
    if (!this.isSortedByKey) return false;
    const keys = this.keys.subarray(0, this.keyCount).sort();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as number;
      // Split off the address first: the 18 bits left fit an int32, so the fields come out with
      // integer shifts instead of floating-point remainders.
      const address = Math.floor(key / 262144);
      const rest = key - address * 262144;
      path[0] = address;
      visit(path, (rest >>> 12) & 63, (rest >>> 6) & 63, rest & 63);
    }
    return true;
  }

  private push(network: number, depth: number, packed: number): void {
    if (this.keyCount === this.keys.length) {
      const bigger = new Float64Array(this.keys.length * 2);
      bigger.set(this.keys);
      this.keys = bigger;
    }
    this.keys[this.keyCount++] = ((network * 64 + depth) * 64 + (packed >>> 8)) * 64 + (packed & 255);
  }
}

/** The bits of address word `w` (0-based) that lie beyond a prefix of `length` bits. */
function hostBitsOfWord(length: number, w: number): number {
  const start = w * 32;
  if (length <= start) return 0xffff_ffff;
  if (length >= start + 32) return 0;
  return (0xffff_ffff >>> (length - start)) >>> 0;
}

function single(list: number[]): IntervalList {
  return list.length === 1 ? (list[0] as number) : list;
}

/** Union of a node's own interval with the ones merged from its children, adjacent ones joined. */
function coalesce(mine: number, merged: IntervalList): IntervalList {
  const all = typeof merged === 'number' ? [mine, merged] : [mine, ...merged];
  all.sort((x, y) => x - y);
  const result: number[] = [];
  let low = (all[0] as number) >>> 8;
  let high = (all[0] as number) & 255;
  for (let i = 1; i < all.length; i++) {
    const nextLow = (all[i] as number) >>> 8;
    const nextHigh = (all[i] as number) & 255;
    if (nextLow <= high + 1) {
      if (nextHigh > high) high = nextHigh;
    } else {
      result.push(pack(low, high));
      low = nextLow;
      high = nextHigh;
    }
  }
  result.push(pack(low, high));
  return single(result);
}

function grow(array: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}

function bigintToWords(value: bigint, words: Uint32Array, count: number): void {
  for (let i = count - 1; i >= 0; i--) {
    words[i] = Number(value & 0xffff_ffffn);
    value >>= 32n;
  }
}

const V6_GROUPS = new Uint16Array(8);

/** Canonical text of an address held as words: dotted quad, or RFC 5952 for IPv6. */
function formatWords(family: IpFamily, words: ArrayLike<number>, offset: number): string {
  if (family === 4) return formatV4Word(words[offset] as number);
  const groups = new Array<number>(8);
  for (let w = 0; w < 4; w++) {
    const v = words[offset + w] as number;
    groups[2 * w] = v >>> 16;
    groups[2 * w + 1] = v & 0xffff;
  }
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad; let the general formatter do them.
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    let value = 0n;
    for (let w = 0; w < 4; w++) value = (value << 32n) | BigInt(words[offset + w] as number);
    return IpAddress.fromBigInt(value, 6).toString();
  }
  return formatV6Groups(groups);
}
