import path from 'node:path';
import {
  acceptedPrefixSet,
  aggregatePrefixes,
  formatPrefixRangeEntry,
  type PrefixRangeEntry,
} from '@ixora/net';
import {
  isBgpq4Available,
  loadIrrFixtureDatabase,
  loadSharedIrrFixtureDatabase,
  parseBgpq4Bird,
  parseBgpq4Json,
  runBgpq4,
  startIrrTestServer,
  type IrrTestDatabase,
  type IrrTestServer,
} from '@ixora/testing';
import { parseAsSetList } from '@ixora/net';
import { IrrClient } from './irr.client.js';
import { MemberExpansionService } from './member-expansion.service.js';

/**
 * The same AS-SETs expanded by ixora and by bgpq4 1.9 (`-A`, BIRD and JSON output) against the test
 * IRR server must accept exactly the same prefixes, and ixora must never need more entries.
 */
interface CrossCheckCase {
  readonly asn: number;
  readonly asSets: string;
}

const OWN_CASES: CrossCheckCase[] = [
  { asn: 64496, asSets: 'AS-IXORA-TRANSIT' },
  { asn: 64497, asSets: 'AS-IXORA-CUSTOMERS' },
  { asn: 64499, asSets: 'AS64500:AS-DOWNSTREAM' },
  { asn: 64501, asSets: 'AS-IXORA-LOOP-A' },
  { asn: 64503, asSets: 'TESTB::AS-IXORA-SPLIT' },
  { asn: 64503, asSets: 'AS-IXORA-SPLIT' },
  { asn: 64505, asSets: 'TESTB::AS-IXORA-ONLYB AS-IXORA-LOOP-B' },
  // The pin names where AS-IXORA-PINNED is looked up; its nested sets resolve in every source.
  { asn: 64506, asSets: 'TESTB::AS-IXORA-PINNED' },
  { asn: 65551, asSets: 'AS-IXORA-NOROUTES' },
  { asn: 64510, asSets: 'AS-IXORA-SHAPES' },
  { asn: 64511, asSets: 'AS-IXORA-SHAPES AS-IXORA-TRANSIT' },
  // An as_macro that is an ASN (IXP Manager's for members without an AS-SET): its route objects.
  { asn: 64511, asSets: 'AS64497' },
  { asn: 64496, asSets: 'as64505, AS-IXORA-LOOP-A' },
];

const SHARED_CASES: CrossCheckCase[] = [
  { asn: 112, asSets: 'AS-AS112' },
  { asn: 215778, asSets: 'AS215778:AS-LIKHNER' },
  { asn: 215778, asSets: 'RIPE::AS215778:AS-LIKHNER' },
  { asn: 2602, asSets: 'AS-RESTENA' },
  { asn: 3333, asSets: 'AS-DACOTEC' },
];

const sharedDir = path.resolve(process.cwd(), '..', 'shared', 'fixtures');
const sharedDatabase = loadSharedIrrFixtureDatabase(sharedDir);
const haveBgpq4 = isBgpq4Available();
if (!haveBgpq4) console.warn('bgpq4 cross-check skipped: bgpq4 is not installed (Debian package "bgpq4")');
if (!sharedDatabase) console.warn(`bgpq4 cross-check on the shared fixtures skipped: ${sharedDir} is absent`);

const suites: Array<[string, IrrTestDatabase | undefined, CrossCheckCase[], string[]]> = [
  ['ixora fixtures', loadIrrFixtureDatabase(), OWN_CASES, ['TESTA', 'TESTB']],
  ['shared real RPSL fixtures', sharedDatabase, SHARED_CASES, ['RIPE']],
];

const show = (entries: PrefixRangeEntry[]): string[] => entries.map(formatPrefixRangeEntry);

describe.each(suites)('bgpq4 cross-check: %s', (_, database, cases, sources) => {
  const run = haveBgpq4 && database ? describe : describe.skip;

  run.each([true, false])('server answers !a: %s', (serverHasAggregates) => {
    let server: IrrTestServer;
    let client: IrrClient;

    beforeAll(async () => {
      server = await startIrrTestServer({
        database: database as IrrTestDatabase,
        supportsAggregateQueries: serverHasAggregates,
      });
      client = new IrrClient({ host: server.host, port: server.port, sources, maxConnections: 2 });
    });

    afterAll(async () => {
      client.close();
      await server.close();
    });

    it.each(cases)('AS$asn with "$asSets" gives the same accepted sets as bgpq4', async ({ asn, asSets }) => {
      const expansion = await new MemberExpansionService(client, {
        useSetPrefixQueries: serverHasAggregates,
      }).expandMember({
        asn,
        asSets,
      });
      // bgpq4 gets the names as written (any case); ixora parses them into canonical references.
      expect(parseAsSetList(asSets).length).toBeGreaterThan(0);
      const objects = [...asSets.split(/[\s,]+/).filter(Boolean), `AS${asn}`];
      for (const family of [4, 6] as const) {
        for (const upTo of [undefined, family === 4 ? 24 : 48]) {
          const ours = aggregatePrefixes(
            family,
            family === 4 ? expansion.v4 : expansion.v6,
            upTo === undefined ? {} : { moreSpecificsUpTo: upTo },
          );
          for (const format of ['-b', '-j'] as const) {
            const args = [
              '-h',
              server.address,
              '-S',
              sources.join(','),
              '-p',
              '-A',
              `-${family}`,
              format,
              '-l',
              'NN',
            ];
            if (upTo !== undefined) args.push('-R', String(upTo));
            const result = await runBgpq4([...args, ...objects]);
            expect({ args, exitCode: result.exitCode, stderr: result.stderr }).toEqual({
              args,
              exitCode: 0,
              stderr: '',
            });
            const theirs = format === '-b' ? parseBgpq4Bird(result.stdout) : parseBgpq4Json(result.stdout);
            const context = { family, upTo, format, ours: show(ours), theirs: show(theirs) };
            expect({ ...context, accepted: acceptedPrefixSet(family, ours) }).toEqual({
              ...context,
              accepted: acceptedPrefixSet(family, theirs),
            });
            expect(ours.length).toBeLessThanOrEqual(theirs.length);
          }
        }
      }
    });
  });
});
