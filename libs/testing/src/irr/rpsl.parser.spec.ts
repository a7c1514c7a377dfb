import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IrrTestDatabase } from './irr-test.database.js';
import { firstValue, listValues, parseRpsl } from './rpsl.parser.js';

const fixture = readFileSync(path.join(process.cwd(), 'libs/testing/fixtures/irr/ixora-test.rpsl'), 'utf8');

describe('parseRpsl', () => {
  it('splits objects, joins continuation lines and strips comments', () => {
    const objects = parseRpsl(
      [
        '% remark from the server',
        'as-set:   AS-ONE',
        'members:  AS64496,',
        '          AS64497 # a comment',
        '+         AS-TWO',
        'source:   TESTA# Filtered',
        '',
        'route6:   2001:db8::/32',
        'origin:   AS64496',
      ].join('\n'),
    );
    expect(objects.map((o) => [o.objectClass, o.key])).toEqual([
      ['as-set', 'AS-ONE'],
      ['route6', '2001:db8::/32'],
    ]);
    const first = objects[0] as (typeof objects)[0];
    expect(listValues(first, 'members')).toEqual(['AS64496', 'AS64497', 'AS-TWO']);
    expect(firstValue(first, 'source')).toBe('TESTA');
  });
});

describe('IrrTestDatabase', () => {
  const database = IrrTestDatabase.fromRpsl(fixture);

  it('knows the sources in order of appearance', () => {
    expect(database.sources).toEqual(['TESTA', 'TESTB']);
  });

  it('expands nested and looping sets once per ASN', () => {
    expect(database.expandAsSet('AS-IXORA-TRANSIT', ['TESTA'])).toEqual([64496, 64497, 64498, 64499, 65536]);
    expect(database.expandAsSet('as-ixora-loop-a', ['TESTA'])).toEqual([64501, 64502]);
    expect(database.expandAsSet('AS-IXORA-SPLIT', ['TESTB'])).toEqual([64504]);
    expect(database.expandAsSet('AS-IXORA-ONLYB', ['TESTA'])).toBeUndefined();
  });

  it('returns route and route6 prefixes per origin and source', () => {
    expect(database.prefixesOf(64496, 4, ['TESTA', 'TESTB'])).toEqual(['192.0.2.0/25', '192.0.2.128/25']);
    expect(database.prefixesOf(64504, 6, ['TESTA'])).toEqual([]);
    expect(database.prefixesOf(64504, 6, ['TESTB'])).toEqual(['2001:db8:400::/48']);
  });
});
