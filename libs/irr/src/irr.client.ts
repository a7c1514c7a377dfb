import net from 'node:net';
import { IxoraError, invalidValue } from '@ixora/errors';
import { IrrAnswerReader, IrrProtocolViolation, type IrrAnswer } from './irr-answer.reader.js';

export interface IrrClientOptions {
  readonly host: string;
  readonly port: number;
  /** Sources selected with `!s` for queries that do not name their own; empty: the server's default. */
  readonly sources: readonly string[];
  readonly connectTimeoutMs: number;
  /** Longest wait for the next byte while answers are outstanding. */
  readonly queryTimeoutMs: number;
  /** Largest single answer accepted; a larger one fails the query (and its connection). */
  readonly maxAnswerBytes: number;
  /** Upper bound on TCP connections open to the server at once. */
  readonly maxConnections: number;
  /** Queries written ahead on one connection before waiting for answers. */
  readonly pipelineDepth: number;
  /** Retries of a query after a connection failure, timeout or garbled answer. */
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** Sent with `!n` so server operators can see who queries them. */
  readonly clientName: string;
}

export const DEFAULT_IRR_CLIENT_OPTIONS: Omit<IrrClientOptions, 'host' | 'port'> = Object.freeze({
  sources: [],
  connectTimeoutMs: 10_000,
  queryTimeoutMs: 60_000,
  maxAnswerBytes: 128 * 1024 * 1024,
  maxConnections: 4,
  pipelineDepth: 256,
  maxRetries: 3,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 8_000,
  clientName: 'ixora',
});

/** Why a query failed; `retryable` failures are retried by the client before they reach callers. */
export class IrrQueryError extends IxoraError {
  constructor(
    message: string,
    readonly query: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super('upstream_failed', message, { value: query }, options);
  }
}

interface Pending {
  readonly line: string;
  /** Internal `!s` switches resolve nothing for the caller. */
  readonly resolve: (answer: IrrAnswer) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One persistent (`!!`) connection. Queries are written ahead (pipelined, up to `pipelineDepth`)
 * and answered strictly in order, so a FIFO matches answers to queries. The selected sources are
 * connection state: a query for other sources is preceded by `!s` on the wire.
 */
class IrrConnection {
  private readonly socket: net.Socket;
  private readonly reader: IrrAnswerReader;
  private readonly inFlight: Pending[] = [];
  private readonly backlog: Pending[] = [];
  private selected: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failure: Error | undefined;
  readonly ready: Promise<void>;

  constructor(
    private readonly options: IrrClientOptions,
    private readonly onClosed: (connection: IrrConnection) => void,
  ) {
    this.reader = new IrrAnswerReader(options.maxAnswerBytes);
    this.socket = net.connect({ host: options.host, port: options.port });
    this.socket.setNoDelay(true);
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new IrrQueryError(
            `IRR server ${this.label} did not accept a connection within ${options.connectTimeoutMs} ms`,
            '',
            true,
          ),
        );
      }, options.connectTimeoutMs);
      this.socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.once('close', () => {
        clearTimeout(timer);
        reject(this.failure ?? new IrrQueryError(`IRR server ${this.label} closed the connection`, '', true));
      });
    });
    this.ready.catch(() => undefined);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) =>
      this.fail(new IrrQueryError(`IRR server ${this.label}: ${error.message}`, '', true, { cause: error })),
    );
    this.socket.on('close', () => {
      this.fail(new IrrQueryError(`IRR server ${this.label} closed the connection`, '', true));
      this.onClosed(this);
    });
    // Persistent mode, then our name; `!!` has no answer, `!n` answers C.
    this.socket.write('!!\n');
    this.enqueue(
      `!n${options.clientName}`,
      () => undefined,
      () => undefined,
    );
  }

  get label(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  get load(): number {
    return this.inFlight.length + this.backlog.length;
  }

  get isUsable(): boolean {
    return this.failure === undefined;
  }

  /** Enqueues synchronously (writes before the connection is up are buffered by the socket). */
  query(line: string, sources: readonly string[]): Promise<IrrAnswer> {
    return new Promise<IrrAnswer>((resolve, reject) => {
      const wanted = sources.join(',');
      let refusal: string | undefined;
      if (wanted !== '' && wanted !== this.selected) {
        this.selected = wanted;
        this.enqueue(
          `!s${wanted}`,
          (answer) => {
            if (answer.kind !== 'error') return;
            // The server kept its previous selection: the query must not run against it.
            this.selected = undefined;
            refusal = answer.message;
          },
          () => undefined,
        );
      }
      this.enqueue(
        line,
        (answer) => {
          if (refusal === undefined) resolve(answer);
          else resolve({ kind: 'error', message: `source selection !s${wanted} refused: ${refusal}` });
        },
        reject,
      );
    });
  }

  close(): void {
    if (this.failure === undefined && this.inFlight.length === 0) this.socket.write('!q\n');
    this.failure ??= new IrrQueryError('IRR client closed', '', false);
    this.socket.end();
    this.socket.destroy();
  }

  private enqueue(line: string, resolve: Pending['resolve'], reject: Pending['reject']): void {
    if (this.failure) {
      reject(this.failure);
      return;
    }
    const pending = { line, resolve, reject };
    if (this.inFlight.length < this.options.pipelineDepth) this.write(pending);
    else this.backlog.push(pending);
  }

  private write(pending: Pending): void {
    this.inFlight.push(pending);
    this.socket.write(`${pending.line}\n`);
    this.armTimer();
  }

  private onData(chunk: Buffer): void {
    let answers: IrrAnswer[];
    try {
      answers = this.reader.feed(chunk);
    } catch (error) {
      const reason = error instanceof IrrProtocolViolation ? error.message : String(error);
      this.fail(
        new IrrQueryError(
          `IRR server ${this.label} sent a malformed answer: ${reason}`,
          this.inFlight[0]?.line ?? '',
          true,
        ),
      );
      return;
    }
    for (const answer of answers) {
      const pending = this.inFlight.shift();
      if (!pending) {
        this.fail(new IrrQueryError(`IRR server ${this.label} sent an answer nobody asked for`, '', true));
        return;
      }
      pending.resolve(answer);
      const next = this.backlog.shift();
      if (next) this.write(next);
    }
    this.armTimer();
  }

  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight.length === 0 || this.failure) return;
    this.timer = setTimeout(() => {
      const line = this.inFlight[0]?.line ?? '';
      this.fail(
        new IrrQueryError(
          `IRR server ${this.label} sent nothing for ${this.options.queryTimeoutMs} ms (query ${line})`,
          line,
          true,
        ),
      );
    }, this.options.queryTimeoutMs);
  }

  private fail(error: Error): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.failure === undefined) this.failure = error;
    const waiting = [...this.inFlight.splice(0), ...this.backlog.splice(0)];
    for (const pending of waiting) pending.reject(this.failure);
    if (!this.socket.destroyed) this.socket.destroy();
  }
}

/**
 * An IRRd whois-protocol client (IRRd 4 "!" queries) over a bounded pool of persistent,
 * pipelined TCP connections. A query that fails because of its connection (refused, reset,
 * timeout, garbled answer) is retried on a fresh connection with exponential backoff; an `F`
 * answer is the server's verdict and is returned, not retried.
 */
export class IrrClient {
  readonly options: IrrClientOptions;
  private readonly connections: IrrConnection[] = [];
  private readonly waiting: Array<() => void> = [];
  private aggregateSupport: Promise<boolean> | undefined;
  private defaultSources: Promise<readonly string[]> | undefined;
  private closed = false;

  constructor(options: Partial<IrrClientOptions> & Pick<IrrClientOptions, 'host' | 'port'>) {
    this.options = Object.freeze({ ...DEFAULT_IRR_CLIENT_OPTIONS, ...options });
    const o = this.options;
    for (const [field, value] of Object.entries({
      connectTimeoutMs: o.connectTimeoutMs,
      queryTimeoutMs: o.queryTimeoutMs,
      maxAnswerBytes: o.maxAnswerBytes,
      maxConnections: o.maxConnections,
      pipelineDepth: o.pipelineDepth,
    })) {
      if (!Number.isInteger(value) || value < 1)
        throw invalidValue(field, value, 'must be a positive integer');
    }
    if (!Number.isInteger(o.maxRetries) || o.maxRetries < 0)
      throw invalidValue('maxRetries', o.maxRetries, 'must be 0 or more');
    if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535)
      throw invalidValue('port', o.port, 'is not a TCP port');
    for (const source of o.sources) {
      if (!/^[A-Za-z0-9_-]+$/.test(source))
        throw invalidValue('sources', source, 'is not an IRR source name');
    }
  }

  /**
   * Sends one query line (e.g. `!gAS64500`) with the given sources selected (default: the
   * client's), retrying connection-level failures. Resolves with the answer, `F` included.
   */
  async query(line: string, sources: readonly string[] = this.options.sources): Promise<IrrAnswer> {
    if (/[\r\n]/.test(line)) throw invalidValue('query', line, 'contains a line break');
    // The source selection is connection state: a connection that ran a pinned query (`!sRIPE`)
    // must select the server's default sources again before a query for "the default sources".
    // Asked before the first query of all, so it reads a connection that never ran `!s`.
    const defaults =
      this.options.sources.length > 0 ? this.options.sources : await this.serverDefaultSources();
    const effective = sources.length > 0 ? sources : defaults;
    return this.send(line, effective);
  }

  /**
   * The server's own source selection, asked once (`!s-lc`, as bgpq4 does) before any query, so
   * on a fresh connection. Empty when the server does not say: queries then keep the connection's
   * current selection, which is the default on connections that never ran a pinned query.
   */
  private serverDefaultSources(): Promise<readonly string[]> {
    this.defaultSources ??= this.send('!s-lc', []).then(
      (answer) =>
        answer.kind === 'data'
          ? answer.data
              .split(',')
              .map((source) => source.trim())
              .filter((source) => /^[A-Za-z0-9_-]+$/.test(source))
          : [],
      () => {
        this.defaultSources = undefined;
        return [];
      },
    );
    return this.defaultSources;
  }

  private async send(line: string, sources: readonly string[]): Promise<IrrAnswer> {
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

  /** Direct members of a set (`!iNAME`) or, recursively, its ASNs (`!iNAME,1`); undefined if unknown. */
  async setMembers(
    name: string,
    recursive: boolean,
    sources?: readonly string[],
  ): Promise<string[] | undefined> {
    const line = `!i${name}${recursive ? ',1' : ''}`;
    return this.words(line, await this.query(line, sources));
  }

  /** Prefixes of route (`!g`) or route6 (`!6`) objects with this origin. */
  async originPrefixes(asn: number, family: 4 | 6, sources?: readonly string[]): Promise<string[]> {
    const line = `${family === 4 ? '!g' : '!6'}AS${asn}`;
    return this.words(line, await this.query(line, sources)) ?? [];
  }

  /** Prefixes of every origin in the set, recursively (IRRd 4 `!a4`/`!a6`); undefined if unknown. */
  async setPrefixes(name: string, family: 4 | 6, sources?: readonly string[]): Promise<string[] | undefined> {
    const line = `!a${family}${name}`;
    return this.words(line, await this.query(line, sources));
  }

  /**
   * Whether the server answers `!a` (IRRd 4). Probed once, the way bgpq4 does: a bare `!a`
   * draws "F Missing required set name for A query" from a server that knows the command.
   */
  supportsAggregateQueries(): Promise<boolean> {
    this.aggregateSupport ??= this.query('!a').then(
      (answer) => answer.kind === 'error' && /missing required set name/i.test(answer.message),
    );
    return this.aggregateSupport;
  }

  /** Closes every connection; later queries fail. */
  close(): void {
    this.closed = true;
    for (const connection of this.connections.splice(0)) connection.close();
    for (const wake of this.waiting.splice(0)) wake();
  }

  get openConnections(): number {
    return this.connections.length;
  }

  private words(line: string, answer: IrrAnswer): string[] | undefined {
    switch (answer.kind) {
      case 'data':
        return splitWords(answer.data);
      case 'ok':
        return [];
      case 'not-found':
        return undefined;
      case 'error':
        throw new IrrQueryError(
          `IRR server ${this.options.host}:${this.options.port} refused ${line}: ${answer.message}`,
          line,
          false,
        );
    }
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

/**
 * IRRd separates the items of an answer with single spaces and ends it with a newline; a plain
 * split is several times faster than a regular expression on multi-megabyte answers, so other
 * whitespace only takes the slow path when present.
 */
function splitWords(data: string): string[] {
  const text = data.trim();
  if (text === '') return [];
  if (!/[\t\n\r]|  /.test(text)) return text.split(' ');
  return text.split(/\s+/);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
