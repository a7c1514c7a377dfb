import { IpPrefix } from '@ixora/net';
import { validateOrigin, VrpIndex, type OriginValidationState, type Vrp } from '@ixora/rpki';

/** One route of the member as a route server holds it (from the looking glass's snapshot). */
export interface AnnouncedRoute {
  readonly prefix: string;
  readonly originAsn?: number;
  readonly routeServerId: string;
  readonly isAccepted: boolean;
  /** Why it was filtered, in words, and the reason's key (filtered routes). */
  readonly reasonWords?: string;
  readonly reasonKey?: string;
}

/** One family's IRR expansion of the member (a PrefixSet). */
export interface IrrData {
  readonly family: 4 | 6;
  readonly prefixes: readonly string[];
  readonly asns: readonly number[];
  readonly sources: readonly string[];
  /** `ok`, `stale`, `empty`, `failed`. */
  readonly status: string;
}

export interface HygieneInput {
  readonly asn: number;
  readonly asSets: readonly string[];
  readonly irr: readonly IrrData[];
  readonly announced: readonly AnnouncedRoute[];
  /** VRPs covering the prefixes (any superset of them is fine). */
  readonly vrps: readonly Vrp[];
  /** Whether the member has any session the route servers could be read for. */
  readonly hasSessions: boolean;
  /** Route servers that could not be read: "announced nowhere" is not claimed then. */
  readonly isIncomplete: boolean;
}

/** How a prefix stands in the member's IRR data. */
export type IrrCoverage = 'exact' | 'covered' | 'none';

export interface HygienePrefix {
  readonly prefix: string;
  readonly family: 4 | 6;
  readonly irr: IrrCoverage;
  /** The shortest route object covering it, when `covered`. */
  readonly irrCoveredBy?: string;
  readonly rpki: OriginValidationState;
  /** Covering ROAs as `prefix-maxLength AS…`. */
  readonly roas: readonly string[];
  /** The origins announced; for an IRR-only prefix, empty. */
  readonly origins: readonly number[];
  readonly acceptedBy: readonly string[];
  readonly filteredBy: readonly { readonly routeServerId: string; readonly reasonWords: string }[];
  readonly isAnnounced: boolean;
  /**
   * Filtered everywhere for what no route object or ROA fixes (a bogon prefix, a length the route
   * servers never take): left out of the IRR and ROA to-dos.
   */
  readonly isNeverRouted: boolean;
}

/** Filter reasons that no route object or ROA can fix. */
const NEVER_ROUTED_REASONS: ReadonlySet<string> = new Set([
  'bogon_prefix',
  'prefix_too_long',
  'prefix_too_short',
]);

export type HygieneTodoKey =
  | 'set_as_set'
  | 'irr_data'
  | 'create_route_objects'
  | 'fix_rpki_invalid'
  | 'create_roas'
  | 'filtered_routes'
  | 'stale_route_objects';

export interface HygieneTodo {
  readonly key: HygieneTodoKey;
  readonly text: string;
  readonly prefixes: readonly string[];
}

export interface HygieneReport {
  readonly asn: number;
  readonly prefixes: readonly HygienePrefix[];
  readonly todos: readonly HygieneTodo[];
  readonly counts: {
    readonly prefixes: number;
    readonly announced: number;
    readonly irrCovered: number;
    readonly rpkiValid: number;
    readonly rpkiInvalid: number;
    readonly rpkiUnknown: number;
  };
}

/** Prefixes named in a to-do's text; the table has them all. */
const NAMED_IN_TODO = 5;

function listed(prefixes: readonly string[]): string {
  const shown = prefixes.slice(0, NAMED_IN_TODO).join(', ');
  return prefixes.length > NAMED_IN_TODO ? `${shown} and ${prefixes.length - NAMED_IN_TODO} more` : shown;
}

function these(count: number, one: string, many: string): string {
  return count === 1 ? `this ${one}` : `these ${count} ${many}`;
}

function orList(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function worst(states: readonly OriginValidationState[]): OriginValidationState {
  if (states.includes('invalid')) return 'invalid';
  if (states.includes('valid')) return 'valid';
  return 'unknown';
}

/**
 * A member's routing hygiene, MANRS-style: for every prefix it announces to the route servers or
 * has in its IRR data, whether a route object covers it, its RPKI origin validation state
 * (RFC 6811 §2) and where it is announced; and the to-do list that follows from it. Pure.
 */
export function buildRoutingHygiene(input: HygieneInput): HygieneReport {
  const index = new VrpIndex(input.vrps);
  const irrByFamily = new Map<4 | 6, IrrData>(input.irr.map((set) => [set.family, set]));
  const irrPrefixes = new Map<string, IpPrefix>();
  for (const set of input.irr)
    for (const text of set.prefixes) {
      const prefix = IpPrefix.parse(text, { hostBits: 'clear' });
      irrPrefixes.set(prefix.toString(), prefix);
    }
  const byPrefix = new Map<string, { prefix: IpPrefix; routes: AnnouncedRoute[] }>();
  for (const route of input.announced) {
    const prefix = IpPrefix.parse(route.prefix, { hostBits: 'clear' });
    const key = prefix.toString();
    const entry = byPrefix.get(key);
    if (entry) entry.routes.push(route);
    else byPrefix.set(key, { prefix, routes: [route] });
  }
  for (const [key, prefix] of irrPrefixes) if (!byPrefix.has(key)) byPrefix.set(key, { prefix, routes: [] });

  const irrLengths = [...new Set([...irrPrefixes.values()].map((prefix) => prefix.length))].sort(
    (a, b) => a - b,
  );
  // The shortest route object covering a prefix: one lookup per route-object length present.
  const coveringRouteObject = (prefix: IpPrefix): string | undefined => {
    for (const length of irrLengths) {
      if (length >= prefix.length) return undefined;
      const candidate = IpPrefix.from(prefix.network, length, { hostBits: 'clear' }).toString();
      if (irrPrefixes.get(candidate)?.family === prefix.family) return candidate;
    }
    return undefined;
  };

  const rows: HygienePrefix[] = [...byPrefix.values()]
    .sort((a, b) => a.prefix.compare(b.prefix))
    .map(({ prefix, routes }) => {
      const text = prefix.toString();
      const isExact = irrPrefixes.has(text);
      const covering = isExact ? undefined : coveringRouteObject(prefix);
      const origins = [
        ...new Set(routes.flatMap((route) => (route.originAsn === undefined ? [] : [route.originAsn]))),
      ];
      const irrOrigins = irrByFamily.get(prefix.family)?.asns ?? [];
      // RFC 6811 needs an origin: the announced ones, else (IRR only) any of the AS-SET's ASNs.
      const checked = origins.length > 0 ? origins : irrOrigins.length > 0 ? irrOrigins : [input.asn];
      const states = checked.map((origin) => validateOrigin(prefix, origin, index));
      const rpki =
        origins.length > 0
          ? worst(states)
          : states.includes('valid')
            ? 'valid'
            : states.includes('invalid')
              ? 'invalid'
              : 'unknown';
      const roas = index
        .coveringVrps(prefix)
        .map((vrp) => `${vrp.prefix.toString()}-${vrp.maxLength} AS${vrp.asn}`)
        .sort();
      const acceptedBy = [...new Set(routes.filter((r) => r.isAccepted).map((r) => r.routeServerId))].sort();
      const filteredBy = routes
        .filter((r) => !r.isAccepted)
        .map((r) => ({ routeServerId: r.routeServerId, reasonWords: r.reasonWords ?? 'filtered' }));
      return {
        prefix: text,
        family: prefix.family,
        irr: isExact ? 'exact' : covering ? 'covered' : 'none',
        ...(covering ? { irrCoveredBy: covering } : {}),
        rpki,
        roas: [...new Set(roas)],
        origins,
        acceptedBy,
        filteredBy,
        isAnnounced: routes.length > 0,
        isNeverRouted:
          routes.length > 0 &&
          routes.every((r) => !r.isAccepted && NEVER_ROUTED_REASONS.has(r.reasonKey ?? '')),
      } satisfies HygienePrefix;
    });

  return { asn: input.asn, prefixes: rows, todos: todosOf(input, rows), counts: countsOf(rows) };
}

function countsOf(rows: readonly HygienePrefix[]): HygieneReport['counts'] {
  return {
    prefixes: rows.length,
    announced: rows.filter((row) => row.isAnnounced).length,
    irrCovered: rows.filter((row) => row.irr !== 'none').length,
    rpkiValid: rows.filter((row) => row.rpki === 'valid').length,
    rpkiInvalid: rows.filter((row) => row.rpki === 'invalid').length,
    rpkiUnknown: rows.filter((row) => row.rpki === 'unknown').length,
  };
}

function todosOf(input: HygieneInput, rows: readonly HygienePrefix[]): HygieneTodo[] {
  const todos: HygieneTodo[] = [];
  const sources = [...new Set(input.irr.flatMap((set) => set.sources))];
  const where = sources.length > 0 ? ` in ${orList(sources)}` : ' in your IRR database';
  if (input.asSets.length === 0)
    todos.push({
      key: 'set_as_set',
      text: `Set an AS-SET in PeeringDB (the IRR AS-SET field of your network): without one the route servers take only the route objects with origin AS${input.asn}, none of your customers'.`,
      prefixes: [],
    });
  for (const family of [4, 6] as const) {
    const set = input.irr.find((candidate) => candidate.family === family);
    const label = family === 4 ? 'IPv4' : 'IPv6';
    if (set && (set.status === 'failed' || set.status === 'stale'))
      todos.push({
        key: 'irr_data',
        text: `Your ${label} IRR data could not be read at the last refresh (${set.status}): check that your AS-SET exists and resolves; the route servers keep the last good data.`,
        prefixes: [],
      });
    else if (set && set.status === 'empty' && rows.some((row) => row.family === family && row.isAnnounced))
      todos.push({
        key: 'irr_data',
        text: `Your IRR data holds no ${label} route objects: the route servers filter all your ${label} routes until you create them${where}.`,
        prefixes: [],
      });
  }
  const announced = rows.filter((row) => row.isAnnounced);
  const withoutObject = announced
    .filter((row) => row.irr === 'none' && !row.isNeverRouted)
    .map((row) => row.prefix);
  if (withoutObject.length > 0)
    todos.push({
      key: 'create_route_objects',
      text: `Create route objects${where} for ${these(withoutObject.length, 'prefix', 'prefixes')} you announce: ${listed(withoutObject)}.`,
      prefixes: withoutObject,
    });
  const invalid = rows.filter((row) => row.rpki === 'invalid').map((row) => row.prefix);
  if (invalid.length > 0)
    todos.push({
      key: 'fix_rpki_invalid',
      text: `Fix the ROAs (or the announcements) of ${these(invalid.length, 'RPKI-invalid prefix', 'RPKI-invalid prefixes')}: ${listed(invalid)}; the route servers reject invalid routes.`,
      prefixes: invalid,
    });
  const unknown = rows.filter((row) => row.rpki === 'unknown' && !row.isNeverRouted).map((row) => row.prefix);
  if (unknown.length > 0)
    todos.push({
      key: 'create_roas',
      text: `Create ROAs with your RIR for ${these(unknown.length, 'prefix', 'prefixes')}, which no ROA covers: ${listed(unknown)}.`,
      prefixes: unknown,
    });
  const filtered = announced.filter((row) => row.filteredBy.length > 0).map((row) => row.prefix);
  if (filtered.length > 0)
    todos.push({
      key: 'filtered_routes',
      text: `The route servers filter ${these(filtered.length, 'prefix', 'prefixes')}: ${listed(filtered)}; the Routes page says why and what to do.`,
      prefixes: filtered,
    });
  if (input.hasSessions && !input.isIncomplete) {
    const stale = rows.filter((row) => !row.isAnnounced && row.irr === 'exact').map((row) => row.prefix);
    if (stale.length > 0)
      todos.push({
        key: 'stale_route_objects',
        text: `${these(stale.length, 'IRR route object is', 'IRR route objects are').replace(/^t/, 'T')} announced to no route server: ${listed(stale)}; delete stale objects, or announce them (objects of your customers announced elsewhere are fine).`,
        prefixes: stale,
      });
  }
  return todos;
}
