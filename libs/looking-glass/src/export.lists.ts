import type { LgNeighbor, LgRoute } from './lg.types.js';
import { toLgRoute } from './lg-route.mapper.js';
import type { RouteServerReader } from './route-server.reader.js';
import { RouteInterner } from './route.interner.js';

/** Routes read at least, from the top of the list, when a neighbor's exports are first asked for. */
export const EXPORT_WINDOW_ROUTES = 2_000;
/** Routes kept at most for one neighbor's list; pages past it are read from BIRD each time. */
export const MAX_EXPORT_LIST_ROUTES = 50_000;
/** Routes kept at most over all lists (the oldest lists go first). */
export const MAX_EXPORT_ROUTES = 200_000;

/** The top of one neighbor's exported routes as BIRD listed them, read once and served for every page in it. */
interface ExportList {
  readonly routes: LgRoute[];
  /** How many routes this read goes for (the list then stops, unless BIRD's list ended before). */
  readonly window: number;
  readonly readAt: Date;
  readonly expiresAt: number;
  /** BIRD's list ended within the window: `routes` is all of it. */
  isComplete: boolean;
  failure: Error | undefined;
  /** Requests waiting for the list to reach a length, woken as routes arrive. */
  readonly waiters: { readonly length: number; readonly wake: () => void }[];
}

export interface ExportListRoutes {
  readonly routes: LgRoute[];
  /** How many of the list's routes were read up to this page: `min(end, list length)`. */
  readonly matched: number;
  readonly readAt: Date;
  readonly isFromCache: boolean;
}

/**
 * One neighbor's exported routes, streamed from BIRD once and served for every page: the first
 * request reads the top of the list ({@link EXPORT_WINDOW_ROUTES} routes, or to its page) on one
 * connection and is answered as soon as its page has arrived, while the read goes on to the end
 * of the window in the background; the next pages are slices of it. A page past the window reads
 * the list again, twice as far (BIRD cannot resume a listing). Lists live as long as the
 * looking glass's cached answers and are dropped with them when a snapshot is read.
 */
export class ExportLists {
  private readonly lists = new Map<string, ExportList>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  clear(): void {
    this.lists.clear();
  }

  /** Routes `start` to `end` (exclusive) of what the route server exports to `neighbor`, or undefined when the page lies past what is kept. */
  async page(
    routeServer: { readonly id: string; readonly asn: number },
    reader: RouteServerReader,
    neighbor: LgNeighbor,
    start: number,
    end: number,
  ): Promise<ExportListRoutes | undefined> {
    if (end > MAX_EXPORT_LIST_ROUTES || this.ttlMs <= 0) return undefined;
    const key = `${routeServer.id}|${neighbor.id}`;
    let list = this.lists.get(key);
    let isFromCache = true;
    const isUsable = (candidate: ExportList | undefined): boolean =>
      candidate !== undefined &&
      candidate.expiresAt > this.now().getTime() &&
      candidate.failure === undefined &&
      (candidate.isComplete || candidate.window >= end);
    if (!list || !isUsable(list)) {
      const window = Math.min(
        MAX_EXPORT_LIST_ROUTES,
        Math.max(end, EXPORT_WINDOW_ROUTES, list && list.failure === undefined ? list.window * 2 : 0),
      );
      list = this.startRead(key, routeServer, reader, neighbor, window);
      isFromCache = false;
    }
    await this.reach(list, end);
    return {
      routes: list.routes.slice(start, end),
      matched: Math.min(end, list.routes.length),
      readAt: list.readAt,
      isFromCache,
    };
  }

  private reach(list: ExportList, length: number): Promise<void> {
    if (list.failure !== undefined) return Promise.reject(list.failure);
    if (list.isComplete || list.routes.length >= length) return Promise.resolve();
    return new Promise<void>((resolve, reject) =>
      list.waiters.push({
        length,
        wake: () => (list.failure === undefined ? resolve() : reject(list.failure)),
      }),
    );
  }

  private startRead(
    key: string,
    routeServer: { readonly id: string; readonly asn: number },
    reader: RouteServerReader,
    neighbor: LgNeighbor,
    window: number,
  ): ExportList {
    const readAt = this.now();
    const list: ExportList = {
      routes: [],
      window,
      readAt,
      expiresAt: readAt.getTime() + this.ttlMs,
      isComplete: false,
      failure: undefined,
      waiters: [],
    };
    this.lists.delete(key);
    this.lists.set(key, list);
    this.evict();
    const wake = (all: boolean): void => {
      for (let i = list.waiters.length - 1; i >= 0; i -= 1) {
        const waiter = list.waiters[i]!;
        if (all || list.routes.length >= waiter.length) {
          list.waiters.splice(i, 1);
          waiter.wake();
        }
      }
    };
    void (async () => {
      const interner = new RouteInterner(routeServer.asn);
      const context = { routeServerId: routeServer.id, rsAsn: routeServer.asn, isFiltered: false, interner };
      let isEnded = true;
      for await (const route of reader.routes({ kind: 'export', protocol: neighbor.id })) {
        list.routes.push(toLgRoute(route, context));
        if (list.waiters.length > 0) wake(false);
        // Enough: leaving the loop abandons the rest of BIRD's list.
        if (list.routes.length >= window) {
          isEnded = false;
          break;
        }
      }
      list.isComplete = isEnded;
    })()
      .catch((error: unknown) => {
        list.failure = error instanceof Error ? error : new Error(String(error));
        // A failed read is not kept: the next request reads again.
        if (this.lists.get(key) === list) this.lists.delete(key);
      })
      .finally(() => wake(true));
    return list;
  }

  /** Drops the oldest lists while all of them hold more than {@link MAX_EXPORT_ROUTES} routes (counting windows). */
  private evict(): void {
    let total = 0;
    for (const list of this.lists.values()) total += list.window;
    for (const [key, list] of this.lists) {
      if (total <= MAX_EXPORT_ROUTES || this.lists.size <= 1) break;
      total -= list.window;
      this.lists.delete(key);
    }
  }
}
