/**
 * The route-server config model: everything `renderRouteServerConfig` needs to write a complete
 * BIRD 2 config for one RouteServer, and nothing else. It never holds an entity: the builder in
 * `libs/domain` maps entities to this shape (calling {@link resolveImportPolicy} per session), and
 * tests and the lab construct it by hand.
 *
 * Conventions: ASNs are plain numbers (asplain, 1..4294967295); addresses and prefixes are strings
 * that `@ixora/net` parses ("192.0.2.10", "2001:db8::/32"); every list may arrive in any order —
 * `normaliseModel` validates, canonicalises and sorts it, so equal input renders byte-for-byte equal
 * output.
 */

export type AddressFamily = 'ipv4' | 'ipv6';

/** Which NEXT_HOP a member may announce (DESIGN §7 step 2). */
export type NextHopPolicy =
  /** only the session's own peer address (RFC 7947 §2.2 leaves the choice to the operator). */
  | 'strict'
  /** any address of the same member on the peering LAN (routers of one network share routes). */
  | 'same-member';

/** What the RPKI step does with the origin-validation state (RFC 6811). */
export type RpkiPolicy =
  /** invalid is filtered with RS:1101:13; valid/unknown tagged RS:1000:1/2. */
  | 'reject-invalid'
  /** every state is tagged, invalid (RS:1000:4) is kept and exported. */
  | 'tag-only'
  /** no validation; routes tagged RS:1000:3 "not checked". */
  | 'off';

/** BIRD's action when a session exceeds its max-prefix limit (`receive limit … action`). */
export type MaxPrefixAction = 'restart' | 'block' | 'disable' | 'warn';

/** RFC 9234 role the route server announces; `none` for peers whose software chokes on it. */
export type BgpRole = 'rs_server' | 'none';

/** Health of a member's IRR expansion (PrefixSet status). */
export type IrrStatus =
  /** expanded on the last refresh. */
  | 'ok'
  /** the last refresh failed; these are the last good data. */
  | 'stale'
  /** nothing usable (empty AS-SET or failed first fetch): the IRR step accepts no route. */
  | 'empty';

/**
 * One prefix-set entry in BIRD's `prefix{low,high}` form: matches every route inside `prefix`
 * whose length is within low..high (prefix length ≤ low ≤ high ≤ 32/128). `{prefix, low: len,
 * high: len}` is an exact match. Plain strings are accepted where an entry is expected and mean
 * the exact prefix.
 */
export interface PrefixSetEntry {
  readonly prefix: string;
  readonly low: number;
  readonly high: number;
}

/**
 * The settings of an ImportPolicy (DESIGN §7) that the Ixp sets as defaults and a member or a
 * session may override. Lengths and limits are per family because the Ixp and member levels
 * cover both families; a resolved policy keeps only its session's family.
 */
export interface ImportPolicySettings {
  readonly nextHopPolicy: NextHopPolicy;
  /** Longest AS_PATH accepted (ASNs counted with prepends), 1..255; RS default 64. */
  readonly maxAsPathLength: number;
  readonly minPrefixLengthV4: number;
  readonly maxPrefixLengthV4: number;
  readonly minPrefixLengthV6: number;
  readonly maxPrefixLengthV6: number;
  /** Origin ASN must be in the member's expanded AS-SET (RS:1101:10 otherwise). */
  readonly irrEnforceOrigin: boolean;
  /** Prefix must be in the member's route/route6 objects (RS:1101:9 otherwise). */
  readonly irrEnforcePrefix: boolean;
  /** More-specifics of registered prefixes pass, up to the max prefix length. */
  readonly irrAllowMoreSpecifics: boolean;
  readonly rpkiPolicy: RpkiPolicy;
  readonly maxPrefixAction: MaxPrefixAction;
  /** With action `restart`: minutes BIRD waits before it re-establishes the session, 1..1440. */
  readonly maxPrefixRestartMinutes: number;
  /** Blackhole requests (65535:666, RFC 7999) accepted for the member's own prefixes. */
  readonly allowBlackhole: boolean;
  /** Reject routes with a transit-free ASN behind the peer (RS:1101:14). */
  readonly enforceTransitFree: boolean;
  readonly bgpRole: BgpRole;
  /** The route server waits for the member to open the session. */
  readonly passive: boolean;
  /** ADD-PATH transmit (RFC 7911), so members can see every path, not only the best. */
  readonly addPath: boolean;
}

/** Ixp-wide defaults: every setting, plus the max-prefix fallbacks. */
export interface IxpPolicyDefaults extends ImportPolicySettings {
  readonly maxPrefixesV4: number;
  readonly maxPrefixesV6: number;
  /** Added to PeeringDB's `info_prefixes4/6` (percent, e.g. 20 → ×1.2 rounded up). */
  readonly maxPrefixHeadroomPercent: number;
}

/** A member's overrides (staff) and what PeeringDB says about it. */
export interface MemberPolicyOverrides extends Partial<ImportPolicySettings> {
  /** Staff's max-prefix override; wins over PeeringDB. */
  readonly maxPrefixesV4?: number | null;
  readonly maxPrefixesV6?: number | null;
  /** PeeringDB `info_prefixes4/6`; 0 or absent means "not published". */
  readonly peeringDbPrefixesV4?: number | null;
  readonly peeringDbPrefixesV6?: number | null;
}

/** A single session's overrides (staff); win over member and Ixp. */
export interface SessionPolicyOverrides extends Partial<ImportPolicySettings> {
  readonly maxPrefixes?: number | null;
  /** TCP MD5 signature key (RFC 2385); printable ASCII without `"` or `\`, ≤ 80 characters. */
  readonly md5Password?: string | null;
}

/** Where a resolved max-prefix limit came from (shown to staff). */
export type MaxPrefixSource = 'session' | 'member' | 'peeringdb' | 'ixp';

/** Every import setting of one session, for its family: the output of `resolveImportPolicy`. */
export interface ResolvedImportPolicy {
  readonly family: AddressFamily;
  readonly nextHopPolicy: NextHopPolicy;
  readonly maxAsPathLength: number;
  readonly minPrefixLength: number;
  readonly maxPrefixLength: number;
  readonly irrEnforceOrigin: boolean;
  readonly irrEnforcePrefix: boolean;
  readonly irrAllowMoreSpecifics: boolean;
  readonly rpkiPolicy: RpkiPolicy;
  readonly maxPrefixes: number;
  readonly maxPrefixSource: MaxPrefixSource;
  readonly maxPrefixAction: MaxPrefixAction;
  readonly maxPrefixRestartMinutes: number;
  readonly allowBlackhole: boolean;
  readonly enforceTransitFree: boolean;
  readonly bgpRole: BgpRole;
  readonly passive: boolean;
  readonly addPath: boolean;
  readonly md5Password: string | null;
}

export interface RouteServerInfo {
  /** Shown in the config header; letters, digits, `.`, `_`, `-` (≤ 64). */
  readonly name: string;
  readonly asn: number;
  /** IPv4 address notation, unique per route server. */
  readonly routerId: string;
  /** The route server's own address on the peering LAN per family (`local` of each session). */
  readonly ipv4?: string | null;
  readonly ipv6?: string | null;
}

export interface IxpInfo {
  readonly name: string;
  /** The Ixp's own peering LANs: routes inside them are filtered (RS:1101:3). */
  readonly peeringLanPrefixesV4: readonly string[];
  readonly peeringLanPrefixesV6: readonly string[];
  /** Blackhole next hop (RFC 7999 §3.2); absent: blackhole routes keep the member's next hop. */
  readonly blackholeNextHopV4?: string | null;
  readonly blackholeNextHopV6?: string | null;
}

/** One member and its IRR data (PrefixSet). Sessions refer to it by ASN. */
export interface MemberConfig {
  readonly asn: number;
  readonly name: string;
  /** The AS-SET the prefix and ASN sets were expanded from (RPSL name, e.g. "AS-EXAMPLE"). */
  readonly asSet?: string | null;
  readonly irrStatus: IrrStatus;
  /** Aggregated route objects; `{prefix, low, high}` or exact-prefix strings. */
  readonly prefixesV4: readonly (PrefixSetEntry | string)[];
  readonly prefixesV6: readonly (PrefixSetEntry | string)[];
  /** Expanded AS-SET: the origin ASNs this member may announce. */
  readonly asns: readonly number[];
}

export interface SessionConfig {
  /** Stable RouteServerSession id (positive integer); part of the BIRD protocol name. */
  readonly id: number;
  readonly memberAsn: number;
  readonly family: AddressFamily;
  /** The member router's address on the peering LAN (the BGP neighbor). */
  readonly peerAddress: string;
  /** With next-hop policy `same-member`: every address of the member on the LAN in this family. */
  readonly memberAddresses?: readonly string[];
  /** Free text for `description`; any character is accepted and made safe when rendered. */
  readonly description: string;
  /** A disabled session is rendered `disabled` (kept in the config so the LG still lists it). */
  readonly isEnabled: boolean;
  /** Route server side graceful shutdown (RFC 8326): exported routes get 65535:0. */
  readonly isGracefulShutdown?: boolean;
  readonly policy: ResolvedImportPolicy;
}

/** A validated ROA payload (RFC 6811). */
export interface Vrp {
  readonly prefix: string;
  readonly maxLength: number;
  readonly asn: number;
}

/**
 * RPKI source: `static` carries every VRP in the config (ROA tables filled by a static protocol),
 * `rtr` has BIRD fetch them from an RTR cache (RFC 8210) at `host:port`.
 */
export type RpkiConfig =
  | { readonly mode: 'static'; readonly vrps: readonly Vrp[] }
  | { readonly mode: 'rtr'; readonly rtrHost: string; readonly rtrPort: number };

export interface AsnRangeConfig {
  readonly from: number;
  readonly to: number;
}

export interface RouteServerConfigModel {
  readonly routeServer: RouteServerInfo;
  readonly ixp: IxpInfo;
  readonly members: readonly MemberConfig[];
  readonly sessions: readonly SessionConfig[];
  readonly rpki: RpkiConfig;
  /** PeeringDB "never via route servers" networks: filtered behind a peer (RS:1101:65001). */
  readonly neverViaRouteServerAsns: readonly number[];
  /** Transit-free networks: filtered behind a peer where the session enforces it (RS:1101:14). */
  readonly transitFreeAsns: readonly number[];
  /** Usually `BOGON_PREFIXES_V4/V6` and `BOGON_ASN_RANGES` of `@ixora/net` (see `defaultBogons`). */
  readonly bogonPrefixesV4: readonly string[];
  readonly bogonPrefixesV6: readonly string[];
  readonly bogonAsnRanges: readonly AsnRangeConfig[];
}
