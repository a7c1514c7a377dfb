import { notFound } from '@ixora/errors';
import { birdReplyError } from './bird.errors.js';
import {
  checkSymbol,
  configureCommand,
  reloadInCommand,
  showProtocolsCommand,
  showRouteCommand,
  showStatusCommand,
  showSymbolsCommand,
  type BirdCommand,
  type RouteQuery,
} from './bird-command.builder.js';
import { parseConfigureResult } from './bird-configure.parser.js';
import { BirdConnection, type BirdConnectionOptions } from './bird.connection.js';
import { parseProtocolDetails, parseProtocols } from './bird-protocols.parser.js';
import type { BirdReplyLine } from './bird-reply.reader.js';
import { parseRouteCount } from './bird-route-count.parser.js';
import { BirdRouteParser } from './bird-route.parser.js';
import { parseStatus } from './bird-status.parser.js';
import type {
  BirdConfigureResult,
  BirdProtocol,
  BirdProtocolDetail,
  BirdRoute,
  BirdRouteCount,
  BirdStatus,
} from './bird.types.js';

export interface BirdClientOptions extends BirdConnectionOptions {
  /**
   * How long the protocol and table lists used to check names stay fresh. Default 5 s: long
   * enough that a looking-glass page does not ask twice, short enough to see a reconfiguration.
   */
  readonly symbolCacheMs?: number;
}

const NETWORK_NOT_FOUND = 8001;
const NO_PROTOCOLS_MATCH = 8003;
const FIRST_ERROR_CODE = 8000;
const RELOADING = 15;
const NOT_RELOADED = 8;

interface Cached<T> {
  readonly value: Promise<T>;
  readonly expiresAt: number;
}

/**
 * A typed client of one BIRD 2 control socket (one connection; see `BirdClientPool` for several).
 * Commands are built only from typed arguments; protocol and table names are checked against
 * BIRD's own lists before they are sent.
 */
export class BirdClient {
  private protocolList: Cached<readonly BirdProtocol[]> | undefined;
  private tableList: Cached<readonly string[]> | undefined;

  private constructor(
    private readonly connection: BirdConnection,
    private readonly symbolCacheMs: number,
  ) {}

  static async connect(socketPath: string, options: BirdClientOptions = {}): Promise<BirdClient> {
    return new BirdClient(await BirdConnection.open(socketPath, options), options.symbolCacheMs ?? 5_000);
  }

  /** BIRD's version from its greeting, e.g. "2.0.12". */
  get version(): string {
    return this.connection.version;
  }

  get isUsable(): boolean {
    return this.connection.isUsable;
  }

  /** `show status`; also the liveness check (`isUp`). */
  async status(): Promise<BirdStatus> {
    return parseStatus(await this.run(showStatusCommand()));
  }

  /** `show protocols`. */
  async protocols(): Promise<BirdProtocol[]> {
    const protocols = parseProtocols(await this.run(showProtocolsCommand()));
    this.protocolList = { value: Promise.resolve(protocols), expiresAt: Date.now() + this.symbolCacheMs };
    return protocols;
  }

  /** `show protocols all`: every protocol with details and channels. */
  async protocolDetails(): Promise<BirdProtocolDetail[]> {
    return parseProtocolDetails(await this.run(showProtocolsCommand({ all: true }), [NO_PROTOCOLS_MATCH]));
  }

  /** `show protocols all NAME`; `not_found` when BIRD has no such protocol. */
  async protocol(name: string): Promise<BirdProtocolDetail> {
    await this.checkProtocol('protocol', name);
    const [detail] = parseProtocolDetails(await this.run(showProtocolsCommand({ all: true, name })));
    if (!detail) throw notFound('protocol', name);
    return detail;
  }

  /** Routing table names (`show symbols table`). */
  async tables(): Promise<string[]> {
    const lines = await this.run(showSymbolsCommand('table'));
    const tables = lines
      .filter((line) => line.code === 1010)
      .map((line) => line.text.trim().split(/\s+/)[0] ?? '');
    this.tableList = { value: Promise.resolve(tables), expiresAt: Date.now() + this.symbolCacheMs };
    return tables;
  }

  /**
   * `show route …` as a stream: routes are parsed line by line as BIRD sends them. A network that
   * does not exist (`8001 Network not found`) is an empty stream. Stopping early closes the
   * connection (the rest of the reply is not read).
   */
  async *routes(query: RouteQuery): AsyncGenerator<BirdRoute, void, undefined> {
    const command = await this.routeCommand(query, false);
    const parser = new BirdRouteParser();
    for await (const batch of this.connection.exchange(command)) {
      const routes: BirdRoute[] = [];
      for (const line of batch) {
        if (line.isFinal && line.code >= FIRST_ERROR_CODE) {
          if (line.code === NETWORK_NOT_FOUND) return;
          throw birdReplyError(line.code, line.text, command.text);
        }
        const route = parser.push(line);
        if (route) routes.push(route);
      }
      yield* routes;
    }
    const last = parser.finish();
    if (last) yield last;
  }

  /**
   * `show route …` as BIRD's reply lines, in the batches they arrive in, without parsing them into
   * routes: for readers that parse only what they need (the looking glass's snapshot). The same
   * checks and errors as `routes`; `8001 Network not found` is an empty stream.
   */
  async *routeLines(query: RouteQuery): AsyncGenerator<readonly BirdReplyLine[], void, undefined> {
    const command = await this.routeCommand(query, false);
    for await (const batch of this.connection.exchange(command)) {
      const final = batch[batch.length - 1];
      if (final?.isFinal && final.code >= FIRST_ERROR_CODE) {
        if (batch.length > 1) yield batch.slice(0, -1);
        if (final.code === NETWORK_NOT_FOUND) return;
        throw birdReplyError(final.code, final.text, command.text);
      }
      yield batch;
    }
  }

  /** `show route … count`. */
  async countRoutes(query: Omit<RouteQuery, 'detail'> = {}): Promise<BirdRouteCount> {
    const lines = await this.run(await this.routeCommand(query, true), [NETWORK_NOT_FOUND]);
    return parseRouteCount(lines);
  }

  /** `configure check ["FILE"]`: BIRD parses the file (its current one without FILE) and changes nothing. */
  async configureCheck(file?: string): Promise<BirdConfigureResult> {
    return this.configureWith({ check: true, ...(file !== undefined && { file }) });
  }

  /** `configure ["FILE"]`: BIRD parses the file and, if it is valid, switches to it. */
  async configure(file?: string): Promise<BirdConfigureResult> {
    const result = await this.configureWith({ check: false, ...(file !== undefined && { file }) });
    this.protocolList = undefined;
    this.tableList = undefined;
    return result;
  }

  /**
   * `reload in PROTOCOL`: the protocol's import filter runs again over the routes BIRD holds; the
   * session is not restarted. BIRD answers `0015 NAME: reloading`, or `0008 NAME: already
   * disabled` for a protocol that is not up (its routes are gone, nothing to re-evaluate).
   */
  async reloadIn(protocol: string): Promise<{ readonly isReloaded: boolean; readonly message: string }> {
    const lines = await this.run(reloadInCommand(protocol));
    const answer = lines.find((line) => line.code === RELOADING || line.code === NOT_RELOADED);
    return { isReloaded: answer?.code === RELOADING, message: answer?.text ?? '' };
  }

  /** Closes the connection; resolves once the socket is closed. */
  close(): Promise<void> {
    return this.connection.close();
  }

  private async configureWith(options: { check: boolean; file?: string }): Promise<BirdConfigureResult> {
    // Every final code is a result here: 8002 is the config error, others (8007 …) say why not.
    const lines: BirdReplyLine[] = [];
    for await (const batch of this.connection.exchange(configureCommand(options))) lines.push(...batch);
    return parseConfigureResult(lines);
  }

  private async routeCommand(query: RouteQuery, count: boolean): Promise<BirdCommand> {
    // Build first: it validates every value before BIRD is asked for its lists.
    const command = showRouteCommand(query, { count });
    if (query.protocol !== undefined) await this.checkProtocol('protocol', query.protocol);
    if (query.export !== undefined) await this.checkProtocol('export', query.export);
    if (query.noexport !== undefined) await this.checkProtocol('noexport', query.noexport);
    if (query.table !== undefined) await this.checkTable(query.table);
    return command;
  }

  private async checkProtocol(field: string, name: string): Promise<void> {
    checkSymbol(field, name);
    if (!this.protocolList || this.protocolList.expiresAt <= Date.now()) await this.protocols();
    const protocols = await (this.protocolList as Cached<readonly BirdProtocol[]>).value;
    if (!protocols.some((protocol) => protocol.name === name)) throw notFound('protocol', name);
  }

  private async checkTable(name: string): Promise<void> {
    checkSymbol('table', name);
    if (!this.tableList || this.tableList.expiresAt <= Date.now()) await this.tables();
    const tables = await (this.tableList as Cached<readonly string[]>).value;
    if (!tables.includes(name)) throw notFound('table', name);
  }

  /** Runs a command with a small reply; an 8xxx/9xxx final line throws unless its code is allowed. */
  private async run(command: BirdCommand, allowedErrors: readonly number[] = []): Promise<BirdReplyLine[]> {
    const lines = await this.connection.send(command);
    const final = lines[lines.length - 1];
    if (final && final.code >= FIRST_ERROR_CODE && !allowedErrors.includes(final.code)) {
      throw birdReplyError(final.code, final.text, command.text);
    }
    return lines;
  }
}
