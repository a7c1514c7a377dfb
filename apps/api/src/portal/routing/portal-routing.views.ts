import { isIxoraError } from '@ixora/errors';
import {
  DEFAULT_ROUTES_PAGE_SIZE,
  parseMemberRoutesQuery,
  type HygieneReport,
  type MemberRoutesQuery,
  type MemberRoutesReport,
} from '@ixora/member-routing';

/** Rows of the hygiene table on the page; the API lists them all. */
export const HYGIENE_ROWS_SHOWN = 1000;

const STATE_LABELS: Record<string, string> = {
  all: 'accepted and filtered',
  accepted: 'accepted only',
  filtered: 'filtered only',
};

function timeOf(date: Date | undefined): string {
  return date ? `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC` : '';
}

function routesHrefOf(query: MemberRoutesQuery, page: number, path: string): string {
  const params = new URLSearchParams();
  if (query.session) params.set('session', query.session);
  if (query.state !== 'all') params.set('state', query.state);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * The routes page's query string (`session`, `state`, `page`) as a routes query: a bad value is
 * said on the page (`error`) and the page shows all routes instead.
 */
export function routesPageQuery(query: Record<string, unknown>): {
  parsed: MemberRoutesQuery;
  error: string;
} {
  const pageNumber = Number(query['page'] ?? 1);
  const number = Number.isInteger(pageNumber) && pageNumber >= 1 ? pageNumber : 1;
  try {
    const parsed = parseMemberRoutesQuery({
      session: query['session'],
      state: query['state'],
      offset: String((number - 1) * DEFAULT_ROUTES_PAGE_SIZE),
      limit: String(DEFAULT_ROUTES_PAGE_SIZE),
    });
    return { parsed, error: '' };
  } catch (caught) {
    if (!isIxoraError(caught)) throw caught;
    return { parsed: { state: 'all', offset: 0, limit: DEFAULT_ROUTES_PAGE_SIZE }, error: caught.message };
  }
}

/** Whose routes a page shows: the signed-in member's (the portal) or a member's, for staff. */
export interface RoutesPageOwner {
  /** The page's own path (the filter form and the pager link to it). */
  readonly path: string;
  /** `your` on the portal, the member's ASN on the staff console. */
  readonly whose: string;
}

const PORTAL_ROUTES: RoutesPageOwner = { path: '/portal/routes', whose: 'your' };

/** What `portal/routes.hbs` prints: sessions, the filter form, one page of routes. */
export function routesView(
  report: MemberRoutesReport,
  query: MemberRoutesQuery,
  states: readonly string[],
  owner: RoutesPageOwner = PORTAL_ROUTES,
) {
  const routesHref = (q: MemberRoutesQuery, n: number): string => routesHrefOf(q, n, owner.path);
  const page = Math.floor(query.offset / query.limit) + 1;
  const first = report.total === 0 ? 0 : query.offset + 1;
  const last = Math.min(query.offset + query.limit, report.total);
  return {
    member: `AS${report.asn}`,
    routesPath: owner.path,
    whose: owner.whose,
    readAt: timeOf(report.readAt),
    unavailable: report.unavailable.map((entry) => ({
      routeServer: entry.routeServerId,
      error: entry.error,
    })),
    hasUnavailable: report.unavailable.length > 0,
    hasSessions: report.sessions.length > 0,
    sessions: report.sessions.map((session) => ({
      routeServer: session.routeServerId,
      protocol: session.protocol,
      family: session.family === 'ipv6' ? 'IPv6' : session.family === 'ipv4' ? 'IPv4' : '',
      address: session.address,
      bgpState: session.bgpState,
      accepted: session.accepted,
      filtered: session.filtered,
      filteredHref: routesHref({ ...query, session: session.id, state: 'filtered' }, 1),
    })),
    sessionOptions: [
      { value: '', label: 'all sessions', isSelected: query.session === undefined },
      ...report.sessions.map((session) => ({
        value: session.id,
        label: `${session.routeServerId} ${session.protocol}`,
        isSelected: query.session === session.id,
      })),
    ],
    stateOptions: states.map((state) => ({
      value: state,
      label: STATE_LABELS[state] ?? state,
      isSelected: query.state === state,
    })),
    summary:
      report.total === 0
        ? 'No routes match.'
        : `Routes ${first}–${last} of ${report.total}${report.total > query.limit ? ` (${query.limit} a page, filtered first)` : ''}.`,
    hasRoutes: report.routes.length > 0,
    routes: report.routes.map((route) => ({
      prefix: route.prefix,
      session: route.sessionId,
      isFiltered: route.state === 'filtered',
      asPath: route.asPath.join(' '),
      nextHop: route.nextHop ?? '',
      reason: route.reason?.words ?? '',
      advice: route.advice ? `${route.advice.charAt(0).toUpperCase()}${route.advice.slice(1)}.` : '',
    })),
    previousHref: page > 1 ? routesHref(query, page - 1) : '',
    nextHref: last < report.total ? routesHref(query, page + 1) : '',
  };
}

const IRR_WORDS = { exact: 'route object', covered: 'covered by', none: 'none' } as const;

/** What `portal/hygiene.hbs` prints: counts, the to-do list, one row per prefix. */
export function hygieneView(report: HygieneReport, asSets: readonly string[]) {
  const rows = report.prefixes.slice(0, HYGIENE_ROWS_SHOWN);
  return {
    member: `AS${report.asn}`,
    asSets: asSets.length > 0 ? asSets.join(', ') : 'none',
    counts: report.counts,
    hasTodos: report.todos.length > 0,
    todos: report.todos.map((todo) => ({
      text: todo.text,
      href: todo.key === 'filtered_routes' ? '/portal/routes?state=filtered' : '',
    })),
    hasRows: rows.length > 0,
    isCapped: report.prefixes.length > rows.length,
    shown: rows.length,
    rows: rows.map((row) => ({
      prefix: row.prefix,
      irr: row.irr === 'covered' ? `${IRR_WORDS.covered} ${row.irrCoveredBy ?? ''}` : IRR_WORDS[row.irr],
      isIrrMissing: row.irr === 'none',
      rpki: row.rpki,
      isRpkiBad: row.rpki === 'invalid',
      isRpkiUnknown: row.rpki === 'unknown',
      roas: row.roas.join(', '),
      announced: row.isAnnounced
        ? [
            ...(row.acceptedBy.length > 0 ? [`accepted by ${row.acceptedBy.join(', ')}`] : []),
            ...row.filteredBy.map((entry) => `filtered by ${entry.routeServerId}: ${entry.reasonWords}`),
          ].join('; ')
        : 'not announced',
      isNotAnnounced: !row.isAnnounced,
    })),
  };
}
