import type { IrrAnswer } from './irr-answer.reader.js';
import type { IrrClientOptions } from './irr-client.options.js';
import { IrrConnection } from './irr.connection.js';
import { IrrQueryError } from './irr.errors.js';

/**
 * A bounded pool of persistent, pipelined connections to one IRR server. A query that fails
 * because of its connection (refused, reset, timeout, garbled answer) is retried on a fresh
 * connection with exponential backoff; an `F` answer is the server's verdict and is returned.
 */
export class IrrConnectionPool {
  private readonly connections: IrrConnection[] = [];
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(private readonly options: IrrClientOptions) {}

  get openConnections(): number {
    return this.connections.length;
  }

  /** Sends `line` with `sources` selected, retrying connection-level failures. */
  async send(line: string, sources: readonly string[]): Promise<IrrAnswer> {
    let attempt = 0;
    for (;;) {
      try {
        const connection = this.closed ? undefined : this.pick();
        return await (connection ?? (await this.acquire())).query(line, sources);
      } catch (error) {
        const retryable = error instanceof IrrQueryError && error.retryable;
        if (!retryable || attempt >= this.options.maxRetries || this.closed) {
          if (error instanceof IrrQueryError) {
            throw new IrrQueryError(
              `${error.message}${attempt > 0 ? ` (after ${attempt + 1} attempts)` : ''}`,
              line,
              false,
              { cause: error },
            );
          }
          throw error;
        }
        const delay = Math.min(this.options.retryMaxDelayMs, this.options.retryBaseDelayMs * 2 ** attempt);
        attempt++;
        await sleep(delay / 2 + Math.random() * (delay / 2));
      }
    }
  }

  /** Closes every connection; later sends fail. */
  close(): void {
    this.closed = true;
    for (const connection of this.connections.splice(0)) connection.close();
    for (const wake of this.waiting.splice(0)) wake();
  }

  /**
   * The connection for the next query: an idle one, else a new one while under maxConnections
   * (so one member's huge answer does not hold up everyone else's queries behind it), else the
   * least loaded, whose pipeline takes the query (beyond `pipelineDepth` it waits in order).
   * Synchronous, so a burst of queries spreads over connections as it is issued.
   */
  private pick(): IrrConnection | undefined {
    let idlest: IrrConnection | undefined;
    for (const connection of this.connections) {
      if (connection.isUsable && (!idlest || connection.load < idlest.load)) idlest = connection;
    }
    if (idlest && idlest.load === 0) return idlest;
    if (this.connections.length < this.options.maxConnections) {
      const connection = new IrrConnection(this.options, (closed) => this.release(closed));
      this.connections.push(connection);
      return connection;
    }
    return idlest;
  }

  private async acquire(): Promise<IrrConnection> {
    for (;;) {
      if (this.closed) throw new IrrQueryError('IRR client closed', '', false);
      const connection = this.pick();
      if (connection) return connection;
      // Every slot holds a connection that is failing right now: wait for one to go.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(connection: IrrConnection): void {
    const index = this.connections.indexOf(connection);
    if (index >= 0) this.connections.splice(index, 1);
    this.waiting.shift()?.();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
