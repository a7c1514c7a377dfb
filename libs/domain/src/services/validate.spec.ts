import {
  parseAsSetNames,
  parseBigintId,
  parseId,
  parseMacAddresses,
  requireAddressInside,
} from './validate.js';

describe('parseAsSetNames', () => {
  it('splits space and comma lists, keeps source pins and hierarchical names', () => {
    expect(parseAsSetNames('RIPE::AS-EXAMPLE, as64500:as-customers  AS-TWO')).toEqual([
      'RIPE::AS-EXAMPLE',
      'AS64500:AS-CUSTOMERS',
      'AS-TWO',
    ]);
  });
  it('rejects names that are not RPSL set names, naming the value', () => {
    expect(() => parseAsSetNames('AS-FOO"; }')).toThrow(/^asSets: "AS-FOO\\";" is not an RPSL as-set name/);
    expect(() => parseAsSetNames('EXAMPLE')).toThrow(/"EXAMPLE"/);
    expect(() => parseAsSetNames('AS64500:AS64501')).toThrow(/"AS64500:AS64501"/);
    expect(() => parseAsSetNames(['AS-OK', 42])).toThrow(/asSets: 42 is not an AS-SET name/);
  });
  it('takes a list of lists and drops duplicates', () => {
    expect(parseAsSetNames(['AS-ONE AS-TWO', 'as-one'])).toEqual(['AS-ONE', 'AS-TWO']);
  });
});

describe('parseMacAddresses', () => {
  it('normalises to lower-case colon form', () => {
    expect(parseMacAddresses(['00-1B-21-AA-bb-01', '001b21aabb02'])).toEqual([
      '00:1b:21:aa:bb:01',
      '00:1b:21:aa:bb:02',
    ]);
  });
  it('names the bad element', () => {
    expect(() => parseMacAddresses(['zz:00:00:00:00:00'])).toThrow(/macAddresses\[0\]/);
  });
});

describe('requireAddressInside', () => {
  it('accepts v6 addresses inside the LAN and rejects outside ones', () => {
    expect(() => requireAddressInside('2001:db8::a', '2001:db8::/64', 'ipv6Address')).not.toThrow();
    expect(() => requireAddressInside('2001:db8:1::a', '2001:db8::/64', 'ipv6Address')).toThrow(
      /ipv6Address: "2001:db8:1::a" is not inside the peering LAN prefix 2001:db8::\/64/,
    );
  });
});

describe('parseId', () => {
  it('takes decimal digits and whole JSON numbers', () => {
    expect(parseId('42')).toBe(42);
    expect(parseId(42)).toBe(42);
    expect(parseId('2147483647')).toBe(2147483647);
    expect(parseBigintId('9223372036854775807')).toBe('9223372036854775807');
  });
  it.each(['0x10', '4e0', ' 4 ', '0b100', '-1', '+4', '1.0', '010', '0', '', '2147483648', '１２'])(
    'refuses %j, naming the field and the value',
    (text) => {
      expect(() => parseId(text, 'sessionId')).toThrow(`sessionId: ${JSON.stringify(text)} is not an id`);
    },
  );
  it('refuses numbers that are not whole, and other types', () => {
    expect(() => parseId(1.5)).toThrow(/^id: 1.5 is not an id/);
    expect(() => parseId(-3)).toThrow(/is not an id/);
    expect(() => parseId(null)).toThrow(/is not an id/);
    expect(() => parseBigintId('9223372036854775808')).toThrow(/larger than 9223372036854775807/);
  });
});
