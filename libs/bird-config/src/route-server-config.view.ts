import { createHash } from 'node:crypto';
import { sanitiseBirdComment } from './bird-text.js';
import {
  FILTER_REASON_FUNCTION,
  filterReasonConstant,
  REASON_COMMUNITIES,
  RPKI_STATE_COMMUNITIES,
  rpkiStateConstant,
  type FilterReasonKey,
} from './communities.js';
import { POLICY_SETTING_CHOICES, type ImportPolicySettingKey } from './import-policy.settings.js';
import { prefixContains } from './prefix-entry.parser.js';
import type {
  NormalisedMember,
  NormalisedModel,
  NormalisedPrefixEntry,
} from './route-server-config.normaliser.js';
import type {
  AddressFamily,
  ResolvedImportPolicy,
  RpkiPolicy,
  SessionConfig,
} from './route-server-config.model.js';

/**
 * The view the Handlebars templates print: every decision is already made here (which sets a
 * member needs, which arguments a session passes to the shared filter functions), so templates only
 * place values. Names of BIRD symbols are fixed patterns of validated numbers, never free text.
 */
export interface RenderView {
  readonly routeServerName: string;
  readonly ixpName: string;
  readonly routerId: string;
  readonly rsAsn: number;
  /** `0:RS`, `RS:PEER` standard communities exist only for a 16-bit route-server ASN. */
  readonly hasStandardRsCommunities: boolean;
  readonly memberCount: number;
  readonly sessionCount: number;
  /** The `define`d name of each filter reason code, for `ixora_filtered(<name>)`. */
  readonly reasons: Readonly<Record<FilterReasonKey, string>>;
  readonly reasonFunction: number;
  /** The `define`d name of each RPKI state code, for `(RS_ASN, 1000, <name>)`. */
  readonly rpkiStates: Readonly<Record<'valid' | 'unknown' | 'notChecked' | 'invalid', string>>;
  /** `define`s of the reason codes, RPKI states and RPKI policies, from the community and settings tables. */
  /** The `define`d name of each RPKI policy, for `rpki_policy = <name>`. */
  readonly rpkiPolicies: Readonly<Record<'off' | 'tagOnly' | 'rejectInvalid', string>>;
  readonly reasonConstants: readonly ConstantView[];
  readonly rpkiStateConstants: readonly ConstantView[];
  readonly rpkiPolicyConstants: readonly Omit<ConstantView, 'meaning'>[];
  readonly sets: readonly SetView[];
  /** `ixora_import_v4` and `ixora_import_v6`: one template, these differences. */
  readonly importFunctions: readonly ImportFunctionView[];
  readonly rpki: RpkiView;
  readonly members: readonly MemberView[];
  readonly sessions: readonly SessionView[];
}

export interface ConstantView {
  readonly name: string;
  readonly value: number;
  /** What the value means, from the table it comes from (ixora's own words, not input). */
  readonly meaning: string;
}

export interface ImportFunctionView {
  readonly name: string;
  readonly familyName: 'IPv4' | 'IPv6';
  readonly netType: 'NET_IP4' | 'NET_IP6';
  readonly roaTable: string;
  readonly bogonPrefixes: string;
  readonly peeringLans: string;
  /** IPv6 accepts only global unicast (this prefix and its more-specifics); null for IPv4. */
  readonly globalUnicast: string | null;
  /** Blackhole next hop (RFC 7999 §3.2); null: blackhole routes keep the member's next hop. */
  readonly blackholeNextHop: string | null;
}

export interface SetView {
  readonly name: string;
  readonly comment: string;
  /** Set elements, each already in BIRD syntax; printed one a line. */
  readonly elements: readonly string[];
}

export interface RpkiView {
  readonly isStatic: boolean;
  readonly roasV4: readonly string[];
  readonly roasV6: readonly string[];
  readonly rtrHost: string;
  readonly rtrPort: number;
}

export interface MemberView {
  readonly asn: number;
  readonly comment: string;
  readonly warning: string | null;
  readonly sets: readonly SetView[];
}

export interface SessionView {
  readonly protocolName: string;
  readonly description: string;
  readonly isDisabled: boolean;
  readonly localAddress: string | null;
  readonly peerAddress: string;
  readonly peerAsn: number;
  readonly hasRole: boolean;
  readonly isPassive: boolean;
  readonly password: string | null;
  /** BIRD's restart delay after a max-prefix restart, seconds; null unless action is restart. */
  readonly errorWaitSeconds: number | null;
  readonly channel: AddressFamily;
  readonly maxPrefixes: number;
  readonly maxPrefixAction: string;
  readonly hasAddPath: boolean;
  readonly importFunction: string;
  /**
   * One comment line above `import where`: the resolved policy in words (AS-SET and entry counts,
   * max-prefix and its source, RPKI policy, the optional checks on and off). Sanitised; not part
   * of {@link inputsDigest}, because the filter does not depend on it.
   */
  readonly policySummary: string;
  readonly importArgs: ImportArgs;
  readonly isGracefulShutdown: boolean;
  /**
   * SHA-256 of everything this session's filters depend on: its own settings, the member sets it
   * passes to the shared functions, the shared sets and the templates. Printed before the
   * protocol so a deploy can `reload in` exactly the sessions whose inputs changed (BIRD 2.0.12's
   * own comparison misses some prefix-set changes; docs/adr/0009).
   */
  readonly inputsDigest: string;
}

/** Arguments of `ixora_import_v4/v6`, in the order the function declares them. */
export interface ImportArgs {
  readonly nextHops: string;
  readonly irrPrefixes: string;
  readonly blackholePrefixes: string;
  readonly irrAsns: string;
  readonly maxPathLength: number;
  readonly minLength: number;
  readonly maxLength: number;
  readonly checkOrigin: boolean;
  readonly checkPrefix: boolean;
  readonly rpkiPolicy: string;
  readonly allowBlackhole: boolean;
  readonly checkTransitFree: boolean;
}

/** The value `ixora_import_v4/v6` receive for each RPKI policy of the settings table. */
const RPKI_POLICY_VALUE: Readonly<Record<RpkiPolicy, number>> = {
  off: 0,
  'tag-only': 1,
  'reject-invalid': 2,
};

/** `reject-invalid` → `IXORA_RPKI_POLICY_REJECT_INVALID`: the setting's own words, as a BIRD symbol. */
function rpkiPolicyConstant(policy: RpkiPolicy): string {
  return `IXORA_RPKI_POLICY_${policy.toUpperCase().replace(/-/g, '_')}`;
}

/** Switches of the settings table that turn a step of the import filter on or off. */
const IMPORT_CHECK_SWITCHES = [
  'irrEnforceOrigin',
  'irrEnforcePrefix',
  'irrAllowMoreSpecifics',
  'allowBlackhole',
  'enforceTransitFree',
] as const satisfies readonly (ImportPolicySettingKey & keyof ResolvedImportPolicy)[];

/** BIRD protocol name of a session: `AS<member asn>_v4_<session id>` (looking glass reads it back). */
export function bgpProtocolName(session: Pick<SessionConfig, 'memberAsn' | 'family' | 'id'>): string {
  return `AS${session.memberAsn}_${session.family === 'ipv4' ? 'v4' : 'v6'}_${session.id}`;
}

/** Parses a protocol name made by {@link bgpProtocolName}; undefined for any other protocol. */
export function parseBgpProtocolName(
  name: string,
): { memberAsn: number; family: AddressFamily; sessionId: number } | undefined {
  const match = /^AS([0-9]+)_v([46])_([0-9]+)$/.exec(name);
  if (!match) return undefined;
  return {
    memberAsn: Number(match[1]),
    family: match[2] === '4' ? 'ipv4' : 'ipv6',
    sessionId: Number(match[3]),
  };
}

/** Names of a member's `define`d sets. */
export function memberSetNames(asn: number): {
  prefixesV4: string;
  prefixesV6: string;
  orLongerV4: string;
  orLongerV6: string;
  asns: string;
} {
  return {
    prefixesV4: `AS${asn}_PREFIXES_V4`,
    prefixesV6: `AS${asn}_PREFIXES_V6`,
    orLongerV4: `AS${asn}_PREFIXES_V4_OR_LONGER`,
    orLongerV6: `AS${asn}_PREFIXES_V6_OR_LONGER`,
    asns: `AS${asn}_ASNS`,
  };
}

/** One prefix-set element in BIRD syntax: `p` exact, `p+` or-longer, else `p{low,high}`. */
export function formatPrefixSetEntry(entry: NormalisedPrefixEntry, bits: 32 | 128): string {
  const length = entry.parsed.length;
  if (entry.low === length && entry.high === length) return entry.prefix;
  if (entry.low === length && entry.high === bits) return `${entry.prefix}+`;
  return `${entry.prefix}{${entry.low},${entry.high}}`;
}

/**
 * The entries widened to every more-specific (`{low, bits}`), without entries another one already
 * covers. Used for blackhole authorisation and for sessions that allow more-specifics (the length
 * step bounds them to the session's maximum).
 */
export function orLongerEntries(
  entries: readonly NormalisedPrefixEntry[],
  bits: 32 | 128,
): NormalisedPrefixEntry[] {
  const kept: NormalisedPrefixEntry[] = [];
  // Sorted by network then length: an entry's covering entries come before it, on a stack.
  const stack: NormalisedPrefixEntry[] = [];
  for (const entry of entries) {
    while (stack.length > 0 && !prefixContains(stack[stack.length - 1]!.parsed, entry.parsed)) stack.pop();
    if (stack.some((outer) => outer.low <= entry.low)) continue;
    const widened = { prefix: entry.prefix, low: entry.low, high: bits, parsed: entry.parsed };
    kept.push(widened);
    stack.push(widened);
  }
  return kept;
}

export interface RenderViewOptions {
  /** A digest of the templates the view is printed with; part of every session's input digest. */
  readonly templateFingerprint?: string;
}

function sha256(parts: readonly string[]): string {
  const hash = createHash('sha256');
  // A separator no part contains, so ["ab", "c"] and ["a", "bc"] differ.
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** Fills in each session's {@link SessionView.inputsDigest}. */
function withInputDigests(
  view: Omit<RenderView, 'sessions'> & { sessions: readonly Omit<SessionView, 'inputsDigest'>[] },
  templateFingerprint: string,
): RenderView {
  const { sessions, members, ...shared } = view;
  // Everything but the sessions, the members' sets and the ROAs: ROA changes re-run the import
  // filters by themselves (import table with BIRD's rpki reload), so they need no reload.
  const sharedDigest = sha256([
    templateFingerprint,
    JSON.stringify({
      ...shared,
      memberCount: 0,
      sessionCount: 0,
      rpki: { ...shared.rpki, roasV4: [], roasV6: [] },
    }),
  ]);
  const setDigests = new Map<string, string>();
  for (const member of members)
    for (const set of member.sets) setDigests.set(set.name, sha256([set.name, set.elements.join('\n')]));
  return {
    ...view,
    sessions: sessions.map((session) => ({
      ...session,
      inputsDigest: sha256([
        sharedDigest,
        JSON.stringify({ ...session, policySummary: undefined }),
        ...[
          session.importArgs.irrPrefixes,
          session.importArgs.blackholePrefixes,
          session.importArgs.irrAsns,
        ].map((name) => setDigests.get(name) ?? `${name}: undefined`),
      ]),
    })),
  };
}

export function buildRenderView(model: NormalisedModel, options: RenderViewOptions = {}): RenderView {
  return withInputDigests(buildUndigestedView(model), options.templateFingerprint ?? '');
}

function buildUndigestedView(
  model: NormalisedModel,
): Omit<RenderView, 'sessions'> & { sessions: readonly Omit<SessionView, 'inputsDigest'>[] } {
  const rsAsn = model.routeServer.asn;
  const reasons = Object.fromEntries(
    REASON_COMMUNITIES.map((reason) => [reason.key, filterReasonConstant(reason.key)]),
  ) as Record<FilterReasonKey, string>;

  const sessionsByMember = new Map<number, SessionConfig[]>();
  for (const session of model.sessions) {
    const list = sessionsByMember.get(session.memberAsn) ?? [];
    list.push(session);
    sessionsByMember.set(session.memberAsn, list);
  }

  const membersByAsn = new Map(model.members.map((member) => [member.asn, member]));
  const members = model.members
    .filter((member) => sessionsByMember.has(member.asn))
    .map((member) => memberView(member, sessionsByMember.get(member.asn)!));

  return {
    routeServerName: model.routeServer.name,
    ixpName: model.ixp.name,
    routerId: model.routeServer.routerId,
    rsAsn,
    hasStandardRsCommunities: rsAsn <= 65535,
    memberCount: members.length,
    sessionCount: model.sessions.length,
    reasons,
    reasonFunction: FILTER_REASON_FUNCTION,
    rpkiStates: {
      valid: rpkiStateConstant('valid'),
      unknown: rpkiStateConstant('unknown'),
      notChecked: rpkiStateConstant('not_checked'),
      invalid: rpkiStateConstant('invalid'),
    },
    rpkiPolicies: {
      off: rpkiPolicyConstant('off'),
      tagOnly: rpkiPolicyConstant('tag-only'),
      rejectInvalid: rpkiPolicyConstant('reject-invalid'),
    },
    reasonConstants: REASON_COMMUNITIES.map((reason) => ({
      name: filterReasonConstant(reason.key),
      value: reason.code,
      meaning: reason.words,
    })),
    rpkiStateConstants: RPKI_STATE_COMMUNITIES.map((state) => ({
      name: rpkiStateConstant(state.key),
      value: state.code,
      meaning: state.words,
    })),
    rpkiPolicyConstants: [...POLICY_SETTING_CHOICES.rpkiPolicy]
      .map((policy) => ({ name: rpkiPolicyConstant(policy), value: RPKI_POLICY_VALUE[policy] }))
      .sort((a, b) => a.value - b.value),
    sets: [
      {
        name: 'IXORA_BOGON_ASNS',
        comment: 'bogon ASNs (RFC 7607, 6793, 5398, 6996, 7300, IANA reserved)',
        elements: model.bogonAsnRanges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}..${r.to}`)),
      },
      {
        name: 'IXORA_NEVER_VIA_RS_ASNS',
        comment: 'networks never reached via route servers (PeeringDB)',
        elements: model.neverViaRouteServerAsns.map(String),
      },
      {
        name: 'IXORA_TRANSIT_FREE_ASNS',
        comment: 'transit-free networks',
        elements: model.transitFreeAsns.map(String),
      },
      {
        name: 'IXORA_BOGON_PREFIXES_V4',
        comment: 'IPv4 bogons and their more-specifics',
        elements: model.bogonPrefixesV4.map((p) => `${p}+`),
      },
      {
        name: 'IXORA_BOGON_PREFIXES_V6',
        comment: 'IPv6 bogons and their more-specifics',
        elements: model.bogonPrefixesV6.map((p) => `${p}+`),
      },
      {
        name: 'IXORA_PEERING_LANS_V4',
        comment: "the Ixp's own peering LANs",
        elements: model.ixp.peeringLanPrefixesV4.map((p) => `${p}+`),
      },
      {
        name: 'IXORA_PEERING_LANS_V6',
        comment: "the Ixp's own peering LANs",
        elements: model.ixp.peeringLanPrefixesV6.map((p) => `${p}+`),
      },
    ],
    importFunctions: [
      {
        name: 'ixora_import_v4',
        familyName: 'IPv4',
        netType: 'NET_IP4',
        roaTable: 'ixora_roa4',
        bogonPrefixes: 'IXORA_BOGON_PREFIXES_V4',
        peeringLans: 'IXORA_PEERING_LANS_V4',
        globalUnicast: null,
        blackholeNextHop: model.ixp.blackholeNextHopV4 ?? null,
      },
      {
        name: 'ixora_import_v6',
        familyName: 'IPv6',
        netType: 'NET_IP6',
        roaTable: 'ixora_roa6',
        bogonPrefixes: 'IXORA_BOGON_PREFIXES_V6',
        peeringLans: 'IXORA_PEERING_LANS_V6',
        globalUnicast: '2000::/3',
        blackholeNextHop: model.ixp.blackholeNextHopV6 ?? null,
      },
    ],
    rpki:
      model.rpki.mode === 'static'
        ? {
            isStatic: true,
            roasV4: model.rpki.vrps
              .filter((v) => !v.prefix.includes(':'))
              .map((v) => `${v.prefix} max ${v.maxLength} as ${v.asn}`),
            roasV6: model.rpki.vrps
              .filter((v) => v.prefix.includes(':'))
              .map((v) => `${v.prefix} max ${v.maxLength} as ${v.asn}`),
            rtrHost: '',
            rtrPort: 0,
          }
        : {
            isStatic: false,
            roasV4: [],
            roasV6: [],
            rtrHost: model.rpki.rtrHost,
            rtrPort: model.rpki.rtrPort,
          },
    members,
    sessions: model.sessions.map((session) =>
      sessionView(session, model, membersByAsn.get(session.memberAsn)!),
    ),
  };
}

function needsOrLonger(session: SessionConfig): boolean {
  return session.policy.irrAllowMoreSpecifics || session.policy.allowBlackhole;
}

function memberView(member: NormalisedMember, sessions: readonly SessionConfig[]): MemberView {
  const names = memberSetNames(member.asn);
  const hasV4 = sessions.some((s) => s.family === 'ipv4');
  const hasV6 = sessions.some((s) => s.family === 'ipv6');
  const sets: SetView[] = [
    { name: names.asns, comment: 'origin ASNs (expanded AS-SET)', elements: member.asns.map(String) },
  ];
  if (hasV4) {
    sets.push({
      name: names.prefixesV4,
      comment: 'route objects',
      elements: member.prefixesV4.map((e) => formatPrefixSetEntry(e, 32)),
    });
    if (sessions.some((s) => s.family === 'ipv4' && needsOrLonger(s))) {
      sets.push({
        name: names.orLongerV4,
        comment: 'route objects and their more-specifics',
        elements: orLongerEntries(member.prefixesV4, 32).map((e) => formatPrefixSetEntry(e, 32)),
      });
    }
  }
  if (hasV6) {
    sets.push({
      name: names.prefixesV6,
      comment: 'route6 objects',
      elements: member.prefixesV6.map((e) => formatPrefixSetEntry(e, 128)),
    });
    if (sessions.some((s) => s.family === 'ipv6' && needsOrLonger(s))) {
      sets.push({
        name: names.orLongerV6,
        comment: 'route6 objects and their more-specifics',
        elements: orLongerEntries(member.prefixesV6, 128).map((e) => formatPrefixSetEntry(e, 128)),
      });
    }
  }
  const source = member.asSet ? `${member.asSet}, ` : '';
  return {
    asn: member.asn,
    comment: sanitiseBirdComment(`AS${member.asn}: ${source}IRR ${member.irrStatus}`),
    warning:
      member.irrStatus === 'empty'
        ? `AS${member.asn} has no IRR data (empty or failed expansion): the IRR step accepts none of its routes`
        : member.irrStatus === 'stale'
          ? `AS${member.asn}: IRR refresh failed, using the last good data`
          : null,
    sets,
  };
}

function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The resolved policy of a session in one line, e.g. `AS-SET AS-EXAMPLE: 3 ASNs, 12 IPv4 prefix
 * entries; max-prefix 100 from peeringdb; RPKI reject-invalid; on: irrEnforceOrigin, …; off: …`.
 * Setting names and values are those `policy show` prints. The AS-SET name comes from outside:
 * the normaliser checked it against the RPSL grammar, and the line is sanitised all the same.
 */
function policySummary(session: SessionConfig, member: NormalisedMember): string {
  const policy = session.policy;
  const prefixes = session.family === 'ipv4' ? member.prefixesV4 : member.prefixesV6;
  const family = session.family === 'ipv4' ? 'IPv4' : 'IPv6';
  const irrSource = member.asSet ? `AS-SET ${member.asSet}` : 'no AS-SET';
  const irrHealth = member.irrStatus === 'ok' ? '' : ` (IRR ${member.irrStatus})`;
  const on = IMPORT_CHECK_SWITCHES.filter((key) => policy[key]);
  const off = IMPORT_CHECK_SWITCHES.filter((key) => !policy[key]);
  return sanitiseBirdComment(
    [
      `${irrSource}${irrHealth}: ${counted(member.asns.length, 'ASN', 'ASNs')}, ` +
        counted(prefixes.length, `${family} prefix entry`, `${family} prefix entries`),
      `max-prefix ${policy.maxPrefixes} from ${policy.maxPrefixSource}`,
      `RPKI ${policy.rpkiPolicy}`,
      `on: ${on.join(', ') || 'none'}`,
      `off: ${off.join(', ') || 'none'}`,
    ].join('; '),
  );
}

function sessionView(
  session: SessionConfig,
  model: NormalisedModel,
  member: NormalisedMember,
): Omit<SessionView, 'inputsDigest'> {
  const policy = session.policy;
  const isV4 = session.family === 'ipv4';
  const names = memberSetNames(session.memberAsn);
  const exact = isV4 ? names.prefixesV4 : names.prefixesV6;
  const orLonger = isV4 ? names.orLongerV4 : names.orLongerV6;
  const nextHops =
    policy.nextHopPolicy === 'strict'
      ? [session.peerAddress]
      : (session.memberAddresses ?? [session.peerAddress]);
  return {
    protocolName: bgpProtocolName(session),
    description: session.description,
    isDisabled: !session.isEnabled,
    localAddress: (isV4 ? model.routeServer.ipv4 : model.routeServer.ipv6) ?? null,
    peerAddress: session.peerAddress,
    peerAsn: session.memberAsn,
    hasRole: policy.bgpRole === 'rs_server',
    isPassive: policy.passive,
    password: policy.md5Password ?? null,
    errorWaitSeconds: policy.maxPrefixAction === 'restart' ? policy.maxPrefixRestartMinutes * 60 : null,
    channel: session.family,
    maxPrefixes: policy.maxPrefixes,
    maxPrefixAction: policy.maxPrefixAction,
    hasAddPath: policy.addPath,
    importFunction: isV4 ? 'ixora_import_v4' : 'ixora_import_v6',
    policySummary: policySummary(session, member),
    importArgs: {
      nextHops: `[ ${nextHops.join(', ')} ]`,
      irrPrefixes: policy.irrAllowMoreSpecifics ? orLonger : exact,
      blackholePrefixes: policy.allowBlackhole ? orLonger : exact,
      irrAsns: names.asns,
      maxPathLength: policy.maxAsPathLength,
      minLength: policy.minPrefixLength,
      maxLength: policy.maxPrefixLength,
      checkOrigin: policy.irrEnforceOrigin,
      checkPrefix: policy.irrEnforcePrefix,
      rpkiPolicy: rpkiPolicyConstant(policy.rpkiPolicy),
      allowBlackhole: policy.allowBlackhole,
      checkTransitFree: policy.enforceTransitFree,
    },
    isGracefulShutdown: session.isGracefulShutdown === true,
  };
}
