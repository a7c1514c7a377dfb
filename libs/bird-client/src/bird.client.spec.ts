import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BirdClient } from './bird.client.js';
import { BirdClientPool } from './bird-client.pool.js';
import { BirdError } from './bird.errors.js';
import {
  BirdReplayServer,
  type BirdReplayAnswer,
  type BirdReplayServerOptions,
} from './bird-replay.server.js';
import { fixtureAnswers, readFixture } from './testing/bird-fixtures.js';

// A UNIX-socket protocol fake replaying BIRD 2.0.12 recordings; the live daemon is in test/integration.
const RECORDED = ['rs-01', 'rs-02', 'rs-04', 'rs-16', 'rs-18', 'rs-21', 'rs-23', 'rs-41', 'rs-45', 'rs-34'];

let directory: string;
let server: BirdReplayServer | undefined;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ixora-bird-client-'));
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
  await rm(directory, { recursive: true, force: true });
});

async function startServer(
  extra: ReadonlyArray<readonly [string, BirdReplayAnswer]> = [],
  options: BirdReplayServerOptions = {},
): Promise<BirdReplayServer> {
  const answers = new Map<string, BirdReplayAnswer>(fixtureAnswers(RECORDED));
  // The builder puts options in its own order; BIRD accepts them in any order.
  answers.set('show route protocol AS65001_1 all', readFixture('rs-09').reply);
  answers.set('show route protocol AS65001_1 filtered all', readFixture('rs-11').reply);
  answers.set('configure', readFixture('rs-46').reply);
  for (const [command, answer] of extra) answers.set(command, answer);
  server = await BirdReplayServer.start(join(directory, 'bird.ctl'), answers, options);
  return server;
}

describe('BirdClient against recorded replies', () => {
  it('greets, reads the version and parses `show status`', async () => {
    const fake = await startServer();
    const client = await BirdClient.connect(fake.socketPath);
    expect(client.version).toBe('2.0.12');
    await expect(client.status()).resolves.toMatchObject({ routerId: '127.0.0.1', isUp: true });
    await client.close();
  });

  it("streams routes of a protocol after checking the name against BIRD's list", async () => {
    const fake = await startServer();
    const client = await BirdClient.connect(fake.socketPath);
    const routes = [];
    for await (const route of client.routes({ protocol: 'AS65001_1', detail: true })) routes.push(route);
    expect(routes.map((route) => route.prefix)).toEqual([
      '10.1.3.0/24',
      '10.1.4.0/24',
      '10.1.5.0/24',
      '10.1.0.0/24',
      '10.1.1.0/24',
    ]);
    expect(routes[0]?.bgp?.communities).toHaveLength(90);
    expect(fake.received).toEqual(['show protocols', 'show route protocol AS65001_1 all']);

    const filtered = [];
    for await (const route of client.routes({ protocol: 'AS65001_1', filtered: true, detail: true }))
      filtered.push(route);
    expect(filtered.map((route) => route.bgp?.largeCommunities)).toEqual([
      [[65000, 1101, 3]],
      [[65000, 1101, 1]],
    ]);
    // The protocol list is cached, so the second query costs one command.
    expect(fake.received).toHaveLength(3);
    await client.close();
  });

  it('refuses an unknown protocol or table without sending a route command', async () => {
    const fake = await startServer();
    const client = await BirdClient.connect(fake.socketPath);
    await expect(client.countRoutes({ protocol: 'AS64999_1' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(client.routes({ table: 'nosuch' }).next()).rejects.toMatchObject({ code: 'not_found' });
    await expect(client.routes({ protocol: 'AS65001_1\nshow status' }).next()).rejects.toMatchObject({
      code: 'invalid_value',
    });
    expect(fake.received).toEqual(['show protocols', 'show symbols table']);
    await client.close();
  });

  it('parses replies that arrive a few bytes at a time', async () => {
    const fake = await startServer([], { chunkBytes: 7 });
    const client = await BirdClient.connect(fake.socketPath);
    await expect(client.protocol('AS65001_1')).resolves.toMatchObject({
      bgp: { neighborAs: 65001 },
      channels: [{ routes: { filtered: 2 } }],
    });
    const routes = [];
    for await (const route of client.routes({ prefix: '10.1.0.0/24', detail: true })) routes.push(route);
    expect(routes.map((route) => [route.protocol, route.isPrimary])).toEqual([
      ['AS65001_1', true],
      ['AS65002_1', false],
    ]);
    await client.close();
  });

  it('counts routes and treats "Network not found" as no routes', async () => {
    const fake = await startServer();
    const client = await BirdClient.connect(fake.socketPath);
    await expect(client.countRoutes()).resolves.toMatchObject({
      routes: 8,
      networks: 7,
      tables: [{ table: 'master4' }, { table: 'master6' }],
    });
    await expect(client.countRoutes({ protocol: 'AS65001_1' })).resolves.toMatchObject({
      routes: 5,
      totalRoutes: 8,
    });
    const routes = [];
    for await (const route of client.routes({ for: '10.9.9.9' })) routes.push(route);
    expect(routes).toEqual([]);
    await client.close();
  });

  it('turns BIRD error replies into BirdErrors naming the code and command', async () => {
    const fake = await startServer([
      ['show protocols', readFixture('rs-02').reply.replace('AS65003_1', 'NOPE     ')],
    ]);
    const client = await BirdClient.connect(fake.socketPath);
    const error = await client
      .routes({ protocol: 'NOPE' })
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BirdError);
    expect(error).toMatchObject({
      failure: 'reply',
      birdCode: 9001,
      command: 'show route protocol NOPE',
      code: 'upstream_failed',
    });
    // The connection stays usable after an error reply.
    await expect(client.status()).resolves.toMatchObject({ isUp: true });
    await client.close();
  });

  it('reports spontaneous lines separately and still parses the reply after them', async () => {
    const messages: string[] = [];
    const fake = await startServer([['show route count', readFixture('rs-908').reply]]);
    const client = await BirdClient.connect(fake.socketPath, {
      onAsyncMessage: (text) => messages.push(text),
    });
    await expect(client.countRoutes()).resolves.toMatchObject({ routes: 0, totalRoutes: 200008 });
    expect(messages).toEqual(['filters, line 1: No route to access']);
    await client.close();
  });

  it("restricts a read-only connection and returns BIRD's refusal of configure", async () => {
    const fake = await startServer();
    const client = await BirdClient.connect(fake.socketPath, { restricted: true });
    expect(fake.received).toEqual(['restrict']);
    await expect(client.configure()).resolves.toEqual({
      ok: false,
      birdCode: 8007,
      message: 'Access denied',
    });
    await client.close();
  });

  it('times out when BIRD goes silent, and the connection is then unusable', async () => {
    const fake = await startServer([['show status', { silence: true }]]);
    const client = await BirdClient.connect(fake.socketPath, { timeoutMs: 150 });
    await expect(client.status()).rejects.toMatchObject({ failure: 'timeout', command: 'show status' });
    expect(client.isUsable).toBe(false);
    await expect(client.countRoutes()).rejects.toBeInstanceOf(BirdError);
  });

  it('fails clearly when the socket is closed mid-reply or absent', async () => {
    const fake = await startServer([['show status', { close: true }]]);
    const client = await BirdClient.connect(fake.socketPath);
    await expect(client.status()).rejects.toMatchObject({ failure: 'closed' });
    await expect(BirdClient.connect(join(directory, 'absent.ctl'))).rejects.toMatchObject({
      failure: 'connect',
    });
  });

  it('never pipelines: concurrent calls on one client wait their turn', async () => {
    const fake = await startServer([], { replyDelayMs: 20 });
    const client = await BirdClient.connect(fake.socketPath);
    const results = await Promise.all([
      client.status(),
      client.countRoutes(),
      client.status(),
      client.protocols(),
    ]);
    expect(results[1]).toMatchObject({ routes: 8 });
    expect(results[3]).toHaveLength(6);
    expect(fake.pipelined).toBe(0);
    await client.close();
  });

  it('closes the connection when a route stream is abandoned half-way', async () => {
    // The reply without its final line: BIRD still sending when the reader stops.
    const unfinished = readFixture('rs-09').reply.replace(/0000 \n$/, '');
    const fake = await startServer([['show route protocol AS65001_1 all', unfinished]]);
    const client = await BirdClient.connect(fake.socketPath);
    for await (const route of client.routes({ protocol: 'AS65001_1', detail: true })) {
      expect(route.prefix).toBe('10.1.3.0/24');
      break;
    }
    expect(client.isUsable).toBe(false);
  });

  it('keeps the connection when the stream was read to its end', async () => {
    const fake = await startServer();
    const client = await BirdClient.connect(fake.socketPath);
    const prefixes = [];
    for await (const route of client.routes({ protocol: 'AS65001_1', detail: true }))
      prefixes.push(route.prefix);
    expect(prefixes).toHaveLength(5);
    expect(client.isUsable).toBe(true);
    await client.close();
  });
});

describe('BirdClientPool', () => {
  it('serves many callers with at most `size` connections, one command at a time each', async () => {
    const fake = await startServer([], { replyDelayMs: 10 });
    const pool = new BirdClientPool(fake.socketPath, { size: 2 });
    const statuses = await Promise.all(Array.from({ length: 6 }, () => pool.use((bird) => bird.status())));
    expect(statuses.every((status) => status.isUp)).toBe(true);
    expect(fake.peakConnections).toBe(2);
    expect(fake.pipelined).toBe(0);
    await pool.close();
  });

  it('replaces a connection that broke', async () => {
    const unfinished = readFixture('rs-09').reply.replace(/0000 \n$/, '');
    const fake = await startServer([['show route protocol AS65001_1 all', unfinished]]);
    const pool = new BirdClientPool(fake.socketPath, { size: 1 });
    for await (const route of pool.routes({ protocol: 'AS65001_1', detail: true })) {
      expect(route.protocol).toBe('AS65001_1');
      break;
    }
    await expect(pool.use((bird) => bird.countRoutes())).resolves.toMatchObject({ routes: 8 });
    expect(
      fake.received.filter((command) => command === 'show status' || command === 'show route count'),
    ).toEqual(['show route count']);
    await pool.close();
    await expect(pool.use((bird) => bird.status())).rejects.toMatchObject({ failure: 'closed' });
  });
});
