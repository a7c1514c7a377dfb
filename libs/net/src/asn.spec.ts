import { IxoraError } from '@ixora/errors';
import { Asn, MAX_ASN } from './asn.js';

describe('Asn', () => {
  it.each([
    ['64500', 64500],
    ['AS64500', 64500],
    ['as64500', 64500],
    ['As4200000000', 4_200_000_000],
    [' 64500 ', 64500],
    ['\tAS3333\n', 3333],
    [1, 1],
    [64500, 64500],
    [4_294_967_295, MAX_ASN],
    [4_294_967_295n, MAX_ASN],
    [65536n, 65536],
    ['4294967295', MAX_ASN],
  ] as const)('parses %p as %p', (input, expected) => {
    expect(Asn.parse(input).value).toBe(expected);
    expect(Asn.isValid(input)).toBe(true);
  });

  it.each([
    ['AS0', 'reserved'],
    [0, 'reserved'],
    [0n, 'reserved'],
    ['0', 'reserved'],
    ['AS4294967296', 'outside 1..4294967295'],
    [4_294_967_296, 'outside 1..4294967295'],
    [4_294_967_296n, 'outside 1..4294967295'],
    ['99999999999999999999', 'outside'],
    [-1, 'outside'],
    [-1n, 'outside'],
    [64500.5, 'not an integer'],
    [Number.NaN, 'not an integer'],
    ['064500', 'leading zeros'],
    ['AS 64500', 'not an ASN'],
    ['64 500', 'not an ASN'],
    ['1.10', 'asdot'],
    ['AS', 'not an ASN'],
    ['', 'not an ASN'],
    ['+64500', 'not an ASN'],
    ['0x10', 'not an ASN'],
    ['ASN64500', 'not an ASN'],
  ] as const)('rejects %p (%s)', (input, reason) => {
    expect(() => Asn.parse(input)).toThrow(reason);
    expect(Asn.isValid(input)).toBe(false);
  });

  it('names the field and the value in the error', () => {
    let error: unknown;
    try {
      Asn.parse('AS0', 'peerAsn');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IxoraError);
    expect((error as IxoraError).code).toBe('invalid_value');
    expect((error as IxoraError).field).toBe('peerAsn');
    expect((error as IxoraError).message).toBe('peerAsn: "AS0" is reserved and cannot be used (RFC 7607)');
  });

  it('is not valid for other types', () => {
    expect(Asn.isValid(null)).toBe(false);
    expect(Asn.isValid(undefined)).toBe(false);
    expect(Asn.isValid({ value: 1 })).toBe(false);
    expect(() => Asn.parse(null as unknown as string)).toThrow('asn: null is not an ASN');
  });

  it('formats as asplain and with the AS prefix', () => {
    const asn = Asn.parse('as4200000000');
    expect(asn.toString()).toBe('4200000000');
    expect(asn.toAsString()).toBe('AS4200000000');
    expect(JSON.stringify({ asn })).toBe('{"asn":4200000000}');
  });

  it('compares by value', () => {
    expect(Asn.parse('AS64500').equals(Asn.parse(64500))).toBe(true);
    expect(Asn.parse(64500).equals(Asn.parse(64501))).toBe(false);
    expect(
      [Asn.parse(65000), Asn.parse(3333), Asn.parse(4_200_000_000)].sort((a, b) => a.compare(b)).map(String),
    ).toEqual(['3333', '65000', '4200000000']);
  });
});
