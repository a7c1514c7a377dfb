import { BirdError } from './bird.errors.js';
import type { BirdReplyLine } from './bird-reply.reader.js';
import type {
  AsPathSegment,
  BgpOrigin,
  BirdBgpAttributes,
  BirdNextHop,
  BirdRoute,
  Community,
  ExtendedCommunity,
  LargeCommunity,
} from './bird.types.js';

/** BIRD reply codes of `show route` (doc/reply_codes in the BIRD sources). */
const ROUTE_LIST = 1007;
const ROUTE_DETAIL = 1008;
const ROUTE_ATTRIBUTE = 1012;

const TABLE_HEADER = /^Table (\S+):$/;

/**
 * The one-line route summary, from BIRD's `rt_show_rte` (nest/rt-show.c):
 * `NET  DEST [PROTO SINCE[ from ADDR]][ *|!] (PREF[/IGP_METRIC])[ PROTO_INFO]`. NET is blank on
 * the second and later routes of the same network; SINCE may hold a space (`iso long`).
 */
const ROUTE_HEADER =
  /^(\S*)\s+(\S+) \[(\S+) ([^\]]*?)(?: from (\S+))?\](?: ([*!]))? \((\d+)(?:\/(\d+|\?))?\)(?: \[(.*)\])?\s*$/;
/** BGP's PROTO_INFO: origin ASN (absent for an empty path) and origin code i / e / ?. */
const BGP_SUMMARY = /^(?:AS(\d+))?([ie?])$/;
const VIA = /^via (\S+) on (\S+)(?: weight (\d+))?/;
const DEV = /^dev (\S+)/;
const ATTRIBUTE = /^\t([^:\t]+):\s?(.*)$/;

/** A route's summary line in parts: its network (blank when it repeats), its `since` time, and everything else. */
export interface RouteHeaderParts {
  readonly net: string;
  readonly since: string;
  /** The line without network and time: equal for two routes whose summary differs only in those. */
  readonly rest: string;
}

/** Splits a `show route` summary line (see ROUTE_HEADER); undefined for any other line. */
export function routeHeaderParts(text: string): RouteHeaderParts | undefined {
  const match = ROUTE_HEADER.exec(text);
  if (!match) return undefined;
  const [, net = '', type, protocol, since = '', from, mark, preference, igpMetric, info] = match;
  return {
    net,
    since,
    rest: `${type} ${protocol} ${from ?? ''} ${mark ?? ''} ${preference} ${igpMetric ?? ''} ${info ?? '\u0000'}`,
  };
}

/** Built in place: spreading a fresh object per line made the parser 10x slower on big tables. */
type RouteDraft = { -readonly [K in keyof BirdRoute]: BirdRoute[K] } & {
  nextHops: BirdNextHop[];
  attributes: Record<string, string>;
};

/**
 * Push parser for `show route [all]` replies: feed reply lines in order, get each route as soon as
 * the line after it arrives, so a table of any size passes through without being held.
 */
export class BirdRouteParser {
  private table = '';
  private lastPrefix = '';
  private draft: RouteDraft | undefined;
  private lastAttribute: string | undefined;
  private hasBgpAttribute = false;

  /** Reads one reply line; returns the route this line completes, if any. */
  push(line: BirdReplyLine): BirdRoute | undefined {
    switch (line.code) {
      case ROUTE_LIST:
        return this.readListLine(line.text);
      case ROUTE_DETAIL:
        this.readDetail(line.text);
        return undefined;
      case ROUTE_ATTRIBUTE:
        this.readAttribute(line.text);
        return undefined;
      default:
        return undefined;
    }
  }

  /** Call after the reply's final line: returns the last route, if any. */
  finish(): BirdRoute | undefined {
    const draft = this.draft;
    this.draft = undefined;
    if (draft && (draft.source === 'BGP' || this.hasBgpAttribute))
      draft.bgp = toBgpAttributes(draft.attributes);
    return draft;
  }

  private readListLine(text: string): BirdRoute | undefined {
    if (text.trim() === '') return undefined;
    if (text.startsWith('\t')) {
      this.readNextHop(text.slice(1));
      return undefined;
    }
    const table = TABLE_HEADER.exec(text);
    if (table) {
      const done = this.finish();
      this.table = table[1] as string;
      this.lastPrefix = '';
      return done;
    }
    const done = this.finish();
    this.draft = this.readHeader(text);
    return done;
  }

  private readHeader(text: string): RouteDraft {
    const match = ROUTE_HEADER.exec(text);
    if (!match) throw new BirdError('protocol', `unexpected route line from BIRD: ${JSON.stringify(text)}`);
    const [, net, type, protocol, since, from, mark, preference, igpMetric, info] = match;
    const prefix = net || this.lastPrefix;
    if (prefix === '')
      throw new BirdError('protocol', `route line without a network: ${JSON.stringify(text)}`);
    this.lastPrefix = prefix;
    const summary = info === undefined ? null : BGP_SUMMARY.exec(info);
    this.lastAttribute = undefined;
    this.hasBgpAttribute = false;
    const route: RouteDraft = {
      table: this.table,
      prefix,
      type: type as string,
      protocol: protocol as string,
      since: since as string,
      isPrimary: mark === '*',
      preference: Number(preference),
      nextHops: [],
      attributes: {},
    };
    if (from !== undefined) route.from = from;
    if (igpMetric !== undefined && igpMetric !== '?') route.igpMetric = Number(igpMetric);
    if (summary?.[1] !== undefined) route.originAsn = Number(summary[1]);
    return route;
  }

  private readNextHop(text: string): void {
    if (!this.draft) return;
    const via = VIA.exec(text);
    if (via) {
      const [, gateway, iface, weight] = via as unknown as [string, string, string, string | undefined];
      this.draft.nextHops.push({
        gateway,
        interface: iface,
        ...(weight !== undefined && { weight: Number(weight) }),
      });
      return;
    }
    const dev = DEV.exec(text);
    if (dev) this.draft.nextHops.push({ interface: dev[1] });
  }

  /** `\tType: BGP univ` — the route source and its scope. */
  private readDetail(text: string): void {
    if (!this.draft) return;
    const match = /^\tType: (\S+)(?: (\S+))?/.exec(text);
    if (!match) return;
    this.draft.source = match[1];
    if (match[2] !== undefined) this.draft.scope = match[2];
  }

  /** `\tBGP.as_path: 65001`; a line starting with two tabs continues the previous attribute (BIRD wraps long lists). */
  private readAttribute(text: string): void {
    if (!this.draft) return;
    if (text.startsWith('\t\t')) {
      if (this.lastAttribute === undefined) return;
      const before = this.draft.attributes[this.lastAttribute] ?? '';
      this.draft.attributes[this.lastAttribute] = `${before} ${text.trim()}`.trim();
      return;
    }
    const match = ATTRIBUTE.exec(text);
    if (!match) return;
    const [, name = '', value = ''] = match;
    this.lastAttribute = name;
    if (name.startsWith('BGP.')) this.hasBgpAttribute = true;
    this.draft.attributes[name] = value.trim();
  }
}

/** Parses a whole `show route` reply at once; for tests and small replies. */
export function parseRoutes(lines: Iterable<BirdReplyLine>): BirdRoute[] {
  const parser = new BirdRouteParser();
  const routes: BirdRoute[] = [];
  for (const line of lines) {
    const route = parser.push(line);
    if (route) routes.push(route);
  }
  const last = parser.finish();
  if (last) routes.push(last);
  return routes;
}

const ORIGINS: Readonly<Record<string, BgpOrigin>> = { IGP: 'IGP', EGP: 'EGP', Incomplete: 'Incomplete' };

function toBgpAttributes(a: Readonly<Record<string, string>>): BirdBgpAttributes {
  const origin = ORIGINS[a['BGP.origin'] ?? ''];
  const segments = parseAsPath(a['BGP.as_path'] ?? '');
  const localPref = toInteger(a['BGP.local_pref']);
  const med = toInteger(a['BGP.med']);
  const otc = toInteger(a['BGP.otc']);
  const aggregator = a['BGP.aggregator'];
  const originatorId = a['BGP.originator_id'];
  return {
    ...(origin !== undefined && { origin }),
    asPath: segments.flatMap((segment) => segment.asns),
    asPathSegments: segments,
    nextHop: words(a['BGP.next_hop']),
    ...(localPref !== undefined && { localPref }),
    ...(med !== undefined && { med }),
    atomicAggregate: 'BGP.atomic_aggr' in a,
    ...(aggregator !== undefined && { aggregator }),
    ...(originatorId !== undefined && { originatorId }),
    clusterList: words(a['BGP.cluster_list']),
    ...(otc !== undefined && { otc }),
    communities: parseCommunities(a['BGP.community'] ?? ''),
    extendedCommunities: parseExtendedCommunities(a['BGP.ext_community'] ?? ''),
    largeCommunities: parseLargeCommunities(a['BGP.large_community'] ?? ''),
  };
}

function words(text: string | undefined): string[] {
  return text === undefined || text.trim() === '' ? [] : text.trim().split(/\s+/);
}

function toInteger(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

const SEGMENT_CLOSERS: Readonly<Record<string, readonly [close: string, type: AsPathSegment['type']]>> = {
  '{': ['}', 'set'],
  '(': [')', 'confed_sequence'],
  '[': [']', 'confed_set'],
};

/** BIRD prints AS_SET as `{…}`, AS_CONFED_SEQUENCE as `(…)`, AS_CONFED_SET as `[…]` (RFC 4271, RFC 5065). */
export function parseAsPath(text: string): AsPathSegment[] {
  const segments: AsPathSegment[] = [];
  let sequence: number[] = [];
  let open: { close: string; type: AsPathSegment['type']; asns: number[] } | undefined;
  for (const token of text.match(/\d+|[{}()[\]]/g) ?? []) {
    const opener = SEGMENT_CLOSERS[token];
    if (opener) {
      if (sequence.length > 0) segments.push({ type: 'sequence', asns: sequence });
      sequence = [];
      open = { close: opener[0], type: opener[1], asns: [] };
    } else if (open && token === open.close) {
      segments.push({ type: open.type, asns: open.asns });
      open = undefined;
    } else if (/^\d+$/.test(token)) {
      (open ? open.asns : sequence).push(Number(token));
    }
  }
  if (sequence.length > 0) segments.push({ type: 'sequence', asns: sequence });
  return segments;
}

export function parseCommunities(text: string): Community[] {
  return [...text.matchAll(/\((\d+),\s*(\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
}

export function parseLargeCommunities(text: string): LargeCommunity[] {
  return [...text.matchAll(/\((\d+),\s*(\d+),\s*(\d+)\)/g)].map(
    (m) => [Number(m[1]), Number(m[2]), Number(m[3])] as const,
  );
}

export function parseExtendedCommunities(text: string): ExtendedCommunity[] {
  return [...text.matchAll(/\(([^,()]+),\s*([^,()]+),\s*([^,()]+)\)/g)].map((m) => ({
    kind: (m[1] as string).trim(),
    admin: (m[2] as string).trim(),
    value: (m[3] as string).trim(),
  }));
}
