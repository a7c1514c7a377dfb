import { loadIrrFixtureDatabase, startIrrTestServer, type IrrTestServer } from '@ixora/testing';
import { IrrClient } from './irr.client.js';
import { MemberExpansionService, type MemberIrrInput } from './member-expansion.service.js';
import { InMemoryPrefixSetStore, refreshPrefixSets, type MemberPrefixSets } from './prefix-set.refresher.js';

const MEMBERS: MemberIrrInput[] = [
  { asn: 64496, asSets: 'AS-IXORA-TRANSIT' },
  { asn: 64497, asSets: 'AS-IXORA-CUSTOMERS' },
  { asn: 64499, asSets: 'AS64500:AS-DOWNSTREAM' },
  { asn: 64501, asSets: 'AS-IXORA-LOOP-A' },
  { asn: 64503, asSets: 'TESTB::AS-IXORA-SPLIT' },
  { asn: 64505, asSets: 'TESTB::AS-IXORA-ONLYB, AS-IXORA-LOOP-B' },
  { asn: 64510, asSets: 'AS-IXORA-SHAPES' },
  { asn: 65551, asSets: 'AS-IXORA-NOROUTES' },
];

/** The data part of a member's PrefixSets (what must survive a failed refresh). */
const dataOf = (sets: MemberPrefixSets | undefined) =>
  sets &&
  [sets.v4, sets.v6].map(({ asns, prefixes, aggregated, sources, fetchedAt }) => ({
    asns,
    prefixes,
    aggregated,
    sources,
    fetchedAt,
  }));

describe('PrefixSet refresh against the IRR test server', () => {
  let server: IrrTestServer;
  let client: IrrClient;
  let store: InMemoryPrefixSetStore;

  const refresh = (onProgress?: (done: number) => void) =>
    refreshPrefixSets({
      members: MEMBERS,
      expand: (member) => new MemberExpansionService(client).expandMember(member),
      store,
      concurrency: 2,
      memberTimeoutMs: 5_000,
      onProgress: (progress) => onProgress?.(progress.done),
    });

  beforeEach(async () => {
    server = await startIrrTestServer({ database: loadIrrFixtureDatabase(), answerDelayMs: 5 });
    client = new IrrClient({
      host: server.host,
      port: server.port,
      sources: ['TESTA', 'TESTB'],
      maxRetries: 1,
      retryBaseDelayMs: 10,
      queryTimeoutMs: 500,
    });
    store = new InMemoryPrefixSetStore();
  });

  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('expands every member into PrefixSets with ASNs, prefixes and aggregated entries', async () => {
    const summary = await refresh();
    expect(summary).toMatchObject({ ok: MEMBERS.length, stale: 0, failed: 0 });
    expect(store.sets.get(64501)?.v4).toMatchObject({
      asns: [64501, 64502],
      aggregated: ['192.0.2.0/24{26,26}', '203.0.113.0/28'],
      status: 'ok',
    });
    expect(store.sets.get(64503)?.v6).toMatchObject({
      asns: [64503, 64504],
      prefixes: ['2001:db8:400::/48'],
      sources: ['TESTA', 'TESTB'],
    });
    expect(store.sets.get(65551)?.v4.warnings).toEqual([
      'no route or route6 objects for AS65551 and its AS-SETs',
    ]);
  });

  it.each(['killed', 'garbage', 'hang'] as const)(
    'keeps every previous PrefixSet intact when the server is %s mid-refresh',
    async (failure) => {
      await refresh();
      const before = new Map(MEMBERS.map((m) => [m.asn, dataOf(store.sets.get(m.asn))]));
      let broken = false;
      const summary = await refresh((done) => {
        if (done < 2 || broken) return;
        broken = true;
        if (failure === 'killed') void server.close();
        else server.setFault(failure);
      });
      expect(summary.stale).toBeGreaterThan(0);
      expect(summary.ok + summary.stale).toBe(MEMBERS.length);
      for (const member of MEMBERS) {
        const sets = store.sets.get(member.asn) as MemberPrefixSets;
        const data = dataOf(sets);
        if (sets.v4.status === 'ok') {
          expect(data?.map((d) => d.prefixes)).toEqual(before.get(member.asn)?.map((d) => d.prefixes));
        } else {
          expect({ asn: member.asn, data }).toEqual({ asn: member.asn, data: before.get(member.asn) });
          expect(sets.v4.status).toBe('stale');
          expect(sets.v6.error).toMatch(/IRR server/);
        }
      }
    },
  );

  it('leaves members empty, failed and warned about when the first fetch fails', async () => {
    server.setFault('garbage');
    const summary = await refresh();
    expect(summary.failed).toBe(MEMBERS.length);
    expect(store.sets.get(64496)?.v4).toMatchObject({
      prefixes: [],
      aggregated: [],
      status: 'failed',
      fetchedAt: null,
    });
    expect(store.sets.get(64496)?.v4.warnings[0]).toMatch(/first fetch failed.*malformed answer/);
  });
});
