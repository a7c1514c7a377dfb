/**
 * @ixora/member-routing — what a member sees of its own routing: its routes on the route servers
 * (accepted, and filtered with the reason in words and what to do about it, from the looking
 * glass's snapshots and ixora's data), and its routing hygiene (per prefix: IRR covered, RPKI
 * state, announced or not; a MANRS-style to-do list). The decisions are pure
 * (`member-routes.builder.ts`, `routing-hygiene.builder.ts`); `MemberRoutingService` loads.
 *
 * ```ts
 * const routing = new MemberRoutingService(dataSource, lookingGlass, importPolicies);
 * await routing.routes(actor, 64500, parseMemberRoutesQuery({ state: 'filtered' }));
 * await routing.hygiene(actor, 64500);
 * ```
 */
export {
  DEFAULT_ROUTES_PAGE_SIZE,
  MAX_ROUTES_PAGE_SIZE,
  parseMemberRoutesQuery,
  ROUTE_STATES,
  selectRoutes,
  sessionIdOf,
  toMemberRouteRow,
  type MemberAdviceFacts,
  type MemberRouteRow,
  type MemberRoutesQuery,
  type MemberRoutesReport,
  type MemberSessionSummary,
  type RouteStateFilter,
} from './member-routes.builder.js';
export {
  buildRoutingHygiene,
  type AnnouncedRoute,
  type HygieneInput,
  type HygienePrefix,
  type HygieneReport,
  type HygieneTodo,
  type HygieneTodoKey,
  type IrrCoverage,
  type IrrData,
} from './routing-hygiene.builder.js';
export { MemberRoutingService } from './member-routing.service.js';
