/**
 * The BGP communities ixora's route servers set, read and strip: one table, read by the config
 * templates (through the view), the looking glass and the portal to turn communities into words.
 *
 * Numbering follows the Euro-IX large-community practice of IXP route servers (DESIGN §7):
 * `RS:1101:code` says why a route was filtered, `RS:1000:n` its RPKI state. Reasons ixora adds
 * use codes 65001 and up, the top of the 16-bit function range that Euro-IX leaves to each Ixp.
 */

export type FilterReasonKey =
  | 'prefix_too_long'
  | 'prefix_too_short'
  | 'bogon_prefix'
  | 'bogon_asn'
  | 'as_path_too_long'
  | 'first_asn_not_peer'
  | 'next_hop_not_peer'
  | 'irr_prefix'
  | 'irr_origin'
  | 'rpki_invalid'
  | 'transit_free_asn'
  | 'never_via_route_server_asn'
  | 'blackhole_not_authorised'
  | 'address_family_mismatch';

export interface FilterReason {
  readonly key: FilterReasonKey;
  /** The third field of the large community `RS_ASN:1101:code`. */
  readonly code: number;
  /** The import step of DESIGN §7 that sets it. */
  readonly step: number;
  readonly words: string;
  /** true for codes ixora defines itself (not in DESIGN §7's Euro-IX table). */
  readonly isIxoraDefined: boolean;
}

/** Second field of the filter-reason large community. */
export const FILTER_REASON_FUNCTION = 1101;
/** Second field of the RPKI-state large community. */
export const RPKI_STATE_FUNCTION = 1000;

export const REASON_COMMUNITIES: readonly FilterReason[] = Object.freeze([
  { key: 'prefix_too_long', code: 1, step: 4, words: 'prefix is longer than allowed', isIxoraDefined: false },
  {
    key: 'prefix_too_short',
    code: 2,
    step: 4,
    words: 'prefix is shorter than allowed',
    isIxoraDefined: false,
  },
  {
    key: 'bogon_prefix',
    code: 3,
    step: 4,
    words: "bogon prefix, IPv6 outside 2000::/3, or inside the Ixp's peering LAN",
    isIxoraDefined: false,
  },
  { key: 'bogon_asn', code: 4, step: 3, words: 'bogon ASN in the AS_PATH', isIxoraDefined: false },
  {
    key: 'as_path_too_long',
    code: 5,
    step: 3,
    words: 'AS_PATH is longer than allowed',
    isIxoraDefined: false,
  },
  {
    key: 'first_asn_not_peer',
    code: 7,
    step: 3,
    words: "first ASN in the AS_PATH is not the peer's",
    isIxoraDefined: false,
  },
  {
    key: 'next_hop_not_peer',
    code: 8,
    step: 2,
    words: "NEXT_HOP is not the peer's address",
    isIxoraDefined: false,
  },
  {
    key: 'irr_prefix',
    code: 9,
    step: 7,
    words: "prefix is not in the member's IRR data",
    isIxoraDefined: false,
  },
  {
    key: 'irr_origin',
    code: 10,
    step: 7,
    words: "origin ASN is not in the member's AS-SET",
    isIxoraDefined: false,
  },
  { key: 'rpki_invalid', code: 13, step: 6, words: 'RPKI origin validation: invalid', isIxoraDefined: false },
  {
    key: 'transit_free_asn',
    code: 14,
    step: 3,
    words: 'transit-free ASN in the AS_PATH',
    isIxoraDefined: false,
  },
  {
    key: 'never_via_route_server_asn',
    code: 65001,
    step: 3,
    words: 'AS_PATH contains a network that is never reached via route servers',
    isIxoraDefined: true,
  },
  {
    key: 'blackhole_not_authorised',
    code: 65002,
    step: 5,
    words: "blackhole request for a prefix outside the member's IRR data",
    isIxoraDefined: true,
  },
  {
    key: 'address_family_mismatch',
    code: 65003,
    step: 1,
    words: "address family does not match the session's",
    isIxoraDefined: true,
  },
] satisfies FilterReason[]);

export type RpkiStateKey = 'valid' | 'unknown' | 'not_checked' | 'invalid';

export interface RpkiStateCommunity {
  readonly key: RpkiStateKey;
  /** The third field of `RS_ASN:1000:n`. */
  readonly code: number;
  readonly words: string;
}

export const RPKI_STATE_COMMUNITIES: readonly RpkiStateCommunity[] = Object.freeze([
  { key: 'valid', code: 1, words: 'RPKI valid' },
  { key: 'unknown', code: 2, words: 'RPKI unknown (no covering ROA)' },
  { key: 'not_checked', code: 3, words: 'RPKI not checked' },
  { key: 'invalid', code: 4, words: 'RPKI invalid' },
] satisfies RpkiStateCommunity[]);

/** Well-known communities the route server acts on. */
export const WELL_KNOWN_COMMUNITIES = Object.freeze({
  /** RFC 8326 graceful shutdown: local preference 0. */
  gracefulShutdown: [65535, 0] as const,
  /** RFC 7999 blackhole request. */
  blackhole: [65535, 666] as const,
  /** RFC 1997 NO_EXPORT, added to accepted blackhole routes (RFC 7999 §3.2). */
  noExport: [65535, 65281] as const,
});

/** Announcement-control functions members send (DESIGN §7 export), large-community second field. */
export const CONTROL_FUNCTIONS = Object.freeze({
  doNotAnnounce: 0,
  announce: 1,
  prependOnce: 101,
  prependTwice: 102,
  prependThrice: 103,
});

/** Standard-community first field for prepend 1–3 times to a peer (`65511..65513:PEER`). */
export const STANDARD_PREPEND_FIRST = 65511;

/**
 * The name the generated BIRD config gives a reason code (`define IXORA_REASON_RPKI_INVALID = 13;`),
 * so filters read `ixora_filtered(IXORA_REASON_RPKI_INVALID)`. Keys are lower-case words joined by
 * `_`, so every name is a valid BIRD symbol.
 */
export function filterReasonConstant(key: FilterReasonKey): string {
  return `IXORA_REASON_${key.toUpperCase()}`;
}

/** The name the generated BIRD config gives an RPKI state code (`IXORA_RPKI_STATE_VALID`). */
export function rpkiStateConstant(key: RpkiStateKey): string {
  return `IXORA_RPKI_STATE_${key.toUpperCase()}`;
}

export function filterReasonByCode(code: number): FilterReason | undefined {
  return REASON_COMMUNITIES.find((reason) => reason.code === code);
}

export function filterReason(key: FilterReasonKey): FilterReason {
  const reason = REASON_COMMUNITIES.find((candidate) => candidate.key === key);
  if (!reason) throw new Error(`unknown filter reason ${key}`);
  return reason;
}

/**
 * Words for a large community the route server `rsAsn` sets, or undefined if it is not one of
 * ixora's informational communities (the looking glass shows those raw).
 */
export function describeLargeCommunity(
  rsAsn: number,
  community: readonly [number, number, number],
): string | undefined {
  const [global, fn, value] = community;
  if (global !== rsAsn) return undefined;
  if (fn === FILTER_REASON_FUNCTION) return filterReasonByCode(value)?.words;
  if (fn === RPKI_STATE_FUNCTION) return RPKI_STATE_COMMUNITIES.find((state) => state.code === value)?.words;
  return undefined;
}
