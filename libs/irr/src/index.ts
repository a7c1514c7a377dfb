/**
 * @ixora/irr — IRR data for the route servers: an IRRd whois-protocol client, AS-SET name
 * validation, member expansion into ASNs and prefixes, and PrefixSet refresh with last-known-good.
 */
export { IrrAnswerReader, IrrProtocolViolation, type IrrAnswer } from './irr-answer.reader.js';
export { IrrClient } from './irr.client.js';
export { DEFAULT_IRR_CLIENT_OPTIONS, type IrrClientOptions } from './irr-client.options.js';
export { IrrQueryError } from './irr.errors.js';
export {
  MemberExpansionService,
  type MemberExpansion,
  type MemberExpansionOptions,
  type MemberIrrInput,
} from './member-expansion.service.js';
export {
  buildPrefixSet,
  InMemoryPrefixSetStore,
  refreshPrefixSets,
  type MemberPrefixSets,
  type MemberRefreshResult,
  type PrefixSet,
  type PrefixSetStatus,
  type PrefixSetStore,
  type RefreshOptions,
  type RefreshProgress,
  type RefreshSummary,
} from './prefix-set.refresher.js';
export { PrefixSetRepository, warningsFor } from './prefix-set.repository.js';
export {
  DEFAULT_IRR_REFRESH_SETTINGS,
  IrrRefreshService,
  type IrrRefreshReport,
  type IrrRefreshSettings,
} from './irr-refresh.service.js';
export { describeDropped, screenPrefixes, type PrefixScreen, type ScreenedPrefix } from './prefix.screen.js';
export {
  AS_SET_PREVIEW_TIMEOUT_MS,
  AsSetPreviewService,
  type AsSetPreview,
  type CurrentExpansion,
  type ExpansionCounts,
  type ProposedExpansion,
} from './as-set-preview.service.js';
export { IrrModule } from './irr.module.js';
