import { invalidValue } from '@ixora/errors';
import { Asn, BOGON_ASN_RANGES, BOGON_PREFIXES_V4, BOGON_PREFIXES_V6, IpAddress } from '@ixora/net';
import {
  compareParsedPrefixes,
  parsePrefix as parseAnyPrefix,
  type ParsedPrefix,
} from './prefix-entry.parser.js';
import { checkAsSetName, checkConfigName, checkMd5Password, sanitiseBirdText } from './bird-text.js';
import { MAX_PREFIX_LIMIT, POLICY_CHOICES, POLICY_SWITCHES } from './import-policy.resolver.js';
import type {
  AddressFamily,
  AsnRangeConfig,
  IrrStatus,
  MemberConfig,
  PrefixSetEntry,
  ResolvedImportPolicy,
  RouteServerConfigModel,
  RpkiConfig,
  SessionConfig,
  Vrp,
} from './route-server-config.model.js';

/**
 * A prefix-set entry after normalisation: canonical text, its parsed prefix (for sorting and
 * containment) and the length bounds.
 */
export interface NormalisedPrefixEntry extends PrefixSetEntry {
  readonly parsed: ParsedPrefix;
}

export interface NormalisedMember extends Omit<MemberConfig, 'prefixesV4' | 'prefixesV6'> {
  readonly prefixesV4: readonly NormalisedPrefixEntry[];
  readonly prefixesV6: readonly NormalisedPrefixEntry[];
}

export interface NormalisedModel extends Omit<RouteServerConfigModel, 'members'> {
  readonly members: readonly NormalisedMember[];
}

const FAMILY_NUMBER: Record<AddressFamily, 4 | 6> = { ipv4: 4, ipv6: 6 };
const IRR_STATUSES: readonly IrrStatus[] = ['ok', 'stale', 'empty'];
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The bogon lists of `@ixora/net` in model form, for builders that use the defaults. */
export function defaultBogons(): Pick<
  RouteServerConfigModel,
  'bogonPrefixesV4' | 'bogonPrefixesV6' | 'bogonAsnRanges'
> {
  return {
    bogonPrefixesV4: BOGON_PREFIXES_V4.map(String),
    bogonPrefixesV6: BOGON_PREFIXES_V6.map(String),
    bogonAsnRanges: BOGON_ASN_RANGES.map(({ from, to }) => ({ from, to })),
  };
}

/**
 * Validates every value that reaches the config and returns the model in canonical form: prefixes
 * and addresses as `@ixora/net` prints them (RFC 5952 for IPv6), every list sorted and without
 * duplicates, members by ASN, sessions by member, family, peer address and id. Rendering only ever
 * sees this form, so the same input gives byte-for-byte the same config whatever order the
 * builder's queries returned. Throws `invalidValue` naming the offending field.
 */
export function normaliseModel(model: RouteServerConfigModel): NormalisedModel {
  const routeServer = model.routeServer;
  const normalisedRouteServer = {
    name: checkConfigName(routeServer.name, 'routeServer.name'),
    asn: Asn.parse(routeServer.asn, 'routeServer.asn').value,
    routerId: address(routeServer.routerId, 'ipv4', 'routeServer.routerId'),
    ipv4: optionalAddress(routeServer.ipv4, 'ipv4', 'routeServer.ipv4'),
    ipv6: optionalAddress(routeServer.ipv6, 'ipv6', 'routeServer.ipv6'),
  };
  const ixp = {
    name: sanitiseBirdText(String(model.ixp.name)),
    peeringLanPrefixesV4: prefixList(model.ixp.peeringLanPrefixesV4, 'ipv4', 'ixp.peeringLanPrefixesV4'),
    peeringLanPrefixesV6: prefixList(model.ixp.peeringLanPrefixesV6, 'ipv6', 'ixp.peeringLanPrefixesV6'),
    blackholeNextHopV4: optionalAddress(model.ixp.blackholeNextHopV4, 'ipv4', 'ixp.blackholeNextHopV4'),
    blackholeNextHopV6: optionalAddress(model.ixp.blackholeNextHopV6, 'ipv6', 'ixp.blackholeNextHopV6'),
  };

  const members = model.members.map((member, index) => normaliseMember(member, `members[${index}]`));
  members.sort((a, b) => a.asn - b.asn);
  for (let i = 1; i < members.length; i++) {
    if (members[i]!.asn === members[i - 1]!.asn) {
      throw invalidValue('members.asn', members[i]!.asn, 'appears more than once');
    }
  }
  const memberAsns = new Set(members.map((member) => member.asn));

  const sessions = model.sessions.map((session, index) =>
    normaliseSession(session, `sessions[${index}]`, memberAsns),
  );
  sessions.sort(compareSessions);
  const ids = new Set<number>();
  for (const session of sessions) {
    if (ids.has(session.id)) throw invalidValue('sessions.id', session.id, 'appears more than once');
    ids.add(session.id);
  }

  return {
    routeServer: normalisedRouteServer,
    ixp,
    members,
    sessions,
    rpki: normaliseRpki(model.rpki),
    neverViaRouteServerAsns: asnList(model.neverViaRouteServerAsns, 'neverViaRouteServerAsns'),
    transitFreeAsns: asnList(model.transitFreeAsns, 'transitFreeAsns'),
    bogonPrefixesV4: prefixList(model.bogonPrefixesV4, 'ipv4', 'bogonPrefixesV4'),
    bogonPrefixesV6: prefixList(model.bogonPrefixesV6, 'ipv6', 'bogonPrefixesV6'),
    bogonAsnRanges: asnRanges(model.bogonAsnRanges),
  };
}

function normaliseMember(member: MemberConfig, field: string): NormalisedMember {
  const asn = Asn.parse(member.asn, `${field}.asn`).value;
  if (!IRR_STATUSES.includes(member.irrStatus)) {
    throw invalidValue(`${field}.irrStatus`, member.irrStatus, `must be one of ${IRR_STATUSES.join(', ')}`);
  }
  const asSet =
    member.asSet === undefined || member.asSet === null
      ? null
      : checkAsSetName(member.asSet, `${field}.asSet`);
  // An empty or failed expansion must never turn into data: whatever the builder passed along,
  // the member's sets are empty, so the IRR step accepts none of its routes (DESIGN §7 safety).
  const isEmpty = member.irrStatus === 'empty';
  return {
    asn,
    name: sanitiseBirdText(String(member.name)),
    asSet,
    irrStatus: member.irrStatus,
    prefixesV4: isEmpty ? [] : prefixEntries(member.prefixesV4, 'ipv4', `${field}.prefixesV4`),
    prefixesV6: isEmpty ? [] : prefixEntries(member.prefixesV6, 'ipv6', `${field}.prefixesV6`),
    asns: isEmpty ? [] : asnList(member.asns, `${field}.asns`),
  };
}

function normaliseSession(
  session: SessionConfig,
  field: string,
  memberAsns: ReadonlySet<number>,
): SessionConfig {
  if (!Number.isInteger(session.id) || session.id < 1 || session.id > 2 ** 31 - 1) {
    throw invalidValue(`${field}.id`, session.id, 'must be a positive integer');
  }
  const memberAsn = Asn.parse(session.memberAsn, `${field}.memberAsn`).value;
  if (!memberAsns.has(memberAsn)) {
    throw invalidValue(
      `${field}.memberAsn`,
      memberAsn,
      'has no entry in members (pass one with irrStatus "empty")',
    );
  }
  const family = session.family;
  if (family !== 'ipv4' && family !== 'ipv6') {
    throw invalidValue(`${field}.family`, family, 'must be "ipv4" or "ipv6"');
  }
  const peerAddress = address(session.peerAddress, family, `${field}.peerAddress`);
  const memberAddresses = sortedUnique(
    [
      peerAddress,
      ...(session.memberAddresses ?? []).map((a, i) => address(a, family, `${field}.memberAddresses[${i}]`)),
    ],
    (a, b) => IpAddress.parse(a).compare(IpAddress.parse(b)),
  );
  if (typeof session.isEnabled !== 'boolean')
    throw invalidValue(`${field}.isEnabled`, session.isEnabled, 'must be true or false');
  return {
    id: session.id,
    memberAsn,
    family,
    peerAddress,
    memberAddresses,
    description: sanitiseBirdText(String(session.description)),
    isEnabled: session.isEnabled,
    isGracefulShutdown: session.isGracefulShutdown === true,
    policy: checkPolicy(session.policy, family, `${field}.policy`),
  };
}

/** The resolved policy may come from anywhere (a test, the lab): re-check what gets printed. */
function checkPolicy(
  policy: ResolvedImportPolicy,
  family: AddressFamily,
  field: string,
): ResolvedImportPolicy {
  if (policy.family !== family)
    throw invalidValue(`${field}.family`, policy.family, `must match the session's ${family}`);
  const bits = family === 'ipv4' ? 32 : 128;
  const integer = (name: keyof ResolvedImportPolicy, min: number, max: number): void => {
    const value = policy[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalidValue(`${field}.${name}`, value, `must be an integer ${min}..${max}`);
    }
  };
  integer('maxAsPathLength', 1, 255);
  integer('minPrefixLength', 0, bits);
  integer('maxPrefixLength', policy.minPrefixLength, bits);
  integer('maxPrefixes', 1, MAX_PREFIX_LIMIT);
  integer('maxPrefixRestartMinutes', 1, 1440);
  const oneOf = (name: keyof ResolvedImportPolicy, allowed: readonly unknown[]): void => {
    if (!allowed.includes(policy[name]))
      throw invalidValue(`${field}.${name}`, policy[name], `must be one of ${allowed.join(', ')}`);
  };
  // The same words and switches the resolver accepts: one list of each, in import-policy.resolver.ts.
  for (const [name, allowed] of Object.entries(POLICY_CHOICES))
    oneOf(name as keyof ResolvedImportPolicy, allowed);
  for (const name of POLICY_SWITCHES) oneOf(name as keyof ResolvedImportPolicy, [true, false]);
  if (policy.md5Password !== null && policy.md5Password !== undefined) {
    checkMd5Password(policy.md5Password, `${field}.md5Password`);
  }
  return policy;
}

function compareSessions(a: SessionConfig, b: SessionConfig): number {
  return (
    a.memberAsn - b.memberAsn ||
    FAMILY_NUMBER[a.family] - FAMILY_NUMBER[b.family] ||
    IpAddress.parse(a.peerAddress).compare(IpAddress.parse(b.peerAddress)) ||
    a.id - b.id
  );
}

function normaliseRpki(rpki: RpkiConfig): RpkiConfig {
  if (rpki.mode === 'rtr') {
    const host = rpki.rtrHost;
    if (typeof host !== 'string' || !(HOSTNAME.test(host) || IpAddress.isValid(host))) {
      throw invalidValue('rpki.rtrHost', host, 'is not a host name or IP address');
    }
    const port = rpki.rtrPort;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw invalidValue('rpki.rtrPort', port, 'must be 1..65535');
    return {
      mode: 'rtr',
      rtrHost: IpAddress.isValid(host) ? IpAddress.parse(host).toString() : host.toLowerCase(),
      rtrPort: port,
    };
  }
  if (rpki.mode !== 'static')
    throw invalidValue('rpki.mode', (rpki as { mode: unknown }).mode, 'must be "static" or "rtr"');
  const parsed = rpki.vrps.map((vrp, index) => normaliseVrp(vrp, `rpki.vrps[${index}]`));
  parsed.sort(
    (a, b) =>
      compareParsedPrefixes(a.prefix, b.prefix) || a.vrp.maxLength - b.vrp.maxLength || a.vrp.asn - b.vrp.asn,
  );
  const vrps: Vrp[] = [];
  let previous: Vrp | undefined;
  for (const { vrp } of parsed) {
    if (
      !previous ||
      previous.prefix !== vrp.prefix ||
      previous.maxLength !== vrp.maxLength ||
      previous.asn !== vrp.asn
    ) {
      vrps.push(vrp);
    }
    previous = vrp;
  }
  return { mode: 'static', vrps };
}

function normaliseVrp(vrp: Vrp, field: string): { prefix: ParsedPrefix; vrp: Vrp } {
  const prefix = parseAnyPrefix(vrp.prefix, `${field}.prefix`);
  const bits = prefix.family === 4 ? 32 : 128;
  if (!Number.isInteger(vrp.maxLength) || vrp.maxLength < prefix.length || vrp.maxLength > bits) {
    throw invalidValue(`${field}.maxLength`, vrp.maxLength, `must be ${prefix.length}..${bits}`);
  }
  // AS0 is valid in a ROA (RFC 6483 §4: "this prefix is not to be routed").
  const asn = vrp.asn === 0 ? 0 : Asn.parse(vrp.asn, `${field}.asn`).value;
  return { prefix, vrp: { prefix: prefix.text, maxLength: vrp.maxLength, asn } };
}

function address(value: string, family: AddressFamily, field: string): string {
  const parsed = IpAddress.parse(value, field);
  if (parsed.family !== FAMILY_NUMBER[family])
    throw invalidValue(field, value, `is not an IPv${FAMILY_NUMBER[family]} address`);
  return parsed.toString();
}

function optionalAddress(
  value: string | null | undefined,
  family: AddressFamily,
  field: string,
): string | null {
  return value === undefined || value === null ? null : address(value, family, field);
}

function parsePrefix(value: string, family: AddressFamily, field: string): ParsedPrefix {
  const prefix = parseAnyPrefix(value, field);
  if (prefix.family !== FAMILY_NUMBER[family])
    throw invalidValue(field, value, `is not an IPv${FAMILY_NUMBER[family]} prefix`);
  return prefix;
}

function prefixList(values: readonly string[], family: AddressFamily, field: string): string[] {
  const prefixes = values.map((value, index) => parsePrefix(value, family, `${field}[${index}]`));
  prefixes.sort(compareParsedPrefixes);
  return sortedUnique(
    prefixes.map((prefix) => prefix.text),
    () => 0,
  );
}

function prefixEntries(
  entries: readonly (PrefixSetEntry | string)[],
  family: AddressFamily,
  field: string,
): NormalisedPrefixEntry[] {
  const bits = family === 'ipv4' ? 32 : 128;
  const result = entries.map((entry, index): NormalisedPrefixEntry => {
    const entryField = `${field}[${index}]`;
    const text = typeof entry === 'string' ? entry : entry.prefix;
    const parsed = parsePrefix(text, family, entryField);
    const low = typeof entry === 'string' ? parsed.length : entry.low;
    const high = typeof entry === 'string' ? parsed.length : entry.high;
    if (
      !Number.isInteger(low) ||
      !Number.isInteger(high) ||
      low < parsed.length ||
      high < low ||
      high > bits
    ) {
      throw invalidValue(
        entryField,
        `${text}{${low},${high}}`,
        `needs ${parsed.length} ≤ low ≤ high ≤ ${bits}`,
      );
    }
    return { prefix: parsed.text, low, high, parsed };
  });
  result.sort((a, b) => compareParsedPrefixes(a.parsed, b.parsed) || a.low - b.low || a.high - b.high);
  return result.filter(
    (entry, index) =>
      index === 0 ||
      !(
        result[index - 1]!.prefix === entry.prefix &&
        result[index - 1]!.low === entry.low &&
        result[index - 1]!.high === entry.high
      ),
  );
}

function asnList(values: readonly number[], field: string): number[] {
  const asns = values.map((value, index) => Asn.parse(value, `${field}[${index}]`).value);
  return sortedUnique(asns, (a, b) => a - b);
}

function asnRanges(ranges: readonly AsnRangeConfig[]): AsnRangeConfig[] {
  const result = ranges.map((range, index) => {
    const field = `bogonAsnRanges[${index}]`;
    const valid = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 4_294_967_295;
    if (!valid(range.from) || !valid(range.to) || range.from > range.to) {
      throw invalidValue(field, `${range.from}..${range.to}`, 'must be 0 ≤ from ≤ to ≤ 4294967295');
    }
    return { from: range.from, to: range.to };
  });
  result.sort((a, b) => a.from - b.from || a.to - b.to);
  return result.filter((r, i) => i === 0 || r.from !== result[i - 1]!.from || r.to !== result[i - 1]!.to);
}

/** Sorts with `compare` (a no-op comparator keeps the given order) and drops adjacent duplicates. */
function sortedUnique<T>(values: T[], compare: (a: T, b: T) => number): T[] {
  const sorted = [...values].sort(compare);
  return sorted.filter((value, index) => index === 0 || value !== sorted[index - 1]);
}
