import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BirdClient, BirdClientPool, type BirdRoute } from '@ixora/bird-client';

/**
 * The client against live BIRD 2 daemons: a "route server" (AS64500) and a "member" (AS64501)
 * with a BGP session over 127.0.0.1 <-> 127.0.0.2, each with its own control socket in a temp
 * directory. Static and BGP protocols only, so no root is needed.
 */
const BIRD_BINARY =
  process.env.BIRD_BINARY ??
  ['bird', '/usr/sbin/bird'].find((candidate) => !spawnSync(candidate, ['--version']).error);
const hasBird = BIRD_BINARY !== undefined && !spawnSync(BIRD_BINARY, ['--version']).error;
if (!hasBird)
  console.warn('skipping live BIRD tests: the `bird` binary (Debian package bird2) is not installed');
const describeLive = hasBird ? describe : describe.skip;

const BULK_ROUTES = 20_000;

function routeServerConfig(port: number): string {
  return `router id 127.0.0.1;
timeformat base iso long;
timeformat protocol iso long;
timeformat route iso long;
attribute int lg_tag;
protocol device { }
ipv4 table igp4;
ipv4 table bulk4;
protocol static igp_lo { ipv4 { table igp4; }; route 127.0.0.0/8 via "lo"; }
filter import_m1 {
  if net.len > 24 then { bgp_large_community.add((64500, 1101, 1)); reject; }
  accept;
}
filter export_m1 {
  if (0, 64501) ~ bgp_community then { bgp_large_community.add((64500, 1102, 4)); reject; }
  accept;
}
protocol static local4 {
  ipv4;
  route 198.51.100.0/24 blackhole { bgp_community.add((64500, 1)); bgp_large_community.add((64500, 2, 3)); };
  route 198.51.100.128/25 blackhole { bgp_community.add((0, 64501)); };
}
protocol static local6 {
  ipv6;
  route 2001:db8:1::/48 blackhole { lg_tag = 7; bgp_path.prepend(64510); bgp_path.prepend(64511); bgp_large_community.add((64500, 6, 6)); };
}
protocol static bulk {
  ipv4 { table bulk4; };
  include "bulk.inc";
}
protocol bgp M1 {
  description "Member One";
  local 127.0.0.1 port ${port} as 64500;
  neighbor 127.0.0.2 port ${port} as 64501;
  multihop 2;
  strict bind on;
  rs client;
  ipv4 { import keep filtered on; import filter import_m1; export filter export_m1; igp table igp4; };
}
`;
}

function memberConfig(port: number): string {
  return `router id 127.0.0.2;
protocol device { }
ipv4 table igp4;
protocol static igp_lo { ipv4 { table igp4; }; route 127.0.0.0/8 via "lo"; }
protocol static announce {
  ipv4;
  route 192.0.2.0/24 blackhole {
    bgp_path.prepend(64501); bgp_community.add((64501, 100));
    bgp_ext_community.add((rt, 64501, 7)); bgp_large_community.add((64501, 1, 1));
  };
  route 192.0.2.128/25 blackhole;
  route 203.0.113.0/24 blackhole { bgp_community.add((0, 64501)); };
}
protocol bgp RS {
  local 127.0.0.2 port ${port} as 64501;
  neighbor 127.0.0.1 port ${port} as 64500;
  multihop 2;
  strict bind on;
  ipv4 { import all; export all; igp table igp4; };
}
`;
}

function bulkRoutes(count: number): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1)
    lines.push(`route 10.${index >> 8}.${index & 255}.0/24 blackhole;`);
  return `${lines.join('\n')}\n`;
}

/** A TCP port free on both 127.0.0.1 and 127.0.0.2 right now. */
async function freePort(): Promise<number> {
  const listen = (host: string, port: number): Promise<number | undefined> =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, host, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
      });
    });
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await listen('127.0.0.2', 0);
    if (port !== undefined && (await listen('127.0.0.1', port)) !== undefined) return port;
  }
  throw new Error('no free TCP port on 127.0.0.1 and 127.0.0.2');
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `timed out waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
  );
}

interface RunningBird {
  readonly process: ChildProcess;
  readonly socketPath: string;
  stderr: string;
}

function startBird(directory: string, name: string): RunningBird {
  const socketPath = join(directory, `${name}.ctl`);
  const child = spawn(
    BIRD_BINARY as string,
    ['-f', '-c', `${name}.conf`, '-s', socketPath, '-P', join(directory, `${name}.pid`)],
    {
      cwd: directory,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const bird: RunningBird = { process: child, socketPath, stderr: '' };
  child.stderr?.on('data', (chunk: Buffer) => (bird.stderr += chunk.toString()));
  return bird;
}

async function stopBird(bird: RunningBird | undefined): Promise<void> {
  const child = bird?.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

async function collect(routes: AsyncIterable<BirdRoute>): Promise<BirdRoute[]> {
  const all: BirdRoute[] = [];
  for await (const route of routes) all.push(route);
  return all;
}

describeLive('BirdClient against a live BIRD 2', () => {
  let directory: string;
  let routeServer: RunningBird | undefined;
  let member: RunningBird | undefined;
  let client: BirdClient;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ixora-bird-live-'));
    const port = await freePort();
    await writeFile(join(directory, 'rs.conf'), routeServerConfig(port));
    await writeFile(join(directory, 'bulk.inc'), bulkRoutes(BULK_ROUTES));
    await writeFile(join(directory, 'm1.conf'), memberConfig(port));
    await writeFile(
      join(directory, 'broken.conf'),
      'router id 127.0.0.1;\nprotocol device { }\nprotocol static s { ipv4; route 10.0.0.0/33 blackhole; }\n',
    );
    routeServer = startBird(directory, 'rs');
    member = startBird(directory, 'm1');
    const rs = routeServer;
    client = await until(
      `BIRD's socket (${rs.stderr})`,
      () => BirdClient.connect(rs.socketPath, { timeoutMs: 5_000 }),
      10_000,
    );
    await until(
      'the BGP session to come up',
      async () =>
        (await client.protocols()).find((p) => p.name === 'M1')?.info === 'Established' ? true : undefined,
      30_000,
    );
    // Established comes a moment before the member's routes are imported.
    await until(
      "the member's routes",
      async () => ((await client.countRoutes({ protocol: 'M1' })).routes === 2 ? true : undefined),
      10_000,
    );
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await stopBird(member);
    await stopBird(routeServer);
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('reads the status and version', async () => {
    expect(client.version).toMatch(/^2\./);
    await expect(client.status()).resolves.toMatchObject({
      routerId: '127.0.0.1',
      isUp: true,
      message: 'Daemon is up and running',
    });
  });

  it('reads protocols and the details of an established BGP session', async () => {
    const protocols = await client.protocols();
    expect(protocols.map((p) => [p.name, p.proto, p.state])).toEqual([
      ['device1', 'Device', 'up'],
      ['igp_lo', 'Static', 'up'],
      ['local4', 'Static', 'up'],
      ['local6', 'Static', 'up'],
      ['bulk', 'Static', 'up'],
      ['M1', 'BGP', 'up'],
    ]);
    const m1 = await client.protocol('M1');
    expect(m1).toMatchObject({
      description: 'Member One',
      bgp: {
        state: 'Established',
        neighborAddress: '127.0.0.2',
        neighborAs: 64501,
        localAs: 64500,
        neighborId: '127.0.0.2',
      },
    });
    expect(m1.bgp?.session).toContain('route-server');
    expect(m1.channels[0]).toMatchObject({
      name: 'ipv4',
      inputFilter: 'import_m1',
      outputFilter: 'export_m1',
      routes: { imported: 2, filtered: 1 },
    });
    await expect(client.protocol('M2')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reads received routes with their BGP attributes', async () => {
    const routes = await collect(client.routes({ protocol: 'M1', detail: true }));
    const byPrefix = new Map(routes.map((route) => [route.prefix, route]));
    expect([...byPrefix.keys()].sort()).toEqual(['192.0.2.0/24', '203.0.113.0/24']);
    expect(byPrefix.get('192.0.2.0/24')).toMatchObject({
      table: 'master4',
      protocol: 'M1',
      from: '127.0.0.2',
      isPrimary: true,
      originAsn: 64501,
      source: 'BGP',
      bgp: {
        origin: 'IGP',
        asPath: [64501, 64501],
        nextHop: ['127.0.0.2'],
        localPref: 100,
        communities: [[64501, 100]],
        extendedCommunities: [{ kind: 'rt', admin: '64501', value: '7' }],
        largeCommunities: [[64501, 1, 1]],
      },
    });
    expect(byPrefix.get('192.0.2.0/24')?.since).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('shows filtered routes with the reason community, and routes not exported', async () => {
    const filtered = await collect(client.routes({ protocol: 'M1', filtered: true, detail: true }));
    expect(filtered.map((route) => [route.prefix, route.bgp?.largeCommunities])).toEqual([
      ['192.0.2.128/25', [[64500, 1101, 1]]],
    ]);
    const notExported = await collect(client.routes({ noexport: 'M1', detail: true }));
    expect(notExported.map((route) => [route.prefix, route.bgp?.largeCommunities])).toEqual([
      ['198.51.100.128/25', [[64500, 1102, 4]]],
    ]);
    const exported = await collect(client.routes({ export: 'M1' }));
    expect(exported.map((route) => route.prefix)).toEqual(['198.51.100.0/24']);
  });

  it('looks up one network and the best match for an address', async () => {
    const [exact, ...none] = await collect(client.routes({ prefix: '198.51.100.0/24', detail: true }));
    expect(none).toEqual([]);
    expect(exact).toMatchObject({ protocol: 'local4', type: 'blackhole', source: 'static', preference: 200 });
    expect(exact?.bgp?.communities).toEqual([[64500, 1]]);
    const [covering] = await collect(client.routes({ for: '198.51.100.200' }));
    expect(covering?.prefix).toBe('198.51.100.128/25');
    await expect(collect(client.routes({ for: '100.64.0.1' }))).resolves.toEqual([]);
  });

  it('reads IPv6 routes, user-defined attributes, and every table in one stream', async () => {
    const [route, ...none] = await collect(client.routes({ prefix: '2001:db8:1::/48', detail: true }));
    expect(none).toEqual([]);
    expect(route).toMatchObject({
      table: 'master6',
      prefix: '2001:db8:1::/48',
      type: 'blackhole',
      source: 'static',
    });
    expect(route?.attributes['lg_tag']).toBe('7');
    expect(route?.bgp).toMatchObject({ asPath: [64511, 64510], largeCommunities: [[64500, 6, 6]] });
    const [covering] = await collect(client.routes({ for: '2001:db8:1:2::1' }));
    expect(covering?.prefix).toBe('2001:db8:1::/48');

    const everything = await collect(client.routes({ detail: true }));
    const count = await client.countRoutes();
    expect(everything).toHaveLength(count.routes);
    expect(new Set(everything.map((r) => r.table))).toEqual(new Set(['master4', 'master6']));
    expect(everything.filter((r) => r.table === 'master6').map((r) => r.prefix)).toEqual(['2001:db8:1::/48']);
  });

  it('counts routes', async () => {
    await expect(client.countRoutes({ protocol: 'M1' })).resolves.toMatchObject({
      routes: 2,
      tables: [{ table: 'master4' }],
    });
    await expect(client.countRoutes({ filtered: true })).resolves.toMatchObject({ routes: 1 });
    const everywhere = await client.countRoutes({ allTables: true });
    expect(everywhere.tables.map((table) => table.table).sort()).toEqual([
      'bulk4',
      'igp4',
      'master4',
      'master6',
    ]);
    expect(everywhere.tables.find((table) => table.table === 'bulk4')?.routes).toBe(BULK_ROUTES);
    expect(everywhere.tables.find((table) => table.table === 'master6')?.routes).toBe(1);
    await expect(client.countRoutes({ table: 'bulk4' })).resolves.toEqual({
      tables: [{ table: 'bulk4', routes: BULK_ROUTES, totalRoutes: BULK_ROUTES, networks: BULK_ROUTES }],
      routes: BULK_ROUTES,
      totalRoutes: BULK_ROUTES,
      networks: BULK_ROUTES,
    });
  });

  it(`streams a ${BULK_ROUTES}-route table through a pool`, async () => {
    const pool = new BirdClientPool(routeServer?.socketPath as string, { size: 2, restricted: true });
    try {
      let count = 0;
      const seen = new Set<string>();
      const types = new Set<string>();
      for await (const route of pool.routes({ table: 'bulk4' })) {
        count += 1;
        seen.add(route.prefix);
        types.add(route.type);
      }
      expect(types).toEqual(new Set(['blackhole']));
      expect(count).toBe(BULK_ROUTES);
      expect(seen.size).toBe(BULK_ROUTES);
      const [status, tables] = await Promise.all([
        pool.use((bird) => bird.status()),
        pool.use((bird) => bird.tables()),
      ]);
      expect(status.isUp).toBe(true);
      expect(tables).toEqual(expect.arrayContaining(['master4', 'igp4', 'bulk4']));
    } finally {
      await pool.close();
    }
  }, 30_000);

  it("checks and applies configurations, reporting BIRD's error with its line", async () => {
    await expect(client.configureCheck()).resolves.toMatchObject({
      ok: true,
      status: 'checked',
      file: 'rs.conf',
    });
    await expect(client.configureCheck(join(directory, 'broken.conf'))).resolves.toMatchObject({
      ok: false,
      birdCode: 8002,
      file: join(directory, 'broken.conf'),
      line: 3,
      column: 17,
      reason: expect.stringMatching(/^syntax error/),
      message: expect.stringMatching(/broken\.conf:3:17 syntax error/),
    });
    await expect(client.configureCheck(join(directory, 'absent.conf'))).resolves.toEqual({
      ok: false,
      birdCode: 8002,
      file: join(directory, 'absent.conf'),
      message: `${join(directory, 'absent.conf')}: No such file or directory`,
      reason: 'No such file or directory',
    });
    await expect(client.configure(join(directory, 'broken.conf'))).resolves.toMatchObject({
      ok: false,
      birdCode: 8002,
    });
    await expect(client.configure(join(directory, 'rs.conf'))).resolves.toMatchObject({
      ok: true,
      status: 'reconfigured',
    });
    await expect(client.status()).resolves.toMatchObject({ isUp: true });
  });

  it('refuses to configure over a restricted connection', async () => {
    const readOnly = await BirdClient.connect(routeServer?.socketPath as string, { restricted: true });
    try {
      await expect(readOnly.configure()).resolves.toEqual({
        ok: false,
        birdCode: 8007,
        message: 'Access denied',
      });
      await expect(readOnly.countRoutes({ protocol: 'M1' })).resolves.toMatchObject({ routes: 2 });
    } finally {
      await readOnly.close();
    }
  });
});
