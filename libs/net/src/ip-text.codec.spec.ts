import { IpAddress } from './ip-address.js';
import { formatV6Groups, parseV4PrefixWords, parseV6PrefixWords } from './ip-text.codec.js';

describe('ip-text codec', () => {
  const words = new Uint32Array(4);

  it('reads canonical IPv4 prefixes into a word and refuses every other spelling', () => {
    expect(parseV4PrefixWords('198.51.100.0/24', words)).toBe(24);
    expect(words[0]).toBe(0xc6336400);
    for (const text of [
      '198.51.100.0',
      '198.051.100.0/24',
      '198.51.100.0/024',
      '198.51.100.256/24',
      '198.51.100/24',
      '198.51.100.0/33',
    ])
      expect(parseV4PrefixWords(text, words)).toBe(-1);
  });

  it('reads IPv6 prefixes into four words, "::" anywhere once', () => {
    expect(parseV6PrefixWords('2001:DB8::/32', words)).toBe(32);
    expect([...words]).toEqual([0x20010db8, 0, 0, 0]);
    expect(parseV6PrefixWords('::1/128', words)).toBe(128);
    expect([...words]).toEqual([0, 0, 0, 1]);
    for (const text of [
      '2001:db8::',
      '2001::db8::/32',
      ':2001:db8::/32',
      '2001:db8:0:0:0:0:0:0:1/128',
      '::ffff:192.0.2.0/120',
    ])
      expect(parseV6PrefixWords(text, words)).toBe(-1);
  });

  it('formats IPv6 groups as RFC 5952 and IpAddress does', () => {
    expect(formatV6Groups([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatV6Groups([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatV6Groups([0, 0, 0, 0, 0, 0, 0, 0])).toBe('::');
    for (const text of ['2001:db8::1:0:0:1', 'fe80::', '::', '2001:db8:0:1:1:1:1:1', '1::'])
      expect(IpAddress.parse(text).toString()).toBe(text);
  });
});
