/**
 * @ixora/readiness — a member's readiness report, before and after turn-up: PeeringDB consistency
 * (mirror vs the member record and this exchange's netixlans), the AS-SET expansion and its
 * warnings, IRR prefixes against ROAs, max-prefix limits against the IRR size, and what the route
 * servers filter (from the looking glass), each finding with a severity and what to do.
 *
 * ```ts
 * const report = await service.report(actor, 64500, { routeServers: lookingGlassViews(lg) });
 * report.findings.filter((f) => f.severity === 'error');
 * ```
 */
export * from './member-readiness.types.js';
export { buildMemberReadiness, LISTED_ITEMS } from './member-readiness.builder.js';
export { MemberReadinessService, type ReadinessOptions } from './member-readiness.service.js';
export {
  databaseLgDirectory,
  lookingGlassViews,
  maxPrefixRatios,
  MAX_FILTERED_ROUTES,
  type RouteServerViewReader,
} from './route-server.views.js';
export { readRouteServersOnce } from './one-shot.looking-glass.js';
export { ReadinessModule } from './readiness.module.js';
export {
  OnboardingWizardService,
  type AddressChoice,
  type OnboardingLan,
  type OnboardingPreview,
  type OnboardingReview,
} from './onboarding-wizard.service.js';
export {
  MemberOverviewService,
  NEAR_MAX_PREFIX_RATIO,
  type MemberOverviewFilter,
  type MemberOverviewRow,
} from './member-overview.service.js';
