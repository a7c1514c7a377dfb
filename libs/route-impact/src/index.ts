/**
 * @ixora/route-impact — what a config change does to routes, before it goes live (ADR 0020).
 *
 * `RouteEvaluator` is the route server's import filter in TypeScript, read from the same policy
 * model the BIRD config is rendered from (pure, no I/O): a session's decision on a received route,
 * accepted with its RPKI state or filtered with the reason code BIRD tags (`RS_ASN:1101:code`).
 * `computeRouteImpact` evaluates every route a route server holds under the deployed model and the
 * next one; `guardViolations` is the deploy guard's verdict. `RouteImpactService` reads the routes
 * from BIRD (as the looking glass does), and deploys only when the guard lets it (or `force`).
 *
 * ```ts
 * const evaluator = new RouteEvaluator(model);
 * evaluator.evaluate(sessionId, { prefix: '185.1.0.0/22', asPath: [59901], nextHop: '192.0.2.11', communities: [] });
 * // { isAccepted: true, rpkiState: 'unknown', isBlackhole: false, isRpkiAssumed: false }
 * ```
 */
export { PrefixSetMatcher, RoaMatcher, type MatcherEntry, type RoaState } from './prefix.matcher.js';
export {
  RouteEvaluator,
  type CompiledSession,
  type ReceivedRoute,
  type RouteDecision,
} from './route.evaluator.js';
export {
  computeRouteImpact,
  DEFAULT_IMPACT_GUARD_PERCENT,
  describeGuardViolations,
  guardViolations,
  type GuardViolation,
  type ImpactOptions,
  type MemberFamilyImpact,
  type ObservedDecision,
  type ObservedRoute,
  type RouteChange,
  type RouteImpact,
} from './route-impact.js';
export { observedRouteOf, observedRoutesOf, type BlackholeNextHops } from './snapshot.routes.js';
export {
  RouteImpactService,
  ROUTE_SERVER_READER_FACTORY,
  type RouteImpactReport,
  type RouteServerReaderFactory,
} from './route-impact.service.js';
export { RouteImpactModule } from './route-impact.module.js';
