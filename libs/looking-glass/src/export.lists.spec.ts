import type { BirdRoute } from '@ixora/bird-client';
import { EXPORT_WINDOW_ROUTES, ExportLists } from './export.lists.js';
import type { LgNeighbor } from './lg.types.js';
import { PUBLIC_VIEWER } from './lg.types.js';
import { LookingGlassService } from './looking-glass.service.js';
import type { RouteRead } from './route-server.reader.js';
import { RecordedReader, recordedRoutes, RECORDED } from './testing/recorded.reader.js';

const now = new Date('2026-11-29T02:10:06Z');

/** The recorded reader, with an export list of `size` routes (the recorded route under other prefixes). */
class LongExportReader extends RecordedReader {
  routesSent = 0;
  constructor(private readonly size: number) {
    super();
  }

  override async *routes(read: RouteRead): AsyncGenerator<BirdRoute> {
    if (read.kind !== 'export') {
      yield* super.routes(read);
      return;
    }
    this.reads.push(`export ${read.protocol}`);
    const [template] = recordedRoutes(RECORDED.export.AS65002_1);
    for (let i = 0; i < this.size; i += 1) {
      await Promise.resolve();
      this.routesSent += 1;
      yield { ...template!, prefix: `10.${i >> 8}.${i & 255}.0/24` };
    }
  }
}

describe('ExportLists', () => {
  it("answers every page of a neighbor's exported routes from one read, equal to reading each page", async () => {
    const reader = new RecordedReader();
    const lg = new LookingGlassService(
      {
        routeServers: () => Promise.resolve([{ id: 'rs1', asn: 65000, socketPath: '/x', agentUrl: null }]),
        hiddenAsns: () => Promise.resolve(new Set()),
      },
      { refreshIntervalMs: 60_000, cacheTtlMs: 15_000, createReader: () => reader, now: () => now },
    );
    await lg.refresh();
    const whole = await lg.routes(
      'rs1',
      'AS65002_1',
      'exported',
      { page: 0, pageSize: 100 },
      undefined,
      PUBLIC_VIEWER,
    );
    const second = await lg.routes(
      'rs1',
      'AS65002_1',
      'exported',
      { page: 1, pageSize: 1 },
      undefined,
      PUBLIC_VIEWER,
    );
    const first = await lg.routes(
      'rs1',
      'AS65002_1',
      'exported',
      { page: 0, pageSize: 1 },
      undefined,
      PUBLIC_VIEWER,
    );
    expect(reader.reads.filter((read) => read.startsWith('export'))).toEqual(['export AS65002_1']);
    expect(whole.exported!.length).toBeGreaterThan(1);
    expect(first.exported).toEqual(whole.exported!.slice(0, 1));
    expect(second.exported).toEqual(whole.exported!.slice(1, 2));
    // The total, as for a page read on its own: the neighbor's counter, or what BIRD listed if more.
    const total = Math.max(1, whole.neighbor.routes_exported);
    expect(first.pagination).toEqual({ page: 0, page_size: 1, total_pages: total, total_results: total });
    expect(second.api.result_from_cache).toBe(true);
    expect(whole.api.result_from_cache).toBe(false);
  });

  it('reads the top of a long list once, and again twice as far for a page past it', async () => {
    const reader = new LongExportReader(10 * EXPORT_WINDOW_ROUTES);
    const lists = new ExportLists(15_000, () => now);
    const neighbor = { id: 'AS65002_1' } as LgNeighbor;
    const rs = { id: 'rs1', asn: 65000 };
    const top = await lists.page(rs, reader, neighbor, 0, 100);
    expect(top?.routes.map((route) => route.network)).toEqual(
      Array.from({ length: 100 }, (_, i) => `10.0.${i}.0/24`),
    );
    expect(top?.matched).toBe(100);
    const last = await lists.page(rs, reader, neighbor, EXPORT_WINDOW_ROUTES - 100, EXPORT_WINDOW_ROUTES);
    expect(last?.routes[0]?.network).toBe(
      `10.${(EXPORT_WINDOW_ROUTES - 100) >> 8}.${(EXPORT_WINDOW_ROUTES - 100) & 255}.0/24`,
    );
    expect(last?.isFromCache).toBe(true);
    expect(reader.reads).toEqual(['export AS65002_1']);
    expect(reader.routesSent).toBe(EXPORT_WINDOW_ROUTES);
    const past = await lists.page(rs, reader, neighbor, EXPORT_WINDOW_ROUTES, EXPORT_WINDOW_ROUTES + 100);
    expect(past?.routes).toHaveLength(100);
    expect(past?.isFromCache).toBe(false);
    const further = await lists.page(
      rs,
      reader,
      neighbor,
      2 * EXPORT_WINDOW_ROUTES - 1,
      2 * EXPORT_WINDOW_ROUTES,
    );
    expect(further?.isFromCache).toBe(true);
    expect(reader.reads).toEqual(['export AS65002_1', 'export AS65002_1']);
    expect(reader.routesSent).toBe(3 * EXPORT_WINDOW_ROUTES);
  });

  it('does not keep a read that failed', async () => {
    const reader = new LongExportReader(10);
    const failing = Object.assign(Object.create(reader) as LongExportReader, {
      async *routes(): AsyncGenerator<BirdRoute> {
        await Promise.resolve();
        if (reader.isDown) yield* [];
        throw new Error('control socket error: EPIPE');
      },
    });
    const lists = new ExportLists(15_000, () => now);
    const neighbor = { id: 'AS65002_1' } as LgNeighbor;
    await expect(lists.page({ id: 'rs1', asn: 65000 }, failing, neighbor, 0, 5)).rejects.toThrow(/EPIPE/);
    const page = await lists.page({ id: 'rs1', asn: 65000 }, reader, neighbor, 0, 5);
    expect(page?.routes).toHaveLength(5);
  });
});
