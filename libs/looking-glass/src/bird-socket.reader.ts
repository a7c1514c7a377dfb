import { BirdClientPool, type RouteQuery } from '@ixora/bird-client';
import type { BirdProtocolDetail, BirdRoute, BirdStatus } from '@ixora/bird-client';
import type { RouteRead, RouteServerReader } from './route-server.reader.js';

export interface BirdSocketReaderOptions {
  /** Connections at most (the budget: no more than 2 concurrent commands per BIRD). */
  readonly connections?: number;
  readonly timeoutMs?: number;
}

/** BIRD's `show route` query for a read; whole tables in every table (`table all`), with attributes. */
export function routeQueryOf(read: RouteRead): RouteQuery {
  switch (read.kind) {
    case 'accepted':
      return { allTables: true, detail: true };
    case 'filtered':
      return { allTables: true, filtered: true, detail: true };
    case 'export':
      return { export: read.protocol, detail: true };
    case 'noexport':
      return { noexport: read.protocol, detail: true };
  }
}

/**
 * Reads a local BIRD through its control socket: a pool of at most two restricted connections,
 * so BIRD itself refuses anything but reads (`restrict`, BIRD 2 user guide "Remote control").
 */
export class BirdSocketReader implements RouteServerReader {
  private readonly pool: BirdClientPool;

  constructor(
    readonly target: string,
    options: BirdSocketReaderOptions = {},
  ) {
    this.pool = new BirdClientPool(target, {
      size: Math.min(options.connections ?? 2, 2),
      timeoutMs: options.timeoutMs ?? 10_000,
      restricted: true,
    });
  }

  status(): Promise<BirdStatus> {
    return this.pool.use((bird) => bird.status());
  }

  protocols(): Promise<BirdProtocolDetail[]> {
    return this.pool.use((bird) => bird.protocolDetails());
  }

  routes(read: RouteRead): AsyncIterable<BirdRoute> {
    return this.pool.routes(routeQueryOf(read));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
