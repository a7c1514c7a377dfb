import { BirdClient, type BirdClientOptions } from './bird.client.js';
import { BirdError } from './bird.errors.js';
import type { RouteQuery } from './bird-command.builder.js';
import type { BirdRoute } from './bird.types.js';

export interface BirdClientPoolOptions extends BirdClientOptions {
  /** Connections at most; BIRD serves its socket from one thread, so a few are plenty. Default 2. */
  readonly size?: number;
}

/**
 * A few `BirdClient` connections to one socket, opened on demand and reused. Each call of `use`
 * has a connection to itself until its promise settles; a connection that broke is replaced.
 */
export class BirdClientPool {
  private readonly size: number;
  private readonly idle: BirdClient[] = [];
  private readonly waiters: Array<() => void> = [];
  private openCount = 0;
  private isClosed = false;

  constructor(
    private readonly socketPath: string,
    private readonly options: BirdClientPoolOptions = {},
  ) {
    this.size = options.size ?? 2;
    if (!Number.isInteger(this.size) || this.size < 1)
      throw new BirdError('connect', `pool size must be a positive integer, not ${this.size}`);
  }

  async use<T>(work: (client: BirdClient) => Promise<T>): Promise<T> {
    const client = await this.acquire();
    try {
      return await work(client);
    } finally {
      this.release(client);
    }
  }

  /** `BirdClient.routes` on a pooled connection, held until the stream ends or is abandoned. */
  async *routes(query: RouteQuery): AsyncGenerator<BirdRoute, void, undefined> {
    const client = await this.acquire();
    try {
      yield* client.routes(query);
    } finally {
      this.release(client);
    }
  }

  /** Closes idle connections now (resolving when they are closed) and busy ones when they are released. */
  async close(): Promise<void> {
    this.isClosed = true;
    for (const wake of this.waiters.splice(0)) wake();
    const idle = this.idle.splice(0);
    this.openCount -= idle.length;
    await Promise.all(idle.map((client) => client.close()));
  }

  private async acquire(): Promise<BirdClient> {
    for (;;) {
      if (this.isClosed) throw new BirdError('closed', 'the BIRD connection pool is closed');
      const idle = this.idle.pop();
      if (idle) {
        if (idle.isUsable) return idle;
        this.openCount -= 1;
        void idle.close();
        continue;
      }
      if (this.openCount < this.size) {
        this.openCount += 1;
        try {
          return await BirdClient.connect(this.socketPath, this.options);
        } catch (error) {
          this.openCount -= 1;
          this.waiters.shift()?.();
          throw error;
        }
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private release(client: BirdClient): void {
    if (this.isClosed || !client.isUsable) {
      this.openCount -= 1;
      void client.close();
    } else {
      this.idle.push(client);
    }
    this.waiters.shift()?.();
  }
}
