import { IxoraError } from '@ixora/errors';
import { AgentReader } from './agent.reader.js';
import { BirdSocketReader } from './bird-socket.reader.js';
import type { LgNeighbor } from './lg.types.js';
import type { IndexedRoute } from './route.index.js';
import type { RouteServerReader } from './route-server.reader.js';
import { readSnapshot, type RouteServerSnapshot } from './route-server.snapshot.js';

/** A route server as the looking glass needs it (the API maps its entity to this). */
export interface LgRouteServerEntry {
  /** The route server's name: its id in URLs. */
  readonly id: string;
  readonly asn: number;
  readonly socketPath: string | null;
  readonly agentUrl: string | null;
}

/** What one route server's latest snapshot holds, for metrics and readiness (no BIRD request). */
export interface LgSnapshotSummary {
  readonly routeServer: string;
  /** `up`: a snapshot was read; `unreachable`: the last read failed; `pending`: not read yet. */
  readonly status: 'up' | 'unreachable' | 'pending';
  readonly error: string | undefined;
  readonly readAt: Date | undefined;
  readonly neighbors: readonly LgNeighbor[];
  readonly routeCount: number;
  readonly filteredCount: number;
  /** Filtered routes by the reason key of their reject-reason community (`unknown` without one). */
  readonly filteredByReason: ReadonlyMap<string, number>;
}

/** Where the looking glass learns which route servers exist and which members hide from the public. */
export interface LgDirectory {
  routeServers(): Promise<readonly LgRouteServerEntry[]>;
  /** ASNs of members that hide their neighbors from the public view. */
  hiddenAsns(): Promise<ReadonlySet<number>>;
  /**
   * Members' names by ASN. BIRD only knows the ASCII-only description written into its config;
   * the looking glass shows the name as the member wrote it (pages escape it).
   */
  memberNames?(): Promise<ReadonlyMap<number, string>>;
}

export interface SnapshotRefresherOptions {
  /** How often each route server's table is read again. */
  readonly refreshIntervalMs: number;
  /** Socket of route servers with neither socket path nor agent URL (`BIRD_SOCKET`). */
  readonly defaultSocket?: string;
  /** Agent tokens by route-server name. */
  readonly agentTokens?: ReadonlyMap<string, string>;
  readonly readTimeoutMs?: number;
  /** Tests and the benchmark replace how readers are made. */
  readonly createReader?: (entry: LgRouteServerEntry, target: ReaderTarget) => RouteServerReader;
  readonly now?: () => Date;
}

export type ReaderTarget =
  { readonly kind: 'socket'; readonly path: string } | { readonly kind: 'agent'; readonly url: string };

/** One route server: where it is read, its reader, and its latest snapshot or why there is none. */
export interface RouteServerState {
  entry: LgRouteServerEntry;
  targetKey: string;
  reader: RouteServerReader | undefined;
  snapshot: RouteServerSnapshot | undefined;
  error: string | undefined;
  refreshing: Promise<void> | undefined;
}

/**
 * Reads every route server of the directory in the background into a snapshot (status,
 * neighbors, accepted and filtered routes), one read per route server at a time.
 */
export class SnapshotRefresher {
  private readonly states = new Map<string, RouteServerState>();
  private hiddenAsns: ReadonlySet<number> = new Set();
  private names: ReadonlyMap<number, string> = new Map();
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private isStopped = false;
  /** Why the last background refresh could not read the directory, if it could not. */
  directoryError: string | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly directory: LgDirectory,
    private readonly options: SnapshotRefresherOptions,
    /** Called after every completed refresh (answers cached from older snapshots are stale). */
    private readonly onRefreshed: () => void = () => undefined,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** ASNs of members hidden from the public, as of the last refresh. */
  get hidden(): ReadonlySet<number> {
    return this.hiddenAsns;
  }

  /** Members' names by ASN, as of the last refresh. */
  get memberNames(): ReadonlyMap<number, string> {
    return this.names;
  }

  /** Every route server, sorted by id. */
  all(): RouteServerState[] {
    return [...this.states.values()].sort((a, b) => a.entry.id.localeCompare(b.entry.id));
  }

  get(id: string): RouteServerState | undefined {
    return this.states.get(id);
  }

  /** Reads every route server now, then again every `refreshIntervalMs` (each finishes before the next starts). */
  start(): void {
    this.isStopped = false;
    const tick = (): void => {
      this.loop = this.refresh()
        .catch((error: unknown) => {
          // The directory (database) failed: keep the last snapshots and try again next time.
          this.directoryError = error instanceof Error ? error.message : String(error);
        })
        .finally(() => {
          if (!this.isStopped) {
            this.timer = setTimeout(tick, this.options.refreshIntervalMs);
            this.timer.unref();
          }
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.loop?.catch(() => undefined);
    await Promise.all(
      [...this.states.values()].map((state) =>
        (state.refreshing ?? Promise.resolve()).catch(() => undefined),
      ),
    );
    await Promise.all([...this.states.values()].map((state) => state.reader?.close() ?? Promise.resolve()));
    this.states.clear();
  }

  /** Every route server's latest snapshot in figures; waits for nothing. */
  snapshotSummaries(): LgSnapshotSummary[] {
    return [...this.states.values()].map((state) => ({
      routeServer: state.entry.id,
      status: state.snapshot ? 'up' : state.error ? 'unreachable' : 'pending',
      error: state.error,
      readAt: state.snapshot?.readAt,
      neighbors: state.snapshot?.neighbors ?? [],
      routeCount: state.snapshot?.routeCount ?? 0,
      filteredCount: state.snapshot?.filteredCount ?? 0,
      filteredByReason: countReasons(state.snapshot?.filtered),
    }));
  }

  /** Re-reads the directory and every route server's snapshot. */
  async refresh(): Promise<void> {
    const [entries, hidden, names] = await Promise.all([
      this.directory.routeServers(),
      this.directory.hiddenAsns(),
      this.directory.memberNames?.() ?? Promise.resolve(new Map<number, string>()),
    ]);
    this.directoryError = undefined;
    this.hiddenAsns = hidden;
    this.names = names;
    const seen = new Set<string>();
    for (const entry of entries) {
      seen.add(entry.id);
      const targetKey = `${entry.socketPath ?? ''}|${entry.agentUrl ?? ''}|${entry.asn}`;
      const state = this.states.get(entry.id);
      if (state && state.targetKey === targetKey) {
        state.entry = entry;
        continue;
      }
      void state?.reader?.close();
      this.states.set(entry.id, {
        entry,
        targetKey,
        reader: undefined,
        snapshot: undefined,
        error: undefined,
        refreshing: undefined,
      });
    }
    for (const [id, state] of this.states) {
      if (seen.has(id)) continue;
      void state.reader?.close();
      this.states.delete(id);
    }
    await Promise.all([...this.states.values()].map((state) => this.refreshOne(state)));
    this.onRefreshed();
  }

  /** The snapshot, waiting for the first read; an unreachable route server is an error, never an empty table. */
  async snapshotOf(state: RouteServerState): Promise<RouteServerSnapshot> {
    if (!state.snapshot && state.refreshing) await state.refreshing;
    if (state.snapshot) return state.snapshot;
    throw new IxoraError(
      'upstream_failed',
      `route server ${state.entry.id} is unreachable: ${state.error ?? 'not read yet'}`,
      {
        value: state.entry.id,
      },
    );
  }

  private refreshOne(state: RouteServerState): Promise<void> {
    state.refreshing ??= (async () => {
      try {
        state.reader ??= this.createReader(state.entry);
        state.snapshot = await readSnapshot(state.reader, state.entry, this.now);
        state.error = undefined;
      } catch (error) {
        // An unreachable route server is shown as such: its old table is not served as current.
        state.snapshot = undefined;
        state.error = error instanceof Error ? error.message : String(error);
      }
    })().finally(() => {
      state.refreshing = undefined;
    });
    return state.refreshing;
  }

  private createReader(entry: LgRouteServerEntry): RouteServerReader {
    const target: ReaderTarget | undefined = entry.agentUrl
      ? { kind: 'agent', url: entry.agentUrl }
      : entry.socketPath
        ? { kind: 'socket', path: entry.socketPath }
        : this.options.defaultSocket
          ? { kind: 'socket', path: this.options.defaultSocket }
          : undefined;
    if (!target)
      throw new IxoraError(
        'invalid_value',
        `route server ${entry.id} has no socket path or agent URL, and BIRD_SOCKET is not set`,
      );
    if (this.options.createReader) return this.options.createReader(entry, target);
    if (target.kind === 'socket')
      return new BirdSocketReader(target.path, { timeoutMs: this.options.readTimeoutMs });
    const token = this.options.agentTokens?.get(entry.id);
    if (!token)
      throw new IxoraError(
        'invalid_value',
        `route server ${entry.id} has an agent URL but no token in AGENT_TOKENS`,
      );
    return new AgentReader(target.url, { token, timeoutMs: this.options.readTimeoutMs });
  }
}

function countReasons(
  filtered: ReadonlyMap<string, readonly IndexedRoute[]> | undefined,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const routes of filtered?.values() ?? []) {
    for (const { shared } of routes) {
      const key = shared.reason?.key ?? 'unknown';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}
