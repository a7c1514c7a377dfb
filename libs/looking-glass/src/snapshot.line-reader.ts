import { BirdRouteParser, routeHeaderParts, type BirdReplyLine } from '@ixora/bird-client';
import { IpPrefix } from '@ixora/net';
import { toLgRoute } from './lg-route.mapper.js';
import { IndexedRoute, indexRoute } from './route.index.js';
import { flatCopy, type RouteInterner } from './route.interner.js';

const ROUTE_LIST = 1007;
const TABLE_HEADER = /^Table (\S+):$/;

export interface SnapshotLineContext {
  readonly routeServerId: string;
  readonly rsAsn: number;
  readonly isFiltered: boolean;
  readonly interner: RouteInterner;
}

/**
 * Turns BIRD's `show route all` reply lines into snapshot routes, parsing each distinct route
 * description once. Two routes whose reply lines differ only in network and `since` time get the
 * same attributes (nothing else of an {@link IndexedRoute}'s shared part comes from those two), so
 * a route whose other lines were seen before in this read costs a lookup, not a parse: at an
 * exchange, thousands of routes of a neighbor share next hop, AS_PATH and communities. A route
 * seen for the first time goes through the same parser and mapper as every other read
 * (`BirdRouteParser`, `toLgRoute`, `indexRoute`), so both ways give equal routes.
 */
export class SnapshotLineReader {
  /** Attributes by route description (summary line without network and time, then its other lines). */
  private readonly known = new Map<string, IndexedRoute['shared']>();
  private lastPrefix = '';
  private header: { readonly text: string; readonly prefix: string; readonly since: string } | undefined;
  private key = '';
  private body: BirdReplyLine[] = [];

  constructor(private readonly context: SnapshotLineContext) {}

  /** Reads one reply line; returns the route this line completes, if any. */
  push(line: BirdReplyLine): IndexedRoute | undefined {
    if (line.code !== ROUTE_LIST || line.text.startsWith('\t')) {
      if (this.header) {
        this.body.push(line);
        this.key += `\n${line.code}${line.text}`;
      }
      return undefined;
    }
    if (line.text.trim() === '') return undefined;
    const done = this.finish();
    if (TABLE_HEADER.test(line.text)) {
      this.lastPrefix = '';
      return done;
    }
    const parts = routeHeaderParts(line.text);
    // A line the parser does not know: let it say why (it throws the protocol error).
    if (!parts) new BirdRouteParser().push(line);
    const { net, since, rest } = parts!;
    const prefix = net || this.lastPrefix;
    this.lastPrefix = prefix;
    this.header = { text: line.text, prefix, since };
    this.key = rest;
    return done;
  }

  /** Call after the reply's final line: returns the last route, if any. */
  finish(): IndexedRoute | undefined {
    const header = this.header;
    if (!header) return undefined;
    const key = this.key;
    const body = this.body;
    this.header = undefined;
    this.key = '';
    this.body = [];
    const shared = this.known.get(key);
    if (shared) {
      const prefix = IpPrefix.parse(header.prefix, { hostBits: 'clear' });
      return new IndexedRoute(
        flatCopy(header.prefix),
        this.context.interner.string(header.since),
        shared,
        prefix.family,
        prefix.network.toBigInt(),
        prefix.length,
        this.context.isFiltered,
      );
    }
    // First of its kind: the full parse, with the network written out (BIRD leaves it blank on
    // the second and later routes of a network).
    const parser = new BirdRouteParser();
    const text = header.text.startsWith(header.prefix) ? header.text : `${header.prefix}${header.text}`;
    parser.push({ code: ROUTE_LIST, text, isFinal: false });
    for (const line of body) parser.push(line);
    const route = parser.finish();
    if (!route) throw new Error(`no route parsed from ${JSON.stringify(text)}`);
    const { interner, isFiltered } = this.context;
    const entry = indexRoute(toLgRoute(route, this.context), isFiltered, (attributes) =>
      interner.shared(attributes),
    );
    this.known.set(flatCopy(key), entry.shared);
    return entry;
  }
}
