import { parseAsSetList, parseAsSetName } from './as-set-name.parser.js';

describe('parseAsSetList', () => {
  it('reads space- and comma-separated names, source pins, hierarchical names and ASNs', () => {
    expect(parseAsSetList('RIPE::AS-EXAMPLE, as64500:as-customers  AS-OTHER,AS64501')).toEqual([
      { kind: 'as-set', name: 'AS-EXAMPLE', source: 'RIPE', text: 'RIPE::AS-EXAMPLE' },
      { kind: 'as-set', name: 'AS64500:AS-CUSTOMERS', source: undefined, text: 'AS64500:AS-CUSTOMERS' },
      { kind: 'as-set', name: 'AS-OTHER', source: undefined, text: 'AS-OTHER' },
      { kind: 'asn', asn: 64501, text: 'AS64501' },
    ]);
  });

  it('returns nothing for an empty field and drops duplicates', () => {
    expect(parseAsSetList('  ')).toEqual([]);
    expect(parseAsSetList('AS-EXAMPLE as-example')).toHaveLength(1);
  });

  it('accepts set names in any component position (RFC 2622 §5)', () => {
    expect(parseAsSetName('AS-TOP:AS64500:AS-LEAF').kind).toBe('as-set');
    expect(parseAsSetName('ARIN-NONAUTH::AS64500:AS-FOO')).toMatchObject({
      source: 'ARIN-NONAUTH',
      name: 'AS64500:AS-FOO',
    });
  });

  it.each([
    ['AS-FOO;rm', /only letters, digits/],
    ['AS-FOO@RIPE', /SOURCE::AS-NAME/],
    ['EXAMPLE', /neither "AS-"/],
    ['AS64500:AS64501', /no component starts with "AS-"/],
    ['AS-', /neither "AS-"/],
    ['AS-FOO-', /neither "AS-"/],
    ['AS64500:', /neither "AS-"/],
    ['AS0:AS-FOO', /"AS0"/],
    ['RIPE::AS64500', /only AS-SETs take a source/],
    ['1RIPE::AS-FOO', /invalid IRR source "1RIPE"/],
    ['AS99999999999', /outside/],
  ])('rejects %s with a message naming it', (input, reason) => {
    expect(() => parseAsSetList(`AS-GOOD ${input}`)).toThrow(reason);
    expect(() => parseAsSetList(input, 'irr_as_set')).toThrow(`irr_as_set: ${JSON.stringify(input)}`);
  });
});
