import { BirdClient, BirdError, type RouteQuery } from '@ixora/bird-client';
import type { BirdProtocolDetail, BirdReplyLine, BirdRoute, BirdStatus } from '@ixora/bird-client';
import type { RouteRead, RouteServerReader } from './route-server.reader.js';

export interface BirdSocketReaderOptions {
  /** Connections at most, 1 or 2 (the budget: no more than 2 concurrent commands per BIRD). */
  readonly connections?: number;
  readonly timeoutMs?: number;
}

const CLOSE_SETTLE_MS = 10;

/** BIRD's `show route` query for a read, with attributes. */
export function routeQueryOf(read: RouteRead): RouteQuery {
  switch (read.kind) {
    case 'accepted':
      return { table: read.table, detail: true };
    case 'filtered':
      return { table: read.table, filtered: true, detail: true };
    case 'export':
      return { export: read.protocol, detail: true };
    case 'noexport':
      return { noexport: read.protocol, detail: true };
  }
}

/**
 * Reads a local BIRD through its control socket over at most two restricted connections, so BIRD
 * itself refuses anything but reads (`restrict`, BIRD 2 user guide "Remote control").
 *
 * The connections are managed here rather than by `BirdClientPool` because of abandoned streams:
 * the only way to stop BIRD sending a table is to close the connection, and a slot is given to the
 * next command only once that socket has closed — so BIRD never has a third command running.
 */
export class BirdSocketReader implements RouteServerReader {
  private readonly size: number;
  private readonly idle: BirdClient[] = [];
  private readonly waiters: Array<() => void> = [];
  /** Slots held: connections in use, being opened, or closing. */
  private held = 0;
  private isClosed = false;

  constructor(
    readonly target: string,
    private readonly options: BirdSocketReaderOptions = {},
  ) {
    this.size = Math.max(1, Math.min(options.connections ?? 2, 2));
  }

  status(): Promise<BirdStatus> {
    return this.use((bird) => bird.status());
  }

  protocols(): Promise<BirdProtocolDetail[]> {
    return this.use((bird) => bird.protocolDetails());
  }

  async *routes(read: RouteRead): AsyncGenerator<BirdRoute, void, undefined> {
    const client = await this.acquire();
    let isComplete = false;
    try {
      yield* client.routes(routeQueryOf(read));
      isComplete = true;
    } finally {
      // An abandoned stream leaves BIRD mid-reply: that connection is closed, never reused.
      await this.release(client, !isComplete);
    }
  }

  /** BIRD's reply lines of a read, unparsed (see `BirdClient.routeLines`), on the same connections as `routes`. */
  async *routeLines(read: RouteRead): AsyncGenerator<readonly BirdReplyLine[], void, undefined> {
    const client = await this.acquire();
    let isComplete = false;
    try {
      yield* client.routeLines(routeQueryOf(read));
      isComplete = true;
    } finally {
      await this.release(client, !isComplete);
    }
  }

  async close(): Promise<void> {
    this.isClosed = true;
    for (const wake of this.waiters.splice(0)) wake();
    await Promise.all(this.idle.splice(0).map((client) => client.close()));
  }

  private async use<T>(work: (client: BirdClient) => Promise<T>): Promise<T> {
    const client = await this.acquire();
    try {
      return await work(client);
    } finally {
      await this.release(client);
    }
  }

  private async acquire(): Promise<BirdClient> {
    while (this.held >= this.size && !this.isClosed)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.isClosed)
      throw new BirdError('closed', `the looking glass closed its connections to ${this.target}`);
    this.held += 1;
    try {
      for (let idle = this.idle.pop(); idle; idle = this.idle.pop()) {
        if (idle.isUsable) return idle;
        await this.closeClient(idle);
      }
      return await BirdClient.connect(this.target, {
        timeoutMs: this.options.timeoutMs ?? 10_000,
        restricted: true,
      });
    } catch (error) {
      this.free();
      throw error;
    }
  }

  private async release(client: BirdClient, isBroken = false): Promise<void> {
    try {
      if (client.isUsable && !isBroken && !this.isClosed) this.idle.push(client);
      else await this.closeClient(client);
    } finally {
      this.free();
    }
  }

  private async closeClient(client: BirdClient): Promise<void> {
    await client.close();
    // Give BIRD (and anything between) a moment to see the close before the slot opens a new
    // connection; only abandoned streams and broken connections pay it.
    await new Promise((resolve) => setTimeout(resolve, CLOSE_SETTLE_MS));
    // And one more turn of the event loop after it, so its poll phase has seen the close too
    // when this process's loop was busy past the timer (a relay or agent in the same process).
    await new Promise((resolve) => setImmediate(resolve));
  }

  private free(): void {
    this.held -= 1;
    this.waiters.shift()?.();
  }
}
