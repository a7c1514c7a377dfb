import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IxoraError } from '@ixora/errors';
import { rpkiClientDocument, routinatorJsonextDocument } from './testing/vrp-documents.js';
import { parseVrpDocument, type VrpDocument } from './vrp-document.parser.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures');
const sharedFixtures = join(here, '..', '..', '..', '..', 'shared', 'fixtures', 'rpki');

const readFixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const triples = (doc: VrpDocument): string[] =>
  doc.vrps.map((vrp) => `${vrp.prefix.toString()} ${vrp.maxLength} AS${vrp.asn}`).sort();

const EXPECTED_TRIPLES = [
  '192.0.2.0/24 24 AS64496',
  '198.51.100.0/24 25 AS64497',
  '2001:db8:1000::/36 36 AS64498',
  '2001:db8::/32 48 AS65550',
  '203.0.113.0/24 24 AS0',
];

const ripe = (roas: unknown[]): string => JSON.stringify({ roas });

// Any instant: the documents' times are offsets from it, and every expiry check below passes `now`.
const GENERATED_AT = new Date('2031-04-15T06:00:00Z');
const hoursAfter = (hours: number): Date => new Date(GENERATED_AT.getTime() + hours * 3_600_000);

describe('parseVrpDocument', () => {
  describe('own fixtures', () => {
    it('reads rpki-client JSON', () => {
      const doc = parseVrpDocument(rpkiClientDocument(GENERATED_AT), 'rpki-client.json');
      expect(doc.format).toBe('rpki-client');
      expect(triples(doc)).toEqual(EXPECTED_TRIPLES);
      expect(doc.rejected).toEqual([]);
      expect(doc.generatedAt).toEqual(GENERATED_AT);
      expect(doc.vrps.map((vrp) => vrp.trustAnchor)).toEqual(['ripe', 'arin', 'apnic', 'ripe', 'lacnic']);
      expect(doc.vrps[3]?.prefix.family).toBe(6);
    });

    it('reads Routinator jsonext', () => {
      const doc = parseVrpDocument(routinatorJsonextDocument(GENERATED_AT), 'routinator-jsonext.json');
      expect(doc.format).toBe('routinator-jsonext');
      expect(triples(doc)).toEqual(EXPECTED_TRIPLES);
      expect(doc.rejected).toEqual([]);
      expect(doc.generatedAt).toEqual(GENERATED_AT);
      // Two sources under the same TAL give one trust anchor.
      expect(doc.vrps[1]?.trustAnchor).toBe('arin');
    });

    it('reads the RIPE NCC validator export, keeping a VRP seen under two trust anchors twice', () => {
      const doc = parseVrpDocument(readFixture('ripe-validator.json'), 'ripe-validator.json');
      expect(doc.format).toBe('ripe-validator');
      expect([...new Set(triples(doc))]).toEqual(EXPECTED_TRIPLES);
      expect(doc.vrps).toHaveLength(6);
      expect(doc.duplicates).toBe(0);
      expect(doc.generatedAt).toBeUndefined();
      expect(doc.vrps[5]?.trustAnchor).toBe('RIPE NCC RPKI Root (RRDP prefetch)');
    });

    it('rejects expired entries only when given the time', () => {
      const text = rpkiClientDocument(GENERATED_AT);
      expect(parseVrpDocument(text, 'f').vrps).toHaveLength(5);
      expect(parseVrpDocument(text, 'f', { now: hoursAfter(1) }).vrps).toHaveLength(5);

      // The first VRP expires two days after the build.
      const expiry = hoursAfter(48);
      const later = parseVrpDocument(text, 'f', { now: hoursAfter(60) });
      expect(triples(later)).toEqual(EXPECTED_TRIPLES.filter((triple) => !triple.startsWith('192.0.2.0/24')));
      expect(later.rejected).toEqual([
        {
          index: 0,
          field: 'expires',
          value: expiry.getTime() / 1000,
          reason: `expired at ${expiry.toISOString()}`,
        },
      ]);
    });

    it('uses the latest chain validity of any Routinator source', () => {
      const text = routinatorJsonextDocument(GENERATED_AT);
      const doc = parseVrpDocument(text, 'f', { now: hoursAfter(40 * 24) });
      // Expired: 192.0.2.0/24 and 2001:db8::/32 (chains valid 33 days); 198.51.100.0/24's first
      // chain ended after 17 days, but a renewed second source is valid for 93.
      expect(triples(doc)).toEqual([
        '198.51.100.0/24 25 AS64497',
        '2001:db8:1000::/36 36 AS64498',
        '203.0.113.0/24 24 AS0',
      ]);
      const chainEnd = hoursAfter(33 * 24)
        .toISOString()
        .replace('.000Z', 'Z');
      expect(doc.rejected.map((entry) => [entry.index, entry.field, entry.value])).toEqual([
        [0, 'source.chainValidity.notAfter', chainEnd],
        [3, 'source.chainValidity.notAfter', chainEnd],
      ]);
    });
  });

  describe('formats and envelopes', () => {
    it('reads rpki-client output that writes ASNs as "AS…" strings', () => {
      const text = JSON.stringify({
        metadata: { buildtime: '2026-11-28T06:00:00Z' },
        roas: [{ asn: 'AS64496', prefix: '192.0.2.0/24', maxLength: 24, ta: 'ripe', expires: 1796000000 }],
      });
      const doc = parseVrpDocument(text, 'f');
      expect(doc.format).toBe('rpki-client');
      expect(doc.vrps[0]?.asn).toBe(64496);
    });

    it('reads Routinator plain json (same envelope, "ta" instead of "source") as Routinator', () => {
      const text = JSON.stringify({
        metadata: { generated: 1795845600, generatedTime: '2026-11-28T06:00:00Z' },
        roas: [{ asn: 'AS64496', prefix: '192.0.2.0/24', maxLength: 24, ta: 'ripe' }],
      });
      const doc = parseVrpDocument(text, 'f');
      expect(doc.format).toBe('routinator-jsonext');
      expect(doc.vrps[0]?.trustAnchor).toBe('ripe');
    });

    it('takes the generation time from "generated" when "generatedTime" is missing', () => {
      const doc = parseVrpDocument(JSON.stringify({ metadata: { generated: 1795845600 }, roas: [] }), 'f');
      expect(doc.format).toBe('routinator-jsonext');
      expect(doc.generatedAt?.toISOString()).toBe('2026-11-28T06:00:00.000Z');
    });

    it("accepts an empty document (refusing to store it is decideSnapshotReplacement's job)", () => {
      const doc = parseVrpDocument('{"roas":[]}', 'f');
      expect(doc).toEqual({ format: 'ripe-validator', vrps: [], rejected: [], duplicates: 0 });
    });

    it.each([
      ['not JSON', 'it is not JSON'],
      ['', 'it is not JSON'],
      ['[]', 'the document'],
      ['{}', '"roas"'],
      ['{"roas":{}}', '"roas"'],
      ['{"vrps":[]}', '"roas"'],
      ['{"metadata":{"buildtime":5},"roas":[]}', '"metadata.buildtime"'],
    ])('refuses %p, saying what it expected', (text, where) => {
      let error: unknown;
      try {
        parseVrpDocument(text, '/var/lib/rpki/vrps.json');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(IxoraError);
      expect((error as IxoraError).code).toBe('invalid_value');
      expect((error as IxoraError).message).toContain('/var/lib/rpki/vrps.json is not a VRP document');
      expect((error as IxoraError).message).toContain(where);
      expect((error as IxoraError).message).toContain(
        'rpki-client JSON output (-j), Routinator json/jsonext, or a RIPE NCC validator export',
      );
    });
  });

  describe('entry validation', () => {
    it.each([
      [
        { asn: 'AS64496', prefix: '192.0.2.0/24', maxLength: 23, ta: 't' },
        'maxLength',
        23,
        'between the prefix length 24 and 32',
      ],
      [
        { asn: 'AS64496', prefix: '192.0.2.0/24', maxLength: 33, ta: 't' },
        'maxLength',
        33,
        'between the prefix length 24 and 32',
      ],
      [
        { asn: 'AS64496', prefix: '2001:db8::/32', maxLength: 129, ta: 't' },
        'maxLength',
        129,
        'between the prefix length 32 and 128',
      ],
      [
        { asn: 'AS64496', prefix: '2001:db8::/32', maxLength: 31, ta: 't' },
        'maxLength',
        31,
        'between the prefix length 32 and 128',
      ],
      [
        { asn: 'AS64496', prefix: '192.0.2.0/24', maxLength: 24.5, ta: 't' },
        'maxLength',
        24.5,
        'expected int',
      ],
      [
        { asn: 'AS64496', prefix: '192.0.2.0/24', maxLength: '24', ta: 't' },
        'maxLength',
        '24',
        'expected number',
      ],
      [{ asn: 'AS64496', prefix: '192.0.2.0/24', ta: 't' }, 'maxLength', undefined, 'expected number'],
      [
        { asn: 'AS64496', prefix: '192.0.2.1/24', maxLength: 24, ta: 't' },
        'prefix',
        '192.0.2.1/24',
        'has host bits set (network is 192.0.2.0/24)',
      ],
      [
        { asn: 'AS64496', prefix: '192.0.2.0', maxLength: 24, ta: 't' },
        'prefix',
        '192.0.2.0',
        'has no prefix length',
      ],
      [
        { asn: 'AS64496', prefix: '2001:db8::/33x', maxLength: 48, ta: 't' },
        'prefix',
        '2001:db8::/33x',
        'invalid prefix length',
      ],
      [
        { asn: 'AS64496', prefix: 3232235520, maxLength: 24, ta: 't' },
        'prefix',
        3232235520,
        'expected string',
      ],
      [
        { asn: 'AS4294967296', prefix: '192.0.2.0/24', maxLength: 24, ta: 't' },
        'asn',
        'AS4294967296',
        '0..4294967295',
      ],
      [{ asn: -1, prefix: '192.0.2.0/24', maxLength: 24, ta: 't' }, 'asn', -1, '0..4294967295'],
      [{ asn: 'ASX', prefix: '192.0.2.0/24', maxLength: 24, ta: 't' }, 'asn', 'ASX', '0..4294967295'],
      [{ asn: null, prefix: '192.0.2.0/24', maxLength: 24, ta: 't' }, 'asn', null, 'Invalid input'],
      [{ asn: 'AS64496', prefix: '192.0.2.0/24', maxLength: 24 }, 'ta', undefined, 'is missing'],
      [
        { asn: 'AS64496', prefix: '192.0.2.0/24', maxLength: 24, source: [{ type: 'roa' }] },
        'ta',
        undefined,
        'is missing',
      ],
      ['192.0.2.0/24,24,AS64496', 'roas[]', '192.0.2.0/24,24,AS64496', 'expected object'],
    ])('rejects %j (%s)', (entry, field, value, reason) => {
      const good = { asn: 'AS64497', prefix: '198.51.100.0/24', maxLength: 24, ta: 't' };
      const doc = parseVrpDocument(ripe([good, entry, good]), 'f');
      expect(doc.vrps).toHaveLength(1);
      expect(doc.duplicates).toBe(1);
      expect(doc.rejected).toHaveLength(1);
      expect(doc.rejected[0]).toEqual({
        index: 1,
        field,
        value,
        reason: expect.stringContaining(reason) as unknown,
      });
    });

    it.each([
      [{ asn: 'AS0', prefix: '192.0.2.0/24', maxLength: 24, ta: 't' }, 0],
      [{ asn: 'as0', prefix: '192.0.2.0/24', maxLength: 24, ta: 't' }, 0],
      [{ asn: 0, prefix: '192.0.2.0/24', maxLength: 24, ta: 't' }, 0],
      [{ asn: 4294967295, prefix: '192.0.2.0/24', maxLength: 24, ta: 't' }, 4294967295],
      [{ asn: 'AS4200000000', prefix: '192.0.2.0/24', maxLength: 24, ta: 't' }, 4200000000],
    ])('accepts the ASN of %j', (entry, asn) => {
      expect(parseVrpDocument(ripe([entry]), 'f').vrps.map((vrp) => vrp.asn)).toEqual([asn]);
    });

    it('accepts max lengths at the limits and canonicalises prefixes', () => {
      const doc = parseVrpDocument(
        ripe([
          { asn: 'AS64496', prefix: '192.0.2.0/24', maxLength: 32, ta: 't' },
          { asn: 'AS64496', prefix: '0.0.0.0/0', maxLength: 0, ta: 't' },
          { asn: 'AS64496', prefix: '2001:DB8:0::/32', maxLength: 128, ta: 't' },
          { asn: 'AS64496', prefix: '2001:db8::1/128', maxLength: 128, ta: 't' },
        ]),
        'f',
      );
      expect(doc.rejected).toEqual([]);
      expect(triples(doc)).toEqual([
        '0.0.0.0/0 0 AS64496',
        '192.0.2.0/24 32 AS64496',
        '2001:db8::/32 128 AS64496',
        '2001:db8::1/128 128 AS64496',
      ]);
    });

    it('drops exact duplicates, also when written differently', () => {
      const doc = parseVrpDocument(
        ripe([
          { asn: 'AS65550', prefix: '2001:db8::/32', maxLength: 48, ta: 't' },
          { asn: 'as65550', prefix: '2001:DB8:0::/32', maxLength: 48, ta: 't' },
          { asn: 'AS65550', prefix: '2001:db8::/32', maxLength: 47, ta: 't' },
          { asn: 'AS65550', prefix: '2001:db8::/32', maxLength: 48, ta: 'other' },
        ]),
        'f',
      );
      expect(doc.vrps).toHaveLength(3);
      expect(doc.duplicates).toBe(1);
    });

    it('joins distinct trust anchors of Routinator sources', () => {
      const text = JSON.stringify({
        metadata: { generated: 1795845600 },
        roas: [
          {
            asn: 'AS64496',
            prefix: '192.0.2.0/24',
            maxLength: 24,
            source: [{ tal: 'ripe' }, { tal: 'apnic' }, { tal: 'ripe' }],
          },
        ],
      });
      expect(parseVrpDocument(text, 'f').vrps[0]?.trustAnchor).toBe('apnic,ripe');
    });

    it('never treats a source without dates as expired', () => {
      const text = JSON.stringify({
        metadata: { generated: 1795845600 },
        roas: [
          {
            asn: 'AS64496',
            prefix: '192.0.2.0/24',
            maxLength: 24,
            source: [{ tal: 'ripe', chainValidity: { notAfter: '2020-01-01T00:00:00Z' } }, { tal: 'ripe' }],
          },
        ],
      });
      expect(parseVrpDocument(text, 'f', { now: new Date('2026-11-28T00:00:00Z') }).vrps).toHaveLength(1);
    });
  });

  describe('shared reference fixtures', () => {
    const present = existsSync(sharedFixtures);
    if (!present) {
      it.skip(`skipped: ${sharedFixtures} is absent (reference data is not part of the repository)`, () =>
        undefined);
      return;
    }
    const jsonFiles = readdirSync(sharedFixtures, { recursive: true, encoding: 'utf8' })
      .map((name) => join(sharedFixtures, name))
      .filter((path) => statSync(path).isFile())
      .filter((path) => path.endsWith('.json') || path.endsWith('/json'));

    it('finds JSON VRP documents', () => {
      expect(jsonFiles.length).toBeGreaterThan(0);
    });

    it.each(jsonFiles)('parses %s', (path) => {
      const doc = parseVrpDocument(readFileSync(path, 'utf8'), path);
      expect(['rpki-client', 'routinator-jsonext', 'ripe-validator']).toContain(doc.format);
      expect(doc.rejected).toEqual([]);
      for (const vrp of doc.vrps) {
        expect(vrp.maxLength).toBeGreaterThanOrEqual(vrp.prefix.length);
        expect(vrp.trustAnchor).not.toBe('');
      }
    });

    it('reads the RIPE validator export as 28 VRPs, 14 unique triples', () => {
      const path = join(sharedFixtures, 'ripe-validator-export-2017-AS3333-AS25152.json');
      const doc = parseVrpDocument(readFileSync(path, 'utf8'), path);
      expect(doc.format).toBe('ripe-validator');
      expect(doc.vrps).toHaveLength(28);
      expect(new Set(triples(doc)).size).toBe(14);
      expect(triples(doc)).toContain('193.0.0.0/21 21 AS3333');
    });

    it('reads rpki-client output and its expired entry', () => {
      const path = join(sharedFixtures, 'rpki-client-json-2021-excerpt.json');
      const text = readFileSync(path, 'utf8');
      const doc = parseVrpDocument(text, path);
      expect(doc.format).toBe('rpki-client');
      expect(triples(doc)).toEqual(['1.0.0.0/24 24 AS13335']);
      expect(doc.generatedAt?.toISOString()).toBe('2021-07-21T17:26:00.000Z');
      const now = parseVrpDocument(text, path, { now: new Date('2026-11-28T00:00:00Z') });
      expect(now.vrps).toEqual([]);
      expect(now.rejected[0]?.field).toBe('expires');
    });

    it('reads the Routinator jsonext example', () => {
      const path = join(sharedFixtures, 'routinator-jsonext-doc-example.json');
      const doc = parseVrpDocument(readFileSync(path, 'utf8'), path);
      expect(doc.format).toBe('routinator-jsonext');
      expect(triples(doc)).toEqual(['185.49.142.0/24 24 AS211321']);
      expect(doc.vrps[0]?.trustAnchor).toBe('ripe');
    });

    it('reads the empty rpki-client 8.2 output', () => {
      const path = join(sharedFixtures, 'rpki-client-8.2-offline-empty', 'json');
      const doc = parseVrpDocument(readFileSync(path, 'utf8'), path);
      expect(doc).toMatchObject({ format: 'rpki-client', vrps: [], rejected: [] });
    });
  });
});
