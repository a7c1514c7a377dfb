import { invalidValue } from '@ixora/errors';
import type { IrrAnswer } from './irr-answer.reader.js';
import { isIrrSourceName, resolveIrrClientOptions, type IrrClientOptions } from './irr-client.options.js';
import { IrrConnectionPool } from './irr-connection.pool.js';
import { IrrQueryError } from './irr.errors.js';

/**
 * An IRRd whois-protocol client (IRRd 4 "!" queries): the typed queries over a pool of
 * persistent, pipelined connections (`irr-connection.pool.ts`, `irr.connection.ts`).
 */
export class IrrClient {
  readonly options: IrrClientOptions;
  private readonly pool: IrrConnectionPool;
  private aggregateSupport: Promise<boolean> | undefined;
  private defaultSources: Promise<readonly string[]> | undefined;

  constructor(options: Partial<IrrClientOptions> & Pick<IrrClientOptions, 'host' | 'port'>) {
    this.options = resolveIrrClientOptions(options);
    this.pool = new IrrConnectionPool(this.options);
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
    return this.pool.send(line, effective);
  }

  /**
   * The server's own source selection, asked once (`!s-lc`, as bgpq4 does) before any query, so
   * on a fresh connection. Empty when the server does not say: queries then keep the connection's
   * current selection, which is the default on connections that never ran a pinned query.
   */
  private serverDefaultSources(): Promise<readonly string[]> {
    this.defaultSources ??= this.pool.send('!s-lc', []).then(
      (answer) =>
        answer.kind === 'data'
          ? answer.data
              .split(',')
              .map((source) => source.trim())
              .filter(isIrrSourceName)
          : [],
      () => {
        this.defaultSources = undefined;
        return [];
      },
    );
    return this.defaultSources;
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
    this.pool.close();
  }

  get openConnections(): number {
    return this.pool.openConnections;
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
