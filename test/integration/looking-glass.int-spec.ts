import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BirdClient } from '@ixora/bird-client';
import { filterReason } from '@ixora/bird-config';
import { LookingGlassService, PUBLIC_VIEWER, type LgDirectory } from '@ixora/looking-glass';
import {
  benchPrefix,
  membersConfig,
  routeServerConfig,
  RS_ASN,
  startBird,
  type BenchExchange,
} from '../../bench/support/lg-bench.bird.js';

// The looking glass against live BIRD 2 daemons (no root needed): a route server with three
// member sessions on 127.0.0.0/8, every 10th route a /25 it filters with reason RS:1101:1.

const hasBird = !spawnSync('bird', ['--version']).error;
if (!hasBird)
  console.warn(
    'skipping live looking-glass tests: the `bird` binary (Debian package bird2) is not installed',
  );
const describeLive = hasBird ? describe : describe.skip;

const exchange: BenchExchange = {
  neighbors: 3,
  routesPerNeighbor: 40,
  filteredEvery: 10,
  exportingNeighbors: 1,
  port: 40_000 + Math.floor(Math.random() * 20_000),
};
const page = { page: 0, pageSize: 100 };

describeLive('looking glass on a live BIRD', () => {
  let dir: string;
  let rs: Awaited<ReturnType<typeof startBird>>;
  let members: Awaited<ReturnType<typeof startBird>>;
  let lg: LookingGlassService;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixora-lg-live-'));
    rs = await startBird(dir, 'rs', routeServerConfig(exchange));
    members = await startBird(dir, 'members', membersConfig(exchange));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const bird = await BirdClient.connect(rs.socketPath, { timeoutMs: 5_000 });
        const accepted = (await bird.countRoutes({ table: 'master4' })).routes;
        const filtered = (await bird.countRoutes({ table: 'master4', filtered: true })).routes;
        await bird.close();
        if (accepted + filtered === exchange.neighbors * exchange.routesPerNeighbor) break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error('the route server did not receive every route within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const directory: LgDirectory = {
      routeServers: () =>
        Promise.resolve([{ id: 'rs1', asn: RS_ASN, socketPath: rs.socketPath, agentUrl: null }]),
      hiddenAsns: () => Promise.resolve(new Set<number>()),
    };
    lg = new LookingGlassService(directory, { refreshIntervalMs: 60_000, cacheTtlMs: 15_000 });
    await lg.refresh();
  }, 90_000);

  afterAll(async () => {
    await lg?.stop();
    for (const bird of [rs, members]) bird?.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the sessions with their counts', async () => {
    const { neighbors } = await lg.neighbors('rs1', PUBLIC_VIEWER);
    expect(neighbors.map((n) => [n.id, n.asn, n.bgp_state, n.description])).toEqual([
      ['AS65001_v4_1', 65001, 'Established', 'Bench member 1'],
      ['AS65002_v4_2', 65002, 'Established', 'Bench member 2'],
      ['AS65003_v4_3', 65003, 'Established', 'Bench member 3'],
    ]);
    for (const neighbor of neighbors) {
      expect(neighbor.routes_per_family.ipv4).toMatchObject({ received: 40, accepted: 36, filtered: 4 });
      expect(neighbor.uptime).toBeGreaterThanOrEqual(0);
    }
  });

  it('shows the filtered /25s of a neighbor with their reason', async () => {
    const res = await lg.routes('rs1', 'AS65002_v4_2', 'filtered', page, undefined, PUBLIC_VIEWER);
    const expected = Array.from({ length: 40 }, (_, k) => 40 + k)
      .filter((n) => n % exchange.filteredEvery === 0)
      .map((n) => benchPrefix(n, exchange.filteredEvery));
    expect(res.filtered?.map((r) => r.network).sort()).toEqual(expected.sort());
    const reason = filterReason('prefix_too_long');
    for (const route of res.filtered ?? [])
      expect(route.reason).toEqual({ code: reason.code, key: reason.key, words: reason.words });
  });

  it('looks up an address inside a filtered /25', async () => {
    const filteredPrefix = benchPrefix(50, exchange.filteredEvery);
    const address = filteredPrefix.replace(/\.128\/25$/, '.200');
    const lookup = await lg.lookup(address, page, PUBLIC_VIEWER);
    expect(lookup.filtered.routes.map((r) => [r.network, r.neighbor_id, r.reason?.key])).toEqual([
      [filteredPrefix, 'AS65002_v4_2', 'prefix_too_long'],
    ]);
  });

  it('reads exported and not-exported routes from BIRD', async () => {
    const exported = await lg.routes(
      'rs1',
      'AS65001_v4_1',
      'exported',
      { page: 0, pageSize: 10 },
      undefined,
      PUBLIC_VIEWER,
    );
    expect(exported.exported).toHaveLength(10);
    expect(exported.pagination.total_results).toBe(72);
    expect(exported.exported?.every((r) => r.neighbor_id !== 'AS65001_v4_1')).toBe(true);
    const notExported = await lg.routes(
      'rs1',
      'AS65002_v4_2',
      'not-exported',
      page,
      undefined,
      PUBLIC_VIEWER,
    );
    expect(notExported.pagination.total_results).toBe(72);
  });

  it('shows the route server as unreachable once BIRD is gone', async () => {
    rs.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await lg.refresh();
    const { routeservers } = await lg.routeServers();
    expect(routeservers[0]).toMatchObject({ status: 'unreachable', route_count: 0 });
    await expect(lg.neighbors('rs1', PUBLIC_VIEWER)).rejects.toThrow(/unreachable/);
  });
});
