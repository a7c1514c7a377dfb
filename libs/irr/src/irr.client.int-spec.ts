import { loadIrrFixtureDatabase, startIrrTestServer, type IrrTestServer } from '@ixora/testing';
import type { IrrClientOptions } from './irr-client.options.js';
import { IrrClient } from './irr.client.js';

describe('IrrClient against the IRR test server', () => {
  let server: IrrTestServer;
  const clients: IrrClient[] = [];
  const connect = (options: Partial<IrrClientOptions> = {}): IrrClient => {
    const client = new IrrClient({
      host: server.host,
      port: server.port,
      sources: ['TESTA', 'TESTB'],
      ...options,
    });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startIrrTestServer({ database: loadIrrFixtureDatabase() });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.close();
  });

  it('opens one persistent connection, names itself and pipelines queries', async () => {
    const client = connect({ maxConnections: 1 });
    const answers = await Promise.all([
      client.originPrefixes(64496, 4),
      client.originPrefixes(64496, 6),
      client.setMembers('AS-IXORA-TRANSIT', true),
      client.setMembers('AS-IXORA-TRANSIT', false),
    ]);
    expect(answers).toEqual([
      ['192.0.2.0/25', '192.0.2.128/25'],
      ['2001:db8:100::/48', '2001:db8:101::/48'],
      ['AS64496', 'AS64497', 'AS64498', 'AS64499', 'AS65536'],
      ['AS64496', 'AS-IXORA-CUSTOMERS', 'AS64500:AS-DOWNSTREAM'],
    ]);
    expect(server.connectionCount).toBe(1);
    expect(server.queries).toEqual([
      '!!',
      '!nixora',
      '!sTESTA,TESTB',
      '!gAS64496',
      '!6AS64496',
      '!iAS-IXORA-TRANSIT,1',
      '!iAS-IXORA-TRANSIT',
    ]);
  });

  it('selects sources per query with !s only when they change', async () => {
    const client = connect({ maxConnections: 1 });
    expect(await client.setMembers('AS-IXORA-SPLIT', true, ['TESTB'])).toEqual(['AS64504']);
    expect(await client.setMembers('AS-IXORA-SPLIT', true, ['TESTA'])).toEqual(['AS64503']);
    expect(await client.setMembers('AS-IXORA-SPLIT', true)).toEqual(['AS64503', 'AS64504']);
    expect(await client.setMembers('AS-IXORA-SPLIT', true)).toEqual(['AS64503', 'AS64504']);
    expect(server.queries.filter((q) => q.startsWith('!s'))).toEqual(['!sTESTB', '!sTESTA', '!sTESTA,TESTB']);
  });

  it("restores the server's default sources after a pinned query when the client has none of its own", async () => {
    const client = connect({ maxConnections: 1, sources: [] });
    expect(await client.setMembers('AS-IXORA-SPLIT', true, ['TESTB'])).toEqual(['AS64504']);
    // Without the reset this query would still run against TESTB only.
    expect(await client.setMembers('AS-IXORA-SPLIT', true)).toEqual(['AS64503', 'AS64504']);
    expect(server.connectionCount).toBe(1);
    expect(server.queries.filter((q) => q.startsWith('!s'))).toEqual([
      '!s-lc',
      '!sTESTB',
      `!s${loadIrrFixtureDatabase().sources.join(',')}`,
    ]);
  });

  it('reports unknown keys as undefined and server errors as failures naming the query', async () => {
    const client = connect();
    expect(await client.setMembers('AS-NOWHERE', true)).toBeUndefined();
    expect(await client.originPrefixes(64509, 4)).toEqual([]);
    await expect(client.setMembers('AS-IXORA-SPLIT', true, ['NOSUCH'])).rejects.toThrow(
      /refused !iAS-IXORA-SPLIT,1: source selection !sNOSUCH refused: Invalid source/,
    );
    expect(await client.setMembers('AS-IXORA-SPLIT', true, ['TESTB'])).toEqual(['AS64504']);
  });

  it('detects !a support the way bgpq4 does and uses it', async () => {
    const client = connect();
    expect(await client.supportsAggregateQueries()).toBe(true);
    expect((await client.setPrefixes('AS-IXORA-LOOP-A', 4))?.sort()).toEqual([
      '192.0.2.0/26',
      '192.0.2.128/26',
      '192.0.2.192/26',
      '192.0.2.64/26',
      '203.0.113.0/28',
    ]);
    const old = await startIrrTestServer({
      database: loadIrrFixtureDatabase(),
      supportsAggregateQueries: false,
    });
    const oldClient = new IrrClient({ host: old.host, port: old.port });
    clients.push(oldClient);
    expect(await oldClient.supportsAggregateQueries()).toBe(false);
    oldClient.close();
    await old.close();
  });

  it('never opens more connections than allowed', async () => {
    const client = connect({ maxConnections: 3, pipelineDepth: 4 });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.originPrefixes(64496 + (i % 10), 4)),
    );
    expect(answers[0]).toEqual(['192.0.2.0/25', '192.0.2.128/25']);
    expect(server.maxOpenConnections).toBeLessThanOrEqual(3);
    expect(server.maxOpenConnections).toBeGreaterThan(1);
  });

  it('retries on a fresh connection when the server drops one', async () => {
    const client = connect({ retryBaseDelayMs: 10 });
    server.setFault('close');
    const answer = client.originPrefixes(64496, 4);
    await waitFor(() => server.queries.includes('!gAS64496'));
    server.setFault('none');
    expect(await answer).toEqual(['192.0.2.0/25', '192.0.2.128/25']);
    expect(server.connectionCount).toBe(2);
  });

  it.each([
    ['hang', { queryTimeoutMs: 150 }, /sent nothing for 150 ms \(query !gAS64496\).*after 2 attempts/],
    [
      'garbage',
      {},
      /malformed answer: unexpected answer line "Z this is not an IRRd answer".*after 2 attempts/,
    ],
    ['truncate', {}, /closed the connection.*after 2 attempts/],
  ] as const)(
    'gives up after its retries when the server keeps answering with %s',
    async (fault, options, reason) => {
      const client = connect({ maxRetries: 1, retryBaseDelayMs: 10, ...options });
      server.setFault(fault);
      await expect(client.originPrefixes(64496, 4)).rejects.toThrow(reason);
    },
  );

  it('refuses an answer larger than its bound', async () => {
    const client = connect({ maxAnswerBytes: 20, maxRetries: 0 });
    await expect(client.setMembers('AS-IXORA-TRANSIT', true)).rejects.toThrow(
      /exceeds the limit of 20 bytes/,
    );
  });

  it('fails fast when nothing listens', async () => {
    const port = server.port;
    await server.close();
    server = await startIrrTestServer({ database: loadIrrFixtureDatabase() });
    const client = new IrrClient({ host: '127.0.0.1', port, maxRetries: 1, retryBaseDelayMs: 10 });
    clients.push(client);
    await expect(client.originPrefixes(64496, 4)).rejects.toThrow(/ECONNREFUSED|closed the connection/);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not reached');
}
