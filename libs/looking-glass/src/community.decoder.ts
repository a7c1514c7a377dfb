import {
  CONTROL_FUNCTIONS,
  describeLargeCommunity,
  FILTER_REASON_FUNCTION,
  filterReasonByCode,
  STANDARD_PREPEND_FIRST,
  WELL_KNOWN_COMMUNITIES,
} from '@ixora/bird-config';
import type { Community, LargeCommunity } from '@ixora/bird-client';
import type { LgCommunityMeaning, LgFilterReason } from './lg.types.js';

const NO_REASON: LgFilterReason = Object.freeze({
  code: 0,
  key: 'unknown',
  words: 'filtered by the import policy (the route carries no reason community)',
});

const NO_MEANINGS: readonly LgCommunityMeaning[] = Object.freeze([]);

/**
 * Why the route server `rsAsn` filtered a route: the first `RS:1101:code` large community
 * (DESIGN §7), in words from @ixora/bird-config's table. A filtered route without one still gets
 * a reason, so the looking glass never shows a filtered route without saying so.
 */
export function decodeFilterReason(
  rsAsn: number,
  largeCommunities: readonly LargeCommunity[],
): LgFilterReason {
  for (const [global, fn, code] of largeCommunities) {
    if (global !== rsAsn || fn !== FILTER_REASON_FUNCTION) continue;
    const reason = filterReasonByCode(code);
    if (reason) return { code, key: reason.key, words: reason.words };
    return {
      code,
      key: 'unknown',
      words: `filtered with reason code ${code}, which this ixora does not know`,
    };
  }
  return NO_REASON;
}

function peer(asn: number): string {
  return asn === 0 ? 'any peer' : `AS${asn}`;
}

function describeStandard(rsAsn: number, [high, low]: Community): string | undefined {
  const [gshutHigh, gshutLow] = WELL_KNOWN_COMMUNITIES.gracefulShutdown;
  const [bhHigh, bhLow] = WELL_KNOWN_COMMUNITIES.blackhole;
  const [noExportHigh, noExportLow] = WELL_KNOWN_COMMUNITIES.noExport;
  if (high === gshutHigh && low === gshutLow) return 'graceful shutdown (RFC 8326)';
  if (high === bhHigh && low === bhLow) return 'blackhole (RFC 7999)';
  if (high === noExportHigh && low === noExportLow) return 'NO_EXPORT (RFC 1997)';
  // Standard announcement control exists only for a 16-bit route-server ASN (DESIGN §7).
  if (rsAsn > 65535) return undefined;
  if (high === 0 && low === rsAsn) return 'do not announce to any peer';
  if (high === 0) return `do not announce to ${peer(low)}`;
  if (high === rsAsn) return `announce to ${peer(low)}`;
  if (high >= STANDARD_PREPEND_FIRST && high <= STANDARD_PREPEND_FIRST + 2)
    return `prepend ${high - STANDARD_PREPEND_FIRST + 1}× to ${peer(low)}`;
  return undefined;
}

function describeLarge(rsAsn: number, community: LargeCommunity): string | undefined {
  const described = describeLargeCommunity(rsAsn, community);
  if (described) return described;
  const [global, fn, value] = community;
  if (global !== rsAsn) return undefined;
  if (fn === CONTROL_FUNCTIONS.doNotAnnounce) return `do not announce to ${peer(value)}`;
  if (fn === CONTROL_FUNCTIONS.announce) return `announce to ${peer(value)}`;
  if (fn >= CONTROL_FUNCTIONS.prependOnce && fn <= CONTROL_FUNCTIONS.prependThrice)
    return `prepend ${fn - CONTROL_FUNCTIONS.prependOnce + 1}× to ${peer(value)}`;
  return undefined;
}

/** The communities of a route that ixora (or an RFC it follows) gives a meaning, in words. */
export function describeCommunities(
  rsAsn: number,
  communities: readonly Community[],
  largeCommunities: readonly LargeCommunity[],
): readonly LgCommunityMeaning[] {
  let meanings: LgCommunityMeaning[] | undefined;
  for (const community of communities) {
    const meaning = describeStandard(rsAsn, community);
    if (meaning) (meanings ??= []).push({ community: community.join(':'), meaning });
  }
  for (const community of largeCommunities) {
    const meaning = describeLarge(rsAsn, community);
    if (meaning) (meanings ??= []).push({ community: community.join(':'), meaning });
  }
  return meanings ?? NO_MEANINGS;
}
