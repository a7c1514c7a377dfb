/**
 * @ixora/rpki — the pure parts of RPKI: loading VRP documents, guarding snapshot replacement and
 * RFC 6811 route origin validation. No database here.
 *
 * How `ixora rpki refresh [--file F | --url U] [--force]` uses it (storage is wired elsewhere):
 *   1. `text = await loadVrpSource(location, { timeoutMs })` — location from --file/--url, else
 *      RPKI_VRP_URL (read through @ixora/config).
 *   2. `doc = parseVrpDocument(text, location, { now: new Date() })` — format auto-detected; report
 *      `doc.rejected` (index, field, value, reason) and `doc.duplicates`, keep `doc.vrps`.
 *   3. `decision = decideSnapshotReplacement(storedCount ?? null, doc.vrps.length, force)` — if
 *      `!decision.accept` fail with `decision.reason` and keep the stored snapshot; otherwise store
 *      `doc.vrps` (with `doc.format`, `doc.generatedAt`) as the new snapshot, logging a
 *      `decision.reason` when `force` overrode a check.
 *
 * How `ixora rpki report [--asn A]` uses it: load the stored VRPs once, `new VrpIndex(vrps)`, then
 * per member `summariseCoverage(prefixSetEntries.map(({ prefix, origin }) => ...), index)` gives
 * `{ valid, invalid, unknown }`; `validateOrigin` classifies a single route.
 */
export type { Vrp } from './vrp.js';
export {
  parseVrpDocument,
  type ParseVrpDocumentOptions,
  type RejectedVrp,
  type VrpDocument,
  type VrpDocumentFormat,
} from './vrp-document.parser.js';
export { loadVrpSource, MAX_VRP_DOCUMENT_BYTES, type LoadVrpSourceOptions } from './vrp-source.loader.js';
export {
  decideSnapshotReplacement,
  MIN_SNAPSHOT_SIZE_RATIO,
  type SnapshotReplacementDecision,
} from './snapshot-replacement.policy.js';
export {
  summariseCoverage,
  validateOrigin,
  VrpIndex,
  type CoverageSummary,
  type OriginValidationState,
} from './origin.validator.js';
export { RpkiSnapshotService, type MemberCoverage, type RpkiRefreshResult } from './rpki-snapshot.service.js';
export { RpkiModule } from './rpki.module.js';
