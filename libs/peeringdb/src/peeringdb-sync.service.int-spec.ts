import { existsSync } from 'node:fs';
import path from 'node:path';
import { RunRecord } from '@ixora/domain';
import {
  createTestDatabase,
  PEERINGDB_FIXTURES_DIR,
  readPeeringDbFixtures,
  startPeeringDbTestServer,
  type PeeringDbTestServer,
  type TestDatabase,
} from '@ixora/testing';
import { PeeringDbClient } from './peeringdb.client.js';
import { PeeringDbMirrorRepository } from './peeringdb-mirror.repository.js';
import { syncPeeringDb } from './peeringdb-sync.service.js';
import { PEERINGDB_OBJECT_TYPES } from './peeringdb.schemas.js';

const SHARED_PEERINGDB = path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'peeringdb');

describe('syncPeeringDb against the test PeeringDB server', () => {
  let db: TestDatabase;
  let server: PeeringDbTestServer;
  let slept: number[];
  let client: PeeringDbClient;

  const newClient = (options: { maxRetries?: number } = {}): PeeringDbClient =>
    new PeeringDbClient({
      baseUrl: server.url,
      requestsPerMinute: 0,
      retryBaseDelayMs: 10,
      maxRetries: options.maxRetries,
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    });

  const expectMirrorEqualsServer = async (): Promise<void> => {
    const mirror = new PeeringDbMirrorRepository(db.dataSource.manager);
    for (const type of PEERINGDB_OBJECT_TYPES) {
      expect({ type, rows: await mirror.objects(type) }).toEqual({ type, rows: server.liveRows(type) });
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR });
  });
  beforeEach(() => {
    slept = [];
    client = newClient();
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('mirrors every object type in full, in pages, with a run record and progress', async () => {
    const progress: string[] = [];
    const result = await syncPeeringDb(db.dataSource, client, {
      full: true,
      pageSize: 4,
      onProgress: (p) => {
        if (p.phase === 'done')
          progress.push(`${p.typeIndex + 1}/${p.typeCount} ${p.objectType} ${p.fetched}`);
      },
    });
    await expectMirrorEqualsServer();
    expect(progress).toEqual([
      '1/8 org 6',
      '2/8 fac 2',
      '3/8 ix 2',
      '4/8 ixlan 2',
      '5/8 ixpfx 3',
      '6/8 net 6',
      '7/8 poc 2',
      '8/8 netixlan 7',
    ]);
    expect(result.totals).toEqual({ fetched: 30, created: 30, updated: 0, deleted: 0 });
    // 7 netixlan in pages of 4: two requests, the second one short.
    const netixlanPages = server.requests.filter((r) => r.path === '/api/netixlan').map((r) => r.query.skip);
    expect(netixlanPages).toEqual(['0', '4']);
    const run = await db.dataSource.getRepository(RunRecord).findOneByOrFail({ id: result.runId });
    expect(run).toMatchObject({ kind: 'peeringdb_sync', status: 'succeeded', error: null });
    expect(run.counts).toMatchObject({
      created: 30,
      updated: 0,
      deleted: 0,
      net_created: 6,
      netixlan_created: 7,
    });
    expect(run.finishedAt).toBeInstanceOf(Date);
    const [typed] = await db.dataSource.query<{ asn: string; ipaddr6: string | null; is_rs_peer: boolean }[]>(
      `SELECT asn, ipaddr6, is_rs_peer FROM peeringdb_netixlan WHERE id = 803`,
    );
    expect(typed).toEqual({ asn: '64502', ipaddr6: null, is_rs_peer: true });
  });

  it('applies changes, additions and deletions incrementally with since', async () => {
    const later = new Date();
    const net = server.rows('net').find((n) => n.id === 601)!;
    server.put(
      'net',
      { ...net, info_prefixes4: 150, irr_as_set: 'RIPE::AS-OCEANFIBER RIPE::AS-OCEANFIBER-V6' },
      later,
    );
    server.put('net', { ...net, id: 607, asn: 64505, name: 'Newcomer Networks', org_id: 103 }, later);
    const template = server.rows('netixlan').find((n) => n.id === 803)!;
    server.put(
      'netixlan',
      { ...template, id: 808, net_id: 607, asn: 64505, ipaddr4: '192.0.2.51', ipaddr6: '2001:db8::51' },
      later,
    );
    server.remove('netixlan', 803, later);
    server.remove('poc', 702, later);
    server.requests.length = 0;

    const result = await syncPeeringDb(db.dataSource, client);

    await expectMirrorEqualsServer();
    // `since` is inclusive: the newest object of the last run (net 605) comes again, unchanged.
    expect(result.counts.net).toEqual({
      mode: 'incremental',
      fetched: 3,
      created: 1,
      updated: 1,
      deleted: 0,
    });
    expect(result.counts.netixlan).toEqual({
      mode: 'incremental',
      fetched: 3,
      created: 1,
      updated: 0,
      deleted: 1,
    });
    expect(result.counts.poc).toEqual({
      mode: 'incremental',
      fetched: 2,
      created: 0,
      updated: 0,
      deleted: 1,
    });
    expect(result.counts.org).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(server.requests.every((r) => r.query.since !== undefined)).toBe(true);
    const [state] = await db.dataSource.query<{ last_updated: Date }[]>(
      `SELECT last_updated FROM peeringdb_sync_state WHERE object_type = 'net'`,
    );
    expect(state!.last_updated.getTime()).toBe(Math.floor(later.getTime() / 1000) * 1000);
  });

  it('changes nothing when nothing changed', async () => {
    const result = await syncPeeringDb(db.dataSource, client);
    expect(result.totals).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    await expectMirrorEqualsServer();
  });

  it('syncs a type in full again when its last full sync is too old', async () => {
    const inAMonth = new Date(Date.now() + 31 * 86_400_000);
    const result = await syncPeeringDb(db.dataSource, client, {
      types: ['ix', 'ixlan'],
      now: () => inAMonth,
    });
    expect(result.counts.ix?.mode).toBe('full');
    const next = await syncPeeringDb(db.dataSource, client, { types: ['ix'], fullSyncEveryDays: 60 });
    expect(next.counts.ix?.mode).toBe('incremental');
  });

  it('a full sync deletes what PeeringDB no longer lists', async () => {
    const fac = server.rows('fac')[0]!;
    // Gone without a trace (as after PeeringDB purges deleted objects): only a full sync notices.
    server.load('fac', [{ ...fac, status: 'deleted' }]);
    const result = await syncPeeringDb(db.dataSource, client, { full: true, types: ['fac'] });
    expect(result.counts.fac).toEqual({ mode: 'full', fetched: 1, created: 0, updated: 0, deleted: 1 });
    await expectMirrorEqualsServer();
  });

  it('retries 429 after Retry-After and 500 with backoff, and reports both', async () => {
    server.failNext({ status: 429, retryAfter: '2', path: '/api/org' });
    server.failNext({ status: 500, path: '/api/net' });
    server.put('org', { ...server.rows('org')[0]!, name: 'Example IX Association e.V.' });
    const result = await syncPeeringDb(db.dataSource, client);
    expect(result.retries.map((r) => [r.reason, r.delayMs])).toEqual([
      [429, 2000],
      [500, 10],
    ]);
    expect(slept).toEqual([2000, 10]);
    expect(result.counts.org).toMatchObject({ updated: 1 });
    await expectMirrorEqualsServer();
    const run = await db.dataSource.getRepository(RunRecord).findOneByOrFail({ id: result.runId });
    expect(run.counts).toMatchObject({ retries: 2, rate_limited: 1, org_updated: 1 });
  });

  it('a type that keeps failing keeps its last good rows, the others sync, and the run is partial', async () => {
    server.failNext({ status: 500, path: '/api/net', times: 3 });
    server.put('org', { ...server.rows('org')[1]!, city: 'Harbour City' });
    const net = server.rows('net').find((n) => n.id === 602)!;
    const [before] = await db.dataSource.query<{ name: string }[]>(
      `SELECT name FROM peeringdb_net WHERE id = 602`,
    );
    server.put('net', { ...net, name: 'Renamed while PeeringDB failed' });
    const netixlan = server.rows('netixlan')[0]!;
    server.put('netixlan', { ...netixlan, speed: 400_000 });
    const failing = newClient({ maxRetries: 2 });
    const result = await syncPeeringDb(db.dataSource, failing);
    expect(result.status).toBe('partial');
    expect(result.failures).toEqual([
      { objectType: 'net', error: expect.stringMatching(/\/net: HTTP 500 .*after 3 attempts/) },
    ]);
    // Types after the failed one still synced.
    expect(result.counts.netixlan).toMatchObject({ updated: 1 });
    expect(result.counts.net).toBeUndefined();
    const run = await db.dataSource.getRepository(RunRecord).findOneByOrFail({ id: result.runId });
    expect(run).toMatchObject({ status: 'partial', error: expect.stringMatching(/^net: .*HTTP 500/) });
    expect(run.counts).toMatchObject({ retries: 2, org_updated: 1, netixlan_updated: 1, failed_types: 1 });
    const [org] = await db.dataSource.query<{ city: string }[]>(
      `SELECT city FROM peeringdb_org WHERE id = 102`,
    );
    expect(org!.city).toBe('Harbour City');
    // The failed type kept its last good rows and is marked stale.
    const [kept] = await db.dataSource.query<{ name: string }[]>(
      `SELECT name FROM peeringdb_net WHERE id = 602`,
    );
    expect(kept!.name).toBe(before!.name);
    const mirror = new PeeringDbMirrorRepository(db.dataSource.manager);
    expect(await mirror.syncFailures()).toEqual([
      {
        objectType: 'net',
        runId: result.runId,
        failedAt: expect.any(Date),
        error: expect.stringMatching(/HTTP 500/),
        lastSyncedAt: expect.any(Date),
      },
    ]);
    // The next run picks it up and clears the mark.
    const next = await syncPeeringDb(db.dataSource, client);
    expect(next).toMatchObject({ status: 'succeeded', failures: [] });
    await expectMirrorEqualsServer();
    expect(await mirror.syncFailures()).toEqual([]);
  });

  it('a 404 on /api/poc in a full sync: netixlan is still read, the run is partial with the error', async () => {
    server.failNext({ status: 404, path: '/api/poc' });
    const progress: string[] = [];
    const result = await syncPeeringDb(db.dataSource, client, {
      full: true,
      onProgress: (p) => {
        if (p.phase === 'done' || p.phase === 'failed') progress.push(`${p.objectType}:${p.phase}`);
      },
    });
    expect(progress).toEqual([
      'org:done',
      'fac:done',
      'ix:done',
      'ixlan:done',
      'ixpfx:done',
      'net:done',
      'poc:failed',
      'netixlan:done',
    ]);
    expect(result.failures).toEqual([{ objectType: 'poc', error: expect.stringMatching(/\/poc: HTTP 404/) }]);
    expect(result.counts.netixlan).toMatchObject({
      mode: 'full',
      fetched: server.liveRows('netixlan').length,
    });
    const run = await db.dataSource.getRepository(RunRecord).findOneByOrFail({ id: result.runId });
    expect(run).toMatchObject({ status: 'partial', error: expect.stringMatching(/^poc: .*HTTP 404/) });
    // A full sync of poc failed, so its rows were not deleted as "no longer listed".
    const [pocs] = await db.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM peeringdb_poc`,
    );
    expect(pocs?.count).toBe(server.liveRows('poc').length);
    await syncPeeringDb(db.dataSource, client);
  });

  it('fails the run when every type failed', async () => {
    server.failNext({ status: 404, path: '/api/org' });
    const error = await syncPeeringDb(db.dataSource, client, { types: ['org'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found', details: { runId: expect.any(String) } });
    const run = await db.dataSource
      .getRepository(RunRecord)
      .findOneByOrFail({ id: (error as { details: { runId: string } }).details.runId });
    expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/\/org: HTTP 404/) });
    await syncPeeringDb(db.dataSource, client, { types: ['org'] });
  });

  it('stores text with a NUL character (which jsonb cannot hold) without it', async () => {
    const net = server.rows('net').find((n) => n.id === 603)!;
    server.put('net', { ...net, notes: 'line one\u0000line two' });
    await syncPeeringDb(db.dataSource, client, { types: ['net'] });
    const [row] = await db.dataSource.query<{ notes: string }[]>(
      `SELECT data->>'notes' AS notes FROM peeringdb_net WHERE id = 603`,
    );
    expect(row!.notes).toBe('line oneline two');
    server.put('net', { ...net, notes: '' });
    await syncPeeringDb(db.dataSource, client, { types: ['net'] });
    await expectMirrorEqualsServer();
  });

  it('refuses an object of an unexpected shape, naming type, id and field', async () => {
    const net = server.rows('net').find((n) => n.id === 602)!;
    server.put('net', { ...net, info_prefixes4: 'many' });
    await expect(syncPeeringDb(db.dataSource, client, { types: ['net'] })).rejects.toThrow(
      /peeringdb net 602: field info_prefixes4 .*"many"/,
    );
    server.put('net', { ...net, info_prefixes4: 30 });
    await syncPeeringDb(db.dataSource, client, { types: ['net'] });
    await expectMirrorEqualsServer();
  });
});

describe('syncPeeringDb with the real DE-CIX slice in ../shared/fixtures/peeringdb', () => {
  it('mirrors every record', async () => {
    if (!existsSync(path.join(SHARED_PEERINGDB, 'net.json'))) {
      console.log('skipped: ../shared/fixtures/peeringdb is not here');
      return;
    }
    const db = await createTestDatabase();
    const server = await startPeeringDbTestServer({ fixturesDir: SHARED_PEERINGDB });
    try {
      const client = new PeeringDbClient({ baseUrl: server.url, requestsPerMinute: 0 });
      const result = await syncPeeringDb(db.dataSource, client, { full: true });
      const fixtures = await readPeeringDbFixtures(SHARED_PEERINGDB);
      for (const type of PEERINGDB_OBJECT_TYPES) {
        const rows = await new PeeringDbMirrorRepository(db.dataSource.manager).objects(type);
        expect({ type, rows }).toEqual({
          type,
          rows: [...(fixtures[type] ?? [])].sort((a, b) => Number(a.id) - Number(b.id)),
        });
      }
      expect(result.counts.netixlan?.created).toBe(46);
      expect(result.counts.net?.created).toBe(38);
    } finally {
      await server.close();
      await db.drop();
    }
  });
});
