import type { BirdStatus } from '@ixora/bird-client';
import { isNeighborProtocol, toLgNeighbor } from './lg-neighbor.mapper.js';
import { toLgRoute } from './lg-route.mapper.js';
import type { LgNeighbor } from './lg.types.js';
import { compareEntries, indexRoute, RouteIndex, type IndexedRoute } from './route.index.js';
import type { RouteServerReader } from './route-server.reader.js';
import { RouteInterner } from './route.interner.js';
import { SnapshotLineReader } from './snapshot.line-reader.js';

/** One complete read of a route server: status, BGP neighbors, and every accepted and filtered route. */
export interface RouteServerSnapshot {
  readonly readAt: Date;
  readonly status: BirdStatus;
  readonly neighbors: readonly LgNeighbor[];
  readonly neighborsById: ReadonlyMap<string, LgNeighbor>;
  /** Per neighbor (BIRD protocol), sorted by prefix. */
  readonly accepted: ReadonlyMap<string, readonly IndexedRoute[]>;
  readonly filtered: ReadonlyMap<string, readonly IndexedRoute[]>;
  readonly index: RouteIndex;
  readonly routeCount: number;
  readonly filteredCount: number;
  /** How long the read took, for the route-server list and the benchmark. */
  readonly readMs: number;
}

export interface SnapshotTarget {
  readonly id: string;
  readonly asn: number;
}

const YIELD_EVERY_ROUTES = 500;

function compareNeighbors(a: LgNeighbor, b: LgNeighbor): number {
  return a.asn - b.asn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Reads a whole route server through one connection at a time (status, protocols, the accepted
 * table, the filtered routes), so the snapshot leaves the second connection free for requests.
 * Routes are streamed into the index as they arrive; nothing holds BIRD's full text.
 */
export async function readSnapshot(
  reader: RouteServerReader,
  target: SnapshotTarget,
  now: () => Date = () => new Date(),
): Promise<RouteServerSnapshot> {
  const started = performance.now();
  const status = await reader.status();
  const protocols = await reader.protocols();
  const readAt = now();
  const neighbors = protocols
    .filter(isNeighborProtocol)
    .map((protocol) => toLgNeighbor(protocol, target.id, readAt))
    .sort(compareNeighbors);
  const index = new RouteIndex();
  const interner = new RouteInterner(target.asn);
  // The routing tables of the BGP sessions' channels (master4 and master6 for ixora's configs).
  const tables = [
    ...new Set(
      protocols
        .filter(isNeighborProtocol)
        .flatMap((protocol) =>
          protocol.channels.flatMap((channel) => (channel.table ? [channel.table] : [])),
        ),
    ),
  ].sort();
  let read = 0;
  const collect = async (isFiltered: boolean): Promise<Map<string, IndexedRoute[]>> => {
    const byNeighbor = new Map<string, IndexedRoute[]>();
    const keep = async (entry: IndexedRoute): Promise<void> => {
      index.add(entry);
      const list = byNeighbor.get(entry.neighborId);
      if (list) list.push(entry);
      else byNeighbor.set(entry.neighborId, [entry]);
      // The snapshot is read in the API's own process: let requests in between batches.
      if (++read % YIELD_EVERY_ROUTES === 0) await new Promise((resolve) => setImmediate(resolve));
    };
    const context = { routeServerId: target.id, rsAsn: target.asn, isFiltered, interner };
    for (const table of tables) {
      const routeRead = { kind: isFiltered ? 'filtered' : 'accepted', table } as const;
      if (reader.routeLines) {
        // A control socket: BIRD's lines, each distinct route description parsed once.
        const lines = new SnapshotLineReader(context);
        for await (const batch of reader.routeLines(routeRead)) {
          for (const line of batch) {
            const entry = lines.push(line);
            if (entry) await keep(entry);
          }
        }
        const last = lines.finish();
        if (last) await keep(last);
        continue;
      }
      for await (const route of reader.routes(routeRead)) {
        await keep(
          indexRoute(toLgRoute(route, context), isFiltered, (attributes) => interner.shared(attributes)),
        );
      }
    }
    for (const list of byNeighbor.values()) list.sort(compareEntries);
    return byNeighbor;
  };
  const accepted = await collect(false);
  const filtered = await collect(true);
  index.seal();
  const count = (map: Map<string, IndexedRoute[]>): number =>
    [...map.values()].reduce((sum, list) => sum + list.length, 0);
  return {
    readAt,
    status,
    neighbors,
    neighborsById: new Map(neighbors.map((neighbor) => [neighbor.id, neighbor])),
    accepted,
    filtered,
    index,
    routeCount: count(accepted),
    filteredCount: count(filtered),
    readMs: Math.round(performance.now() - started),
  };
}
