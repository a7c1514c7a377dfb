import {
  acceptedPrefixSet,
  aggregatePrefixes,
  formatPrefixRangeEntry,
  parsePrefixRangeEntry,
  PrefixAggregator,
  type PrefixRangeEntry,
} from './aggregate.js';
import { IpPrefix } from './ip-prefix.js';

const bird = (entries: PrefixRangeEntry[]): string[] => entries.map(formatPrefixRangeEntry);

/** The input itself as entries, i.e. the accepted set before aggregation. */
function inputEntries(prefixes: string[], upTo?: number): PrefixRangeEntry[] {
  return prefixes.map((text) => {
    const prefix = IpPrefix.parse(text);
    const high = upTo !== undefined && upTo > prefix.length ? upTo : prefix.length;
    return { prefix: prefix.toString(), length: prefix.length, low: prefix.length, high };
  });
}

/** Small deterministic PRNG so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('aggregatePrefixes', () => {
  it('keeps unrelated prefixes as exact entries', () => {
    expect(bird(aggregatePrefixes(4, ['203.0.113.0/24', '192.0.2.0/24']))).toEqual([
      '192.0.2.0/24',
      '203.0.113.0/24',
    ]);
  });

  it('joins two halves into one entry on the parent without accepting the parent itself', () => {
    expect(bird(aggregatePrefixes(4, ['192.0.2.0/25', '192.0.2.128/25']))).toEqual(['192.0.2.0/24{25,25}']);
  });

  it('joins a prefix with both its halves into a length range', () => {
    expect(bird(aggregatePrefixes(4, ['192.0.2.0/24', '192.0.2.0/25', '192.0.2.128/25']))).toEqual([
      '192.0.2.0/24{24,25}',
    ]);
  });

  it('keeps a prefix and a complete level two below it as two entries on the same prefix', () => {
    const quarters = ['192.0.2.0/26', '192.0.2.64/26', '192.0.2.128/26', '192.0.2.192/26'];
    expect(bird(aggregatePrefixes(4, ['192.0.2.0/24', ...quarters]))).toEqual([
      '192.0.2.0/24',
      '192.0.2.0/24{26,26}',
    ]);
  });

  it('leaves a lone half as it is', () => {
    expect(bird(aggregatePrefixes(4, ['192.0.2.0/24', '192.0.2.0/25']))).toEqual([
      '192.0.2.0/24',
      '192.0.2.0/25',
    ]);
  });

  it('drops duplicates', () => {
    expect(bird(aggregatePrefixes(6, ['2001:db8::/48', '2001:DB8:0::/48']))).toEqual(['2001:db8::/48']);
  });

  it('with more-specifics, drops prefixes already inside a shorter one and joins siblings', () => {
    const entries = aggregatePrefixes(4, ['198.51.100.0/24', '198.51.100.128/25', '198.51.101.0/24'], {
      moreSpecificsUpTo: 24,
    });
    expect(bird(entries)).toEqual(['198.51.100.0/23{24,24}', '198.51.100.128/25']);
    expect(
      bird(aggregatePrefixes(6, ['2001:db8::/32', '2001:db8:1::/48'], { moreSpecificsUpTo: 48 })),
    ).toEqual(['2001:db8::/32{32,48}']);
  });

  it('formats IPv6 entries canonically (RFC 5952) whatever the input spelling', () => {
    expect(
      bird(aggregatePrefixes(6, ['2001:0db8:0000:0000:0000:0000:0000:0000/32', '2001:db8:0:1::/64'])),
    ).toEqual(['2001:db8::/32', '2001:db8:0:1::/64']);
    expect(bird(aggregatePrefixes(6, ['::/0', '::ffff:192.0.2.0/120']))).toEqual([
      '::/0',
      '::ffff:192.0.2.0/120',
    ]);
  });

  it('writes the same canonical IPv6 text on the byte-buffer path (RFC 5952 §4, §5)', () => {
    const input = [
      '::/0',
      '::ffff:192.0.2.0/120',
      '2001:db8:0:1::/64',
      '1::/16',
      '2001:0:0:1::/64',
      '2001:db8::1:0:0:0/80',
      'fe80::/10',
    ];
    const aggregator = new PrefixAggregator(6);
    for (const text of input) aggregator.addText(text);
    expect(aggregator.aggregateToBird()).toEqual([
      '::/0',
      '::ffff:192.0.2.0/120',
      '1::/16',
      '2001:0:0:1::/64',
      '2001:db8:0:0:1::/80',
      '2001:db8:0:1::/64',
      'fe80::/10',
    ]);
  });

  it('rejects host bits, other families and malformed text, naming the value', () => {
    expect(() => aggregatePrefixes(4, ['192.0.2.1/24'])).toThrow(/192\.0\.2\.1\/24.*host bits/);
    expect(() => aggregatePrefixes(4, ['2001:db8::/32'])).toThrow(/not an IPv4 prefix/);
    expect(() => aggregatePrefixes(4, ['192.0.2.0/33'])).toThrow(/192\.0\.2\.0\/33/);
    expect(() => aggregatePrefixes(6, ['2001:db8:::/48'])).toThrow(/2001:db8:::\/48/);
    expect(() => new PrefixAggregator(4, { moreSpecificsUpTo: 33 })).toThrow(/moreSpecificsUpTo/);
  });

  it.each([
    [4, 0x0a000000, 20, 27, undefined],
    [4, 0x0a000000, 20, 27, 24],
    [4, 0x0a000000, 18, 25, 25],
    [6, 0x20010db8, 28, 36, undefined],
    [6, 0x20010db8, 28, 36, 34],
  ] as const)(
    'accepts exactly the input set on random IPv%i data (base %i, lengths %i..%i, up to %s)',
    (family, base, shortest, longest, upTo) => {
      const next = random(base + shortest + (upTo ?? 0));
      for (let round = 0; round < 40; round++) {
        const texts = new Set<string>();
        const count = 1 + Math.floor(next() * 120);
        for (let k = 0; k < count; k++) {
          const length = shortest + Math.floor(next() * (longest - shortest + 1));
          const span = 2 ** (32 - shortest);
          const host = Math.floor(next() * span);
          const value = (base + host) >>> 0;
          const network = length >= 32 ? value : Math.floor(value / 2 ** (32 - length)) * 2 ** (32 - length);
          const address =
            family === 4
              ? `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}`
              : `${(network >>> 16).toString(16)}:${(network & 0xffff).toString(16)}::`;
          texts.add(`${address}/${length}`);
        }
        const input = [...texts];
        const options = upTo === undefined ? {} : { moreSpecificsUpTo: upTo };
        const entries = aggregatePrefixes(family, input, options);
        const again = new PrefixAggregator(family, options);
        for (const text of input) again.addText(text);
        expect(again.aggregateToBird()).toEqual(bird(entries));
        expect(again.aggregateToText(',')).toEqual(bird(entries).join(','));
        expect(acceptedPrefixSet(family, entries)).toEqual(
          acceptedPrefixSet(family, inputEntries(input, upTo)),
        );
        expect(entries.length).toBeLessThanOrEqual(input.length);
        const sorted = [...entries].sort(
          (x, y) => IpPrefix.parse(x.prefix).compare(IpPrefix.parse(y.prefix)) || x.low - y.low,
        );
        expect(entries).toEqual(sorted);
      }
    },
  );

  it.each([4, 6] as const)(
    'stays exact on thousands of IPv%i prefixes in random order (insertion shortcuts)',
    (family) => {
      const next = random(family * 1000 + 7);
      const texts = new Set<string>();
      while (texts.size < 6000) {
        const length = (family === 4 ? 14 : 30) + Math.floor(next() * 13);
        const value = Math.floor(next() * 2 ** 16) * 2 ** 10;
        const word =
          (family === 4 ? 0x0a000000 : 0x20010000) +
          Math.floor(value / 2 ** (32 - Math.min(length, 32)) / (family === 4 ? 1 : 2 ** 0)) *
            2 ** (32 - Math.min(length, 32));
        const second =
          family === 6 && length > 32 ? Math.floor(next() * 2 ** (length - 32)) * 2 ** (64 - length) : 0;
        texts.add(
          family === 4
            ? `${word >>> 24}.${(word >>> 16) & 255}.${(word >>> 8) & 255}.${word & 255}/${length}`
            : `${(word >>> 16).toString(16)}:${(word & 0xffff).toString(16)}:${(second >>> 16).toString(16)}:${(second & 0xffff).toString(16)}::/${length}`,
        );
      }
      const input = [...texts];
      const entries = aggregatePrefixes(family, input);
      expect(acceptedPrefixSet(family, entries)).toEqual(acceptedPrefixSet(family, inputEntries(input)));
      const sorted = [...input].sort((x, y) => IpPrefix.parse(x).compare(IpPrefix.parse(y)));
      expect(bird(aggregatePrefixes(family, sorted))).toEqual(bird(entries));
    },
  );

  it('turns a complete level of /24s under a /16 into one entry', () => {
    const input = Array.from({ length: 256 }, (_, i) => `10.1.${i}.0/24`);
    expect(bird(aggregatePrefixes(4, input))).toEqual(['10.1.0.0/16{24,24}']);
  });
});

describe('parsePrefixRangeEntry', () => {
  it('reads BIRD prefix-set notation', () => {
    expect(parsePrefixRangeEntry('192.0.2.0/24{24,26}')).toEqual({
      prefix: '192.0.2.0/24',
      length: 24,
      low: 24,
      high: 26,
    });
    expect(parsePrefixRangeEntry('2001:db8::/32+')).toEqual({
      prefix: '2001:db8::/32',
      length: 32,
      low: 32,
      high: 128,
    });
    expect(parsePrefixRangeEntry(' 192.0.2.0/24 ')).toEqual({
      prefix: '192.0.2.0/24',
      length: 24,
      low: 24,
      high: 24,
    });
  });

  it('rejects malformed entries', () => {
    expect(() => parsePrefixRangeEntry('192.0.2.0/24{26,24}')).toThrow(/192\.0\.2\.0\/24\{26,24\}/);
    expect(() => parsePrefixRangeEntry('192.0.2.0/24{24}')).toThrow(/BIRD prefix-set entry/);
  });
});

describe('acceptedPrefixSet', () => {
  it('treats different spellings of the same set as equal and different sets as different', () => {
    const split = [parsePrefixRangeEntry('192.0.2.0/25'), parsePrefixRangeEntry('192.0.2.128/25')];
    expect(acceptedPrefixSet(4, split)).toEqual(
      acceptedPrefixSet(4, [parsePrefixRangeEntry('192.0.2.0/24{25,25}')]),
    );
    expect(acceptedPrefixSet(4, split)).not.toEqual(
      acceptedPrefixSet(4, [parsePrefixRangeEntry('192.0.2.0/24{24,25}')]),
    );
  });
});
