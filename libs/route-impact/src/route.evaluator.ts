import {
  filterReason,
  normaliseModel,
  parseModelPrefix,
  type FilterReasonKey,
  type MemberConfig,
  type NormalisedModel,
  type ParsedPrefix,
  type PrefixSetEntry,
  type RouteServerConfigModel,
  type RpkiStateKey,
  type SessionConfig,
} from '@ixora/bird-config';
import { IpAddress } from '@ixora/net';
import { PrefixSetMatcher, RoaMatcher, type RoaState } from './prefix.matcher.js';

/** A route as a member sent it to the route server (before the import filter). */
export interface ReceivedRoute {
  readonly prefix: string;
  /** AS_SEQUENCE, first ASN the neighbor's; AS_SETs are not modelled (RFC 6472 deprecates them). */
  readonly asPath: readonly number[];
  /**
   * null: not known (BIRD shows the next hop an accepted blackhole route was rewritten to), and the
   * neighbor's own address is assumed.
   */
  readonly nextHop: string | null;
  /** Standard communities (RFC 1997) as [high, low]; only 65535:666 and 65535:0 change the decision. */
  readonly communities: readonly (readonly [number, number])[];
  /**
   * The RPKI state BIRD gave this route (its `RS:1000:n`), used when the model's ROAs come from an
   * RTR cache and so are not in the model. Absent there: the route counts as RPKI unknown.
   */
  readonly observedRpkiState?: RoaState;
}

export type RouteDecision =
  | {
      readonly isAccepted: true;
      readonly rpkiState: RpkiStateKey;
      readonly isBlackhole: boolean;
      /** true when the RPKI state is an assumption (RTR mode, route never validated by BIRD). */
      readonly isRpkiAssumed: boolean;
    }
  | {
      readonly isAccepted: false;
      readonly reason: FilterReasonKey;
      /** The third field of `RS_ASN:1101:code`. */
      readonly code: number;
      /** The RPKI state tagged before the route was filtered; null when it was filtered before step 6. */
      readonly rpkiState: RpkiStateKey | null;
      readonly isRpkiAssumed: boolean;
    };

function filtered(
  key: FilterReasonKey,
  rpkiState: RpkiStateKey | null = null,
  isRpkiAssumed = false,
): RouteDecision {
  return { isAccepted: false, reason: key, code: filterReason(key).code, rpkiState, isRpkiAssumed };
}

const BLACKHOLE = [65535, 666] as const;

function hasCommunity(route: ReceivedRoute, [high, low]: readonly [number, number]): boolean {
  return route.communities.some(([h, l]) => h === high && l === low);
}

interface MemberSets {
  readonly asns: ReadonlySet<number>;
  readonly exact: PrefixSetMatcher;
  /** Only when a session of the member in this family allows more-specifics or blackholing. */
  readonly orLonger: PrefixSetMatcher | null;
}

/** Options of {@link RouteEvaluator}. */
export interface RouteEvaluatorOptions {
  /**
   * Another evaluator (the deployed model's) whose members' sets are reused where this model's
   * member has the same IRR data: an impact compiles each unchanged member once, not twice.
   */
  readonly shareWith?: RouteEvaluator;
}

function sameEntries(
  a: readonly (PrefixSetEntry | string)[],
  b: readonly (PrefixSetEntry | string)[],
): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === 'string' || typeof y === 'string') {
      if (x !== y) return false;
    } else if (x.prefix !== y.prefix || x.low !== y.low || x.high !== y.high) return false;
  }
  return true;
}

function sameIrrData(a: MemberConfig, b: MemberConfig, family: 4 | 6): boolean {
  return (
    a.irrStatus === b.irrStatus &&
    sameEntries(family === 4 ? a.prefixesV4 : a.prefixesV6, family === 4 ? b.prefixesV4 : b.prefixesV6) &&
    a.asns.length === b.asns.length &&
    a.asns.every((asn, i) => asn === b.asns[i])
  );
}

/** What one session's `import where ixora_import_v4/v6(…)` receives, ready to match. */
export interface CompiledSession {
  readonly session: SessionConfig;
  readonly nextHops: ReadonlySet<string>;
  readonly irrPrefixes: PrefixSetMatcher;
  readonly blackholePrefixes: PrefixSetMatcher;
  readonly irrAsns: ReadonlySet<number>;
}

/**
 * The import filter of a route-server config, in TypeScript: the same steps, in the same order,
 * with the same arguments as `templates/bird/import-function.hbs` and `functions.hbs`, read from
 * the same model the config is rendered from. `evaluate` answers what BIRD would do with a route
 * one session receives: accepted (with the RPKI state it tags) or filtered with the reason code of
 * `RS_ASN:1101:code`. Step 8 (max-prefix) is a session limit, not a route decision, and is left to
 * the caller. The lab proves the two agree route for route (docs/adr/0020).
 */
export class RouteEvaluator {
  /** The model as the renderer normalises it, members' prefix lists left out (they are parsed on first use). */
  readonly model: NormalisedModel;
  private readonly sessionsById = new Map<number, SessionConfig>();
  private readonly membersByAsn = new Map<number, MemberConfig>();
  private readonly memberSets = new Map<string, MemberSets>();
  private readonly compiled = new Map<number, CompiledSession>();
  private readonly bogonAsns: readonly { from: number; to: number }[];
  private readonly neverViaRs: ReadonlySet<number>;
  private readonly transitFree: ReadonlySet<number>;
  private readonly bogonPrefixes: Record<4 | 6, PrefixSetMatcher>;
  private readonly peeringLans: Record<4 | 6, PrefixSetMatcher>;
  private readonly globalUnicastV6: PrefixSetMatcher;
  private readonly roas: RoaMatcher | null;

  /**
   * Validates and normalises `model` as the renderer does (throws `invalidValue` like it), except
   * the members' prefix lists and the VRPs, the bulk of a large model: they are parsed as they are
   * matched, member by member, with no sorting (the order of a set's entries changes nothing).
   */
  private readonly shareWith: RouteEvaluator | undefined;
  private readonly orLongerNeeded = new Set<string>();

  constructor(model: RouteServerConfigModel, options: RouteEvaluatorOptions = {}) {
    this.shareWith = options.shareWith;
    this.model = normaliseModel({
      ...model,
      members: model.members.map((member) => ({ ...member, prefixesV4: [], prefixesV6: [] })),
      rpki: model.rpki.mode === 'static' ? { mode: 'static', vrps: [] } : model.rpki,
    });
    for (const session of this.model.sessions) {
      this.sessionsById.set(session.id, session);
      if (session.policy.irrAllowMoreSpecifics || session.policy.allowBlackhole)
        this.orLongerNeeded.add(`${session.memberAsn}/${session.family === 'ipv4' ? 4 : 6}`);
    }
    for (const member of model.members) this.membersByAsn.set(Number(member.asn), member);
    this.bogonAsns = this.model.bogonAsnRanges;
    this.neverViaRs = new Set(this.model.neverViaRouteServerAsns);
    this.transitFree = new Set(this.model.transitFreeAsns);
    const orLonger = (family: 4 | 6, prefixes: readonly string[]): PrefixSetMatcher =>
      PrefixSetMatcher.orLonger(
        family,
        prefixes.map((p) => parseModelPrefix(p, 'prefix')),
      );
    this.bogonPrefixes = {
      4: orLonger(4, this.model.bogonPrefixesV4),
      6: orLonger(6, this.model.bogonPrefixesV6),
    };
    this.peeringLans = {
      4: orLonger(4, this.model.ixp.peeringLanPrefixesV4),
      6: orLonger(6, this.model.ixp.peeringLanPrefixesV6),
    };
    this.globalUnicastV6 = orLonger(6, ['2000::/3']);
    if (model.rpki.mode === 'static') {
      this.roas = new RoaMatcher();
      model.rpki.vrps.forEach((vrp, i) => {
        if (!Number.isInteger(vrp.maxLength) || !Number.isInteger(vrp.asn))
          throw new TypeError(`rpki.vrps[${i}]: maxLength and asn must be integers`);
        this.roas!.add(parseModelPrefix(vrp.prefix, `rpki.vrps[${i}].prefix`), vrp.maxLength, vrp.asn);
      });
    } else this.roas = null;
  }

  get rsAsn(): number {
    return this.model.routeServer.asn;
  }

  sessionById(id: number): SessionConfig | undefined {
    return this.sessionsById.get(id);
  }

  private setsOf(member: MemberConfig, family: 4 | 6): MemberSets {
    const key = `${member.asn}/${family}`;
    let sets = this.memberSets.get(key);
    const other = this.shareWith?.membersByAsn.get(Number(member.asn));
    const needsOrLonger = this.needsOrLonger(Number(member.asn), family);
    if (
      !sets &&
      other &&
      sameIrrData(member, other, family) &&
      needsOrLonger === this.shareWith!.needsOrLonger(Number(member.asn), family)
    ) {
      sets = this.shareWith!.setsOf(other, family);
      this.memberSets.set(key, sets);
    }
    if (!sets) {
      // An empty or failed expansion has empty sets whatever the builder passed (as the normaliser does).
      const isEmpty = member.irrStatus === 'empty';
      const field = `members[AS${member.asn}].prefixesV${family}`;
      const entries = (isEmpty ? [] : family === 4 ? member.prefixesV4 : member.prefixesV6).map(
        (entry: PrefixSetEntry | string) => {
          const parsed = parseModelPrefix(typeof entry === 'string' ? entry : entry.prefix, field);
          return typeof entry === 'string'
            ? { parsed, low: parsed.length, high: parsed.length }
            : { parsed, low: entry.low, high: entry.high };
        },
      );
      const bits = family === 4 ? 32 : 128;
      sets = {
        asns: new Set(isEmpty ? [] : member.asns.map(Number)),
        exact: new PrefixSetMatcher(family, entries),
        // The view's `orLongerEntries`: every entry widened to {low, 32|128}. It drops entries
        // another one covers; keeping them matches the same routes.
        orLonger: needsOrLonger
          ? new PrefixSetMatcher(
              family,
              entries.map((entry) => ({ parsed: entry.parsed, low: entry.low, high: bits })),
            )
          : null,
      };
      this.memberSets.set(key, sets);
    }
    return sets;
  }

  /** As the view decides whether to define a member's or-longer set. */
  private needsOrLonger(asn: number, family: 4 | 6): boolean {
    return this.orLongerNeeded.has(`${asn}/${family}`);
  }

  /** The arguments the session's `import where` passes (route-server-config.view.ts, sessionView). */
  compile(sessionId: number): CompiledSession | undefined {
    const cached = this.compiled.get(sessionId);
    if (cached) return cached;
    const session = this.sessionsById.get(sessionId);
    if (!session) return undefined;
    const member = this.membersByAsn.get(session.memberAsn)!;
    const family = session.family === 'ipv4' ? 4 : 6;
    const sets = this.setsOf(member, family);
    const policy = session.policy;
    const compiled: CompiledSession = {
      session,
      nextHops: new Set(
        policy.nextHopPolicy === 'strict'
          ? [session.peerAddress]
          : (session.memberAddresses ?? [session.peerAddress]),
      ),
      irrPrefixes: policy.irrAllowMoreSpecifics ? sets.orLonger! : sets.exact,
      blackholePrefixes: policy.allowBlackhole ? sets.orLonger! : sets.exact,
      irrAsns: sets.asns,
    };
    this.compiled.set(sessionId, compiled);
    return compiled;
  }

  /** The decision of session `sessionId`'s import filter; undefined when the model has no such session. */
  evaluate(sessionId: number, route: ReceivedRoute): RouteDecision | undefined {
    const compiled = this.compile(sessionId);
    return compiled && this.evaluateCompiled(compiled, route);
  }

  /** `net`: the route's prefix already parsed (`parseModelPrefix`), when the caller evaluates it twice. */
  evaluateCompiled(compiled: CompiledSession, route: ReceivedRoute, net?: ParsedPrefix): RouteDecision {
    const { session } = compiled;
    const policy = session.policy;
    net ??= parseModelPrefix(route.prefix, 'prefix');
    // Step 1: the family of the route must be the channel's.
    if (net.family !== (session.family === 'ipv4' ? 4 : 6)) return filtered('address_family_mismatch');
    // Step 2: NEXT_HOP.
    if (!this.isNextHop(compiled.nextHops, route.nextHop ?? session.peerAddress))
      return filtered('next_hop_not_peer');
    // Step 3: AS_PATH.
    const pathReason = this.checkAsPath(
      route.asPath,
      session.memberAsn,
      policy.maxAsPathLength,
      policy.enforceTransitFree,
    );
    if (pathReason) return filtered(pathReason);
    // Step 4: prefix.
    if (net.family === 6 && !this.globalUnicastV6.matches(net)) return filtered('bogon_prefix');
    if (this.bogonPrefixes[net.family].matches(net)) return filtered('bogon_prefix');
    if (this.peeringLans[net.family].matches(net)) return filtered('bogon_prefix');
    if (net.length < policy.minPrefixLength) return filtered('prefix_too_short');
    // BIRD's bgp_path.last_nonaggregated: the origin; 0 for an empty path (never reached here).
    const origin = route.asPath.at(-1) ?? 0;
    // Step 5: blackhole requests (RFC 7999) skip RPKI.
    if (hasCommunity(route, BLACKHOLE)) {
      if (!policy.allowBlackhole || !compiled.blackholePrefixes.matches(net))
        return filtered('blackhole_not_authorised');
      if (policy.irrEnforceOrigin && !compiled.irrAsns.has(origin)) return filtered('irr_origin');
      return { isAccepted: true, rpkiState: 'not_checked', isBlackhole: true, isRpkiAssumed: false };
    }
    if (net.length > policy.maxPrefixLength) return filtered('prefix_too_long');
    // Step 6: RPKI origin validation (RFC 6811).
    let rpkiState: RpkiStateKey = 'not_checked';
    let isRpkiAssumed = false;
    if (policy.rpkiPolicy !== 'off') {
      if (this.roas) rpkiState = this.roas.check(net, origin);
      else {
        rpkiState = route.observedRpkiState ?? 'unknown';
        isRpkiAssumed = route.observedRpkiState === undefined;
      }
      if (policy.rpkiPolicy === 'reject-invalid' && rpkiState === 'invalid')
        return filtered('rpki_invalid', rpkiState, isRpkiAssumed);
    }
    // Step 7: IRR; an RPKI-valid route passes the prefix check.
    if (policy.irrEnforceOrigin && !compiled.irrAsns.has(origin))
      return filtered('irr_origin', rpkiState, isRpkiAssumed);
    if (policy.irrEnforcePrefix && !compiled.irrPrefixes.matches(net) && rpkiState !== 'valid')
      return filtered('irr_prefix', rpkiState, isRpkiAssumed);
    return { isAccepted: true, rpkiState, isBlackhole: false, isRpkiAssumed };
  }

  private isNextHop(nextHops: ReadonlySet<string>, nextHop: string): boolean {
    if (nextHops.has(nextHop)) return true;
    // The model holds RFC 5952 text; anything else spelt differently is compared parsed.
    return IpAddress.isValid(nextHop) && nextHops.has(IpAddress.parse(nextHop).toString());
  }

  private isBogonAsn(asn: number): boolean {
    return this.bogonAsns.some((range) => asn >= range.from && asn <= range.to);
  }

  /** `ixora_check_as_path`: the first failing check's reason, or null. */
  private checkAsPath(
    path: readonly number[],
    peerAsn: number,
    maxPathLength: number,
    checkTransitFree: boolean,
  ): FilterReasonKey | null {
    if ((path[0] ?? 0) !== peerAsn) return 'first_asn_not_peer';
    if (path.length > maxPathLength) return 'as_path_too_long';
    if (path.some((asn) => this.isBogonAsn(asn))) return 'bogon_asn';
    // `delete(bgp_path, peer_as)`: every occurrence of the peer, prepends included.
    if (path.some((asn) => asn !== peerAsn && this.neverViaRs.has(asn))) return 'never_via_route_server_asn';
    if (checkTransitFree && path.some((asn) => asn !== peerAsn && this.transitFree.has(asn)))
      return 'transit_free_asn';
    return null;
  }
}

export type { ParsedPrefix };
