import { isIxoraError } from '@ixora/errors';
import { PUBLIC_VIEWER, type LgViewer } from './lg.types.js';
import { LookingGlassService } from './looking-glass.service.js';
import type { LgDirectory, LgRouteServerEntry } from './snapshot.refresher.js';
import { RecordedReader } from './testing/recorded.reader.js';

// The recordings' route server is AS65000 with members AS65001 (Member One), AS65002 and AS65003 (down).
const rs1: LgRouteServerEntry = { id: 'rs1', asn: 65000, socketPath: '/run/bird/rs1.ctl', agentUrl: null };
const now = new Date('2026-11-29T02:10:06Z');
const page = { page: 0, pageSize: 100 };

function setUp(
  options: { hidden?: number[]; entries?: LgRouteServerEntry[]; names?: Map<number, string> } = {},
): {
  lg: LookingGlassService;
  reader: RecordedReader;
} {
  const reader = new RecordedReader();
  const directory: LgDirectory = {
    routeServers: () => Promise.resolve(options.entries ?? [rs1]),
    hiddenAsns: () => Promise.resolve(new Set(options.hidden ?? [])),
    ...(options.names ? { memberNames: () => Promise.resolve(options.names!) } : {}),
  };
  const lg = new LookingGlassService(directory, {
    refreshIntervalMs: 60_000,
    cacheTtlMs: 15_000,
    createReader: () => reader,
    now: () => now,
  });
  return { lg, reader };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isIxoraError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('succeeded');
}

describe('LookingGlassService over recorded BIRD replies', () => {
  it('lists the route server with its status and counts, and when it was read', async () => {
    const { lg } = setUp();
    await lg.refresh();
    const { routeservers, api } = await lg.routeServers();
    expect(routeservers).toEqual([
      expect.objectContaining({
        id: 'rs1',
        asn: 65000,
        status: 'up',
        version: '2.0.12',
        neighbor_count: 3,
        filtered_count: 2,
      }),
    ]);
    expect(api.read_at).toBe(now.toISOString());
    expect(api.cache_status.orig_ttl).toBe(15);
  });

  it('lists BGP neighbors only, with state, uptime, description, last error and counts per family', async () => {
    const { lg } = setUp();
    await lg.refresh();
    const { neighbors } = await lg.neighbors('rs1', PUBLIC_VIEWER);
    expect(neighbors.map((n) => n.id)).toEqual(['AS65001_1', 'AS65002_1', 'AS65003_1']);
    expect(neighbors[0]).toMatchObject({
      asn: 65001,
      address: '127.0.0.2',
      state: 'up',
      bgp_state: 'Established',
      description: 'Member One Ltd',
      uptime: 600,
      routes_accepted: 5,
      routes_filtered: 2,
      routes_received: 7,
      routes_exported: 1,
      routes_per_family: { ipv4: { received: 7, accepted: 5, filtered: 2, exported: 1 } },
    });
    expect(neighbors[2]).toMatchObject({
      asn: 65003,
      state: 'start',
      last_error: 'Socket: Connection refused',
    });
  });

  it('shows filtered routes with their reason in words, and accepted routes searchable by prefix', async () => {
    const { lg } = setUp();
    await lg.refresh();
    const filtered = await lg.routes('rs1', 'AS65001_1', 'filtered', page, undefined, PUBLIC_VIEWER);
    expect(filtered.filtered?.map((r) => [r.network, r.reason?.key])).toEqual([
      ['10.1.2.0/25', 'prefix_too_long'],
      ['10.255.1.0/24', 'bogon_prefix'],
    ]);
    expect(filtered.filtered?.[0]?.community_meanings).toEqual([
      { community: '65000:1101:1', meaning: 'prefix is longer than allowed' },
    ]);
    const received = await lg.routes('rs1', 'AS65001_1', 'received', page, '10.1.4.9', PUBLIC_VIEWER);
    expect(received.imported?.map((r) => r.network)).toEqual(['10.1.4.0/24']);
    expect(received.pagination).toEqual({ page: 0, page_size: 100, total_pages: 1, total_results: 1 });
  });

  it("shows the member's name as written in ixora rather than BIRD's ASCII-only description", async () => {
    const { lg } = setUp({ names: new Map([[65001, 'Réseau Ωmega "Kigali"']]) });
    await lg.refresh();
    const { neighbors } = await lg.neighbors('rs1', PUBLIC_VIEWER);
    expect(neighbors[0]?.description).toBe('AS65001 Réseau Ωmega "Kigali"');
    expect(neighbors[1]?.description).not.toMatch(/Ωmega/);
  });

  it('paginates', async () => {
    const { lg } = setUp();
    await lg.refresh();
    const all = await lg.routes('rs1', 'AS65001_1', 'received', page, undefined, PUBLIC_VIEWER);
    const second = await lg.routes(
      'rs1',
      'AS65001_1',
      'received',
      { page: 1, pageSize: 2 },
      undefined,
      PUBLIC_VIEWER,
    );
    expect(second.imported).toEqual(all.imported?.slice(2, 4));
    expect(second.pagination.total_pages).toBe(Math.ceil((all.imported?.length ?? 0) / 2));
  });

  it("reads a neighbor's not-exported routes from BIRD once per cache period", async () => {
    const { lg, reader } = setUp();
    await lg.refresh();
    const first = await lg.routes('rs1', 'AS65002_1', 'not-exported', page, undefined, PUBLIC_VIEWER);
    const second = await lg.routes('rs1', 'AS65002_1', 'not-exported', page, undefined, PUBLIC_VIEWER);
    expect(first.not_exported?.length).toBeGreaterThan(0);
    expect(second.api.result_from_cache).toBe(true);
    expect(reader.reads.filter((read) => read.startsWith('noexport'))).toEqual(['noexport AS65002_1']);
  });

  it('hides a hidden member from the public, not from staff or the member itself', async () => {
    const { lg } = setUp({ hidden: [65001] });
    await lg.refresh();
    const ids = async (viewer: LgViewer): Promise<string[]> =>
      (await lg.neighbors('rs1', viewer)).neighbors.map((n) => n.id);
    expect(await ids(PUBLIC_VIEWER)).toEqual(['AS65002_1', 'AS65003_1']);
    expect(await ids({ kind: 'staff' })).toContain('AS65001_1');
    expect(await ids({ kind: 'member', asn: 65001 })).toContain('AS65001_1');
    expect(await ids({ kind: 'member', asn: 65002 })).not.toContain('AS65001_1');
    expect(
      (await failure(lg.routes('rs1', 'AS65001_1', 'filtered', page, undefined, PUBLIC_VIEWER))).code,
    ).toBe('invalid_value');
    const lookup = await lg.lookup('10.1.2.7', page, PUBLIC_VIEWER);
    expect(lookup.filtered.routes).toEqual([]);
    expect(
      (await lg.lookup('10.1.2.7', page, { kind: 'staff' })).filtered.routes.map((r) => r.network),
    ).toEqual(['10.1.2.0/25']);
  });

  it('looks up an address (covering prefixes), a prefix (covering and more-specific) and an origin ASN', async () => {
    const { lg } = setUp();
    await lg.refresh();
    const address = await lg.lookup('10.1.2.7', page, PUBLIC_VIEWER);
    expect(address.query.kind).toBe('address');
    expect(address.filtered.routes.map((r) => [r.network, r.reason?.key])).toEqual([
      ['10.1.2.0/25', 'prefix_too_long'],
    ]);
    const prefix = await lg.lookup('10.1.0.0/16', page, PUBLIC_VIEWER);
    expect(prefix.imported.routes.map((r) => r.network)).toEqual(
      expect.arrayContaining(['10.1.0.0/24', '10.1.3.0/24']),
    );
    expect(prefix.imported.routes.every((r) => r.network.startsWith('10.1.'))).toBe(true);
    const origin = await lg.lookup('AS64999', page, PUBLIC_VIEWER);
    expect(origin.imported.routes.map((r) => r.network)).toEqual(['10.1.5.0/24']);
  });

  it('shows a route server that does not answer as unreachable, not as an empty table', async () => {
    const { lg, reader } = setUp();
    reader.isDown = true;
    await lg.refresh();
    const { routeservers } = await lg.routeServers();
    expect(routeservers[0]).toMatchObject({
      status: 'unreachable',
      error: expect.stringContaining('ENOENT'),
    });
    expect(await failure(lg.neighbors('rs1', PUBLIC_VIEWER))).toMatchObject({ code: 'upstream_failed' });
    const lookup = await lg.lookup('10.1.2.7', page, PUBLIC_VIEWER);
    expect(lookup.unavailable).toEqual([
      { route_server_id: 'rs1', error: expect.stringContaining('unreachable') },
    ]);
  });

  it('answers unknown route servers (not_found) and neighbors (invalid_value) before any read', async () => {
    const { lg, reader } = setUp();
    await lg.refresh();
    const before = reader.reads.length;
    expect((await failure(lg.neighbors('rs9', PUBLIC_VIEWER))).code).toBe('not_found');
    expect(
      (await failure(lg.routes('rs1', 'AS65009_1', 'exported', page, undefined, PUBLIC_VIEWER))).code,
    ).toBe('invalid_value');
    expect(
      (await failure(lg.routes('rs1', 'AS65001_1; configure', 'exported', page, undefined, PUBLIC_VIEWER)))
        .code,
    ).toBe('invalid_value');
    expect(reader.reads.length).toBe(before);
  });

  it('reads a route server without socket or agent through BIRD_SOCKET, and one with an agent URL through the agent', async () => {
    const targets: string[] = [];
    const directory: LgDirectory = {
      routeServers: () =>
        Promise.resolve([
          { id: 'local', asn: 65000, socketPath: null, agentUrl: null },
          { id: 'remote', asn: 65000, socketPath: null, agentUrl: 'https://rs2.example.net:8443' },
        ]),
      hiddenAsns: () => Promise.resolve(new Set<number>()),
    };
    const lg = new LookingGlassService(directory, {
      refreshIntervalMs: 60_000,
      cacheTtlMs: 0,
      defaultSocket: '/run/bird/bird.ctl',
      createReader: (entry, target) => {
        targets.push(`${entry.id} ${target.kind === 'socket' ? target.path : target.url}`);
        return new RecordedReader();
      },
    });
    await lg.refresh();
    expect(targets).toEqual(['local /run/bird/bird.ctl', 'remote https://rs2.example.net:8443']);
  });
});

describe('LookingGlassService background refresh', () => {
  it('survives a failing directory and keeps the last snapshot', async () => {
    const reader = new RecordedReader();
    let isDatabaseDown = false;
    const directory: LgDirectory = {
      routeServers: () =>
        isDatabaseDown ? Promise.reject(new Error('database is down')) : Promise.resolve([rs1]),
      hiddenAsns: () => Promise.resolve(new Set<number>()),
    };
    const lg = new LookingGlassService(directory, {
      refreshIntervalMs: 5,
      cacheTtlMs: 0,
      createReader: () => reader,
    });
    lg.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    isDatabaseDown = true;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lg.directoryError).toBe('database is down');
    expect((await lg.neighbors('rs1', PUBLIC_VIEWER)).neighbors).toHaveLength(3);
    await lg.stop();
  });
});
