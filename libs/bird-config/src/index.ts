/**
 * @ixora/bird-config — the route-server policy model and its BIRD 2 config (DESIGN §7): resolve
 * policies, normalise the model, render with the templates in `templates/bird`, check with
 * `bird -p`. Never sees an entity; depends on `@ixora/net` and `@ixora/errors` only.
 */
export type * from './route-server-config.model.js';
export {
  checkPolicySetting,
  IMPORT_POLICY_SETTING_KEYS,
  IMPORT_POLICY_SETTINGS,
  POLICY_SETTING_CHOICES,
  policySettingSpec,
  RENAMED_POLICY_SETTINGS,
  unknownSettingReason,
  type ImportPolicySettingKey,
  type PolicySettingSpec,
} from './import-policy.settings.js';
export {
  DEFAULT_IXP_POLICY,
  DEFAULT_TRANSIT_FREE_ASNS,
  explainImportPolicy,
  MAX_PREFIX_LIMIT,
  resolveImportPolicy,
  resolveMaxPrefixes,
  type EffectiveSetting,
  type SettingSource,
} from './import-policy.resolver.js';
export {
  defaultBogons,
  normaliseModel,
  type NormalisedMember,
  type NormalisedModel,
  type NormalisedPrefixEntry,
} from './route-server-config.normaliser.js';
export {
  bgpProtocolName,
  buildRenderView,
  formatPrefixSetEntry,
  memberSetNames,
  orLongerEntries,
  parseBgpProtocolName,
  type RenderView,
  type RenderViewOptions,
} from './route-server-config.view.js';
export {
  findBirdTemplatesDir,
  renderRouteServerConfig,
  type RenderOptions,
} from './route-server-config.renderer.js';
export {
  checkAsSetName,
  checkConfigName,
  checkMd5Password,
  quoteBirdText,
  sanitiseBirdComment,
  sanitiseBirdText,
} from './bird-text.js';
export {
  CONTROL_FUNCTIONS,
  describeLargeCommunity,
  FILTER_REASON_FUNCTION,
  filterReason,
  filterReasonByCode,
  filterReasonConstant,
  REASON_COMMUNITIES,
  RPKI_STATE_COMMUNITIES,
  RPKI_STATE_FUNCTION,
  rpkiStateConstant,
  STANDARD_PREPEND_FIRST,
  WELL_KNOWN_COMMUNITIES,
  type FilterReason,
  type FilterReasonKey,
  type RpkiStateCommunity,
  type RpkiStateKey,
} from './communities.js';
export {
  validateWithBird,
  type BirdValidationOptions,
  type BirdValidationResult,
} from './bird-config.validator.js';
export { runProcess, type ProcessResult, type RunOptions } from './process.runner.js';
export { DEFAULT_RTR_PORT, parseRtrEndpoint } from './rtr-endpoint.parser.js';
export { parsePrefix as parseModelPrefix, prefixContains, type ParsedPrefix } from './prefix-entry.parser.js';
