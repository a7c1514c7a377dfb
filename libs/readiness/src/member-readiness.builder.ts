import { MAX_PREFIX_WARNING_RATIO } from '@ixora/alerts';
import { adviceFor, type CoveringVrp } from '@ixora/looking-glass';
import { REASON_COMMUNITIES, type FilterReasonKey } from '@ixora/bird-config';
import { isIxoraError } from '@ixora/errors';
import { IpPrefix, parseAsSetName } from '@ixora/net';
import { compareWithPeeringDb } from '@ixora/peeringdb';
import { validateOrigin, VrpIndex, type OriginValidationState } from '@ixora/rpki';
import type {
  MemberReadinessReport,
  ReadinessCheck,
  ReadinessFacts,
  ReadinessFilteredRoute,
  ReadinessFinding,
  ReadinessPhase,
  ReadinessPrefixSet,
  ReadinessSeverity,
} from './member-readiness.types.js';

/** Items a finding lists; the count says how many there are in all. */
export const LISTED_ITEMS = 20;
/** Routes given their own advice in a filtered-routes finding. */
const ADVISED_ROUTES = 3;
/** An IRR expansion older than this is worth a word even when the last refresh did not fail. */
const IRR_OLD_HOURS = 48;

type Family = 4 | 6;
const FAMILY_NAME: Record<Family, string> = { 4: 'IPv4', 6: 'IPv6' };

function finding(
  check: ReadinessCheck,
  code: string,
  severity: ReadinessSeverity,
  message: string,
  action: string | null,
  items: readonly string[] = [],
): ReadinessFinding {
  return {
    check,
    code,
    severity,
    message,
    action: severity === 'ok' ? null : action,
    items: items.slice(0, LISTED_ITEMS),
    itemCount: items.length,
  };
}

/** `1 route`, `2 routes`. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Interfaces not created yet (the onboarding preview) have no id. */
function interfaceLabel(id: number): string {
  return id > 0 ? `interface ${id}` : 'the new interface';
}

function addresses(row: { ipv4Address: string | null; ipv6Address: string | null }): string {
  return [row.ipv4Address, row.ipv6Address].filter((a): a is string => a !== null).join(', ') || '-';
}

/** AS-SET names without their source pin, upper case: how two lists are compared. */
function asSetNames(values: readonly string[]): string[] {
  const names = new Set<string>();
  for (const value of values) {
    for (const raw of value.split(/[\s,]+/)) {
      if (raw === '') continue;
      try {
        const ref = parseAsSetName(raw);
        names.add(ref.kind === 'as-set' ? ref.name : ref.text);
      } catch (error) {
        if (!isIxoraError(error)) throw error;
        names.add(raw.toUpperCase());
      }
    }
  }
  return [...names].sort();
}

/** The families the member would have sessions in: those of its route-server-client addresses. */
function familiesInUse(facts: ReadinessFacts): Family[] {
  const clients = facts.member.interfaces.filter((i) => i.isRouteServerClient);
  const families: Family[] = [];
  if (clients.some((i) => i.ipv4Address !== null)) families.push(4);
  if (clients.some((i) => i.ipv6Address !== null)) families.push(6);
  // Before any interface exists, both families are what the member will likely bring.
  return facts.member.interfaces.length === 0 ? [4, 6] : families;
}

function peeringDbFindings(facts: ReadinessFacts): ReadinessFinding[] {
  const { member, peeringDb } = facts;
  const out: ReadinessFinding[] = [];
  const f = (
    code: string,
    severity: ReadinessSeverity,
    message: string,
    action: string | null,
    items?: string[],
  ) => out.push(finding('peeringdb', code, severity, message, action, items));
  if (peeringDb.syncedAt === null) {
    f(
      'peeringdb_mirror_empty',
      'warning',
      'The PeeringDB mirror has never been synced, so nothing could be compared with PeeringDB.',
      'Run `ixora peeringdb sync` (or wait for the scheduled sync), then look again.',
    );
    return out;
  }
  if (peeringDb.staleTypes.length > 0)
    f(
      'peeringdb_mirror_stale',
      'warning',
      `The last PeeringDB sync failed for ${peeringDb.staleTypes.join(', ')}: the comparison uses older data.`,
      'Check `ixora peeringdb sync` (network access, PEERINGDB_API_KEY, rate limits) and run it again.',
    );
  const net = peeringDb.net;
  if (!net) {
    f(
      'peeringdb_not_found',
      'warning',
      `AS${member.asn} has no network record in PeeringDB.`,
      'Ask the member to create its PeeringDB network record (with its AS-SET, prefix counts and this exchange’s connection); max-prefix limits then follow its published prefix counts.',
    );
    return out;
  }
  f(
    'peeringdb_found',
    'ok',
    `PeeringDB knows AS${member.asn} as ${net.name}: AS-SET ${net.irrAsSet || '-'}, ${net.infoPrefixes4 ?? '-'} IPv4 and ${net.infoPrefixes6 ?? '-'} IPv6 prefixes.`,
    null,
  );
  const ours = asSetNames(member.asSets);
  const theirs = asSetNames(net.irrAsSet ? [net.irrAsSet] : []);
  if (ours.join(' ') !== theirs.join(' ')) {
    if (ours.length === 0)
      f(
        'as_set_differs',
        'warning',
        `The member record has no AS-SET; PeeringDB lists ${theirs.join(' ')}.`,
        `If ${theirs.join(' ')} is the member’s set, set it on the member (staff); the route servers then accept its customers’ routes too.`,
      );
    else if (theirs.length === 0)
      f(
        'as_set_differs',
        'warning',
        `PeeringDB lists no AS-SET; the member record has ${ours.join(' ')}.`,
        'Ask the member to publish its AS-SET in PeeringDB (irr_as_set), so other networks can build filters too.',
      );
    else
      f(
        'as_set_differs',
        'warning',
        `The member record has AS-SET ${ours.join(' ')}, PeeringDB lists ${theirs.join(' ')}.`,
        'Agree with the member which set is right, then correct the member record or ask the member to correct PeeringDB.',
      );
  }
  const rsClients = member.interfaces.filter((i) => i.isRouteServerClient);
  if (net.isNeverViaRouteServers && rsClients.length > 0)
    f(
      'never_via_route_servers',
      'error',
      `PeeringDB says AS${member.asn} is never to be reached via route servers, yet ${rsClients.length} of its interfaces are route-server clients.`,
      'Clear “route-server client” on its interfaces (the sessions go with it), or ask the member to correct its PeeringDB record.',
      rsClients.map(addresses),
    );
  const compared = compareWithPeeringDb(
    [{ asn: member.asn, name: member.name, interfaces: member.interfaces }],
    net.netixlans.map((n) => ({ ...n, asn: member.asn, netName: net.name })),
  );
  if (compared.missing.length > 0)
    f(
      'netixlan_not_in_ixora',
      'warning',
      `PeeringDB lists ${count(compared.missing.length, 'connection')} to this exchange that the member has no interface for.`,
      'Add the interface with these addresses, or ask the member to remove the stale connection from PeeringDB.',
      compared.missing.map((m) => `netixlan ${m.netixlanId}: ${addresses(m)}`),
    );
  if (compared.extra.length > 0)
    f(
      'interface_not_in_peeringdb',
      'warning',
      `${count(compared.extra.length, 'interface')} of the member ${compared.extra.length === 1 ? 'is' : 'are'} not in PeeringDB.`,
      'Ask the member to add its connection to this exchange (netixlan) to its PeeringDB record, with these addresses.',
      compared.extra.map((e) => `${interfaceLabel(e.interfaceId)}: ${addresses(e)}`),
    );
  if (compared.differentAddresses.length > 0)
    f(
      'netixlan_address_differs',
      'warning',
      `${count(compared.differentAddresses.length, 'interface')} of the member ${compared.differentAddresses.length === 1 ? 'has' : 'have'} other addresses in PeeringDB.`,
      'Agree with the member which addresses are right, then correct the interface or ask the member to correct PeeringDB.',
      compared.differentAddresses.map(
        (d) =>
          `${interfaceLabel(d.interfaceId)}: ${addresses(d.ixora)} here, ${addresses(d.peeringdb)} in PeeringDB`,
      ),
    );
  const notRsPeer = net.netixlans.filter(
    (n) =>
      !n.isRsPeer &&
      rsClients.some(
        (i) =>
          (n.ipv4Address !== null && i.ipv4Address === n.ipv4Address) ||
          (n.ipv6Address !== null && i.ipv6Address === n.ipv6Address),
      ),
  );
  if (notRsPeer.length > 0 && !net.isNeverViaRouteServers)
    f(
      'netixlan_not_rs_peer',
      'warning',
      `${count(notRsPeer.length, 'connection')} of the member ${notRsPeer.length === 1 ? 'is a route-server client' : 'are route-server clients'} here but not marked as route-server peer in PeeringDB.`,
      'Ask the member to tick “RS peer” on its connection in PeeringDB, or clear “route-server client” here if it does not want the route servers.',
      notRsPeer.map((n) => `netixlan ${n.id}: ${addresses(n)}`),
    );
  if (
    net.netixlans.length > 0 &&
    compared.missing.length + compared.extra.length + compared.differentAddresses.length === 0
  )
    f(
      'netixlan_consistent',
      'ok',
      `The member’s interfaces match its ${count(net.netixlans.length, 'PeeringDB connection')} to this exchange.`,
      null,
    );
  return out;
}

function hoursBetween(a: Date, b: Date): number {
  return (b.getTime() - a.getTime()) / 3_600_000;
}

function irrFindings(facts: ReadinessFacts, now: Date): ReadinessFinding[] {
  const { member } = facts;
  const out: ReadinessFinding[] = [];
  const f = (
    code: string,
    severity: ReadinessSeverity,
    message: string,
    action: string | null,
    items?: readonly string[],
  ) => out.push(finding('irr', code, severity, message, action, items));
  const refresh = `\`ixora irr refresh --asn ${member.asn}\``;
  const sets = member.asSets.length > 0 ? member.asSets.join(' ') : `AS${member.asn}`;
  if (member.asSets.length === 0)
    f(
      'as_set_missing',
      'warning',
      `The member has no AS-SET: the route servers take only the route objects of AS${member.asn} itself.`,
      'If the member announces customers’ routes, set its AS-SET (PeeringDB’s irr_as_set is the usual source).',
    );
  const used = familiesInUse(facts);
  for (const family of [4, 6] as const) {
    const set: ReadinessPrefixSet | null = family === 4 ? facts.irr.v4 : facts.irr.v6;
    const name = FAMILY_NAME[family];
    const objects = family === 4 ? 'route' : 'route6';
    const isUsed = used.includes(family);
    if (!set && facts.isNew) {
      f(
        'irr_missing',
        'warning',
        `${sets} is expanded for ${name} once the member is created; until then nothing can be said about its route objects.`,
        'Create the member, then look at its readiness again (its page shows it) once the IRR refresh has run.',
      );
      continue;
    }
    if (!set) {
      f(
        'irr_missing',
        isUsed ? 'error' : 'warning',
        `${sets} has not been expanded for ${name} yet: the route servers would accept none of the member’s ${name} routes.`,
        `Run ${refresh} (the scheduled refresh does it too).`,
      );
      continue;
    }
    if (set.status === 'failed') {
      f(
        'irr_failed',
        isUsed ? 'error' : 'warning',
        `The ${name} expansion of ${sets} failed (${set.error ?? 'no reason given'}) and there is no earlier good data: the route servers would accept none of the member’s ${name} routes.`,
        `Check that ${sets} exists in the IRR databases this exchange reads (IRR_SOURCES) and run ${refresh}.`,
      );
      continue;
    }
    if (set.status === 'stale')
      f(
        'irr_stale',
        'warning',
        `The last ${name} refresh of ${sets} failed (${set.error ?? 'no reason given'}); the route servers use the data of ${set.fetchedAt?.toISOString() ?? 'an earlier refresh'}.`,
        `Check the IRR server and the AS-SET, then run ${refresh}.`,
      );
    else if (set.fetchedAt && hoursBetween(set.fetchedAt, now) > IRR_OLD_HOURS)
      f(
        'irr_old',
        'warning',
        `The ${name} expansion of ${sets} is from ${set.fetchedAt.toISOString()}, over ${IRR_OLD_HOURS} hours ago.`,
        `Check that the scheduled IRR refresh runs (\`ixora worker\`), or run ${refresh}.`,
      );
    if (set.prefixes.length === 0) {
      f(
        'irr_empty',
        isUsed ? 'error' : 'warning',
        `${sets} expands to no ${objects} objects: the route servers would accept none of the member’s ${name} routes.`,
        `The member creates ${objects} objects for its ${name} prefixes with origin AS${member.asn} (or its customers’ ASNs) in an IRR database, and adds the customers to ${sets}.`,
      );
    } else {
      f(
        'irr_ok',
        'ok',
        `${sets} expands to ${count(set.asns.length, 'ASN')} and ${count(set.prefixes.length, `${name} prefix`, `${name} prefixes`)}.`,
        null,
      );
    }
    if (set.warnings.length > 0)
      f(
        'irr_expansion_warnings',
        'warning',
        `The ${name} expansion of ${sets} warned about ${count(set.warnings.length, 'thing')}.`,
        `The member cleans up ${sets} and its route objects (the lines below say what); the next refresh takes the change in.`,
        set.warnings,
      );
  }
  return out;
}

/** As `ixora rpki report` counts: valid when any of the member's origins is, invalid when ROAs cover it but none match. */
function irrPrefixStates(
  facts: ReadinessFacts,
  index: VrpIndex,
): { prefix: string; state: OriginValidationState; origin: number }[] {
  const result: { prefix: string; state: OriginValidationState; origin: number }[] = [];
  for (const set of [facts.irr.v4, facts.irr.v6]) {
    if (!set || set.status === 'failed') continue;
    const origins = set.asns.length > 0 ? set.asns : [facts.member.asn];
    for (const text of set.prefixes) {
      const prefix = IpPrefix.parse(text);
      const states = origins.map((origin) => validateOrigin(prefix, origin, index));
      const state = states.includes('valid') ? 'valid' : states.includes('invalid') ? 'invalid' : 'unknown';
      const origin = origins.includes(facts.member.asn) ? facts.member.asn : origins[0]!;
      result.push({ prefix: text, state, origin });
    }
  }
  return result;
}

function coveringVrps(index: VrpIndex, prefix: string): CoveringVrp[] {
  return index
    .coveringVrps(IpPrefix.parse(prefix))
    .map((vrp) => ({ prefix: vrp.prefix.toString(), maxLength: vrp.maxLength, asn: vrp.asn }))
    .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : a.asn - b.asn));
}

function rpkiFindings(facts: ReadinessFacts, index: VrpIndex): ReadinessFinding[] {
  const out: ReadinessFinding[] = [];
  const f = (
    code: string,
    severity: ReadinessSeverity,
    message: string,
    action: string | null,
    items?: readonly string[],
  ) => out.push(finding('rpki', code, severity, message, action, items));
  if (facts.rpki.loadedAt === null) {
    f(
      'rpki_not_loaded',
      'warning',
      'No RPKI data (VRPs) is loaded, so the member’s route objects could not be checked against ROAs.',
      'Run `ixora rpki refresh` (with RPKI_VRP_URL set), then look again.',
    );
    return out;
  }
  const states = irrPrefixStates(facts, index);
  if (states.length === 0) return out;
  const invalid = states.filter((s) => s.state === 'invalid');
  const unknown = states.filter((s) => s.state === 'unknown');
  if (invalid.length > 0)
    f(
      'rpki_invalid',
      'error',
      `${invalid.length} of the member’s ${states.length} IRR prefixes are RPKI invalid: the route servers reject these routes whatever the IRR says.`,
      'Correct the ROAs with the RIR (origin and max length), or delete route objects the member no longer announces. Each line below says what the ROAs allow.',
      invalid.map(
        (s) =>
          `${s.prefix}: ${adviceFor('rpki_invalid', { prefix: s.prefix, originAsn: s.origin }, { asn: facts.member.asn, asSets: facts.member.asSets, vrps: coveringVrps(index, s.prefix) })}`,
      ),
    );
  if (unknown.length > 0)
    f(
      'rpki_no_roa',
      'warning',
      `${unknown.length} of the member’s ${states.length} IRR prefixes have no ROA (RPKI unknown): accepted today, but not protected against hijacks.`,
      'Create ROAs for them with the RIR, with the origin ASN and the longest length actually announced as max length.',
      unknown.map((s) => `${s.prefix} (origin AS${s.origin})`),
    );
  if (invalid.length === 0 && unknown.length === 0)
    f('rpki_ok', 'ok', `All ${states.length} IRR prefixes of the member have a matching ROA.`, null);
  return out;
}

function maxPrefixFindings(facts: ReadinessFacts): ReadinessFinding[] {
  const out: ReadinessFinding[] = [];
  const f = (
    code: string,
    severity: ReadinessSeverity,
    message: string,
    action: string | null,
    items?: readonly string[],
  ) => out.push(finding('max_prefix', code, severity, message, action, items));
  const sessions = (facts.routeServers ?? []).flatMap((rs) =>
    rs.sessions.map((session) => ({ routeServer: rs.routeServer, session })),
  );
  for (const family of familiesInUse(facts)) {
    const name = FAMILY_NAME[family];
    const { limit, source } = family === 4 ? facts.maxPrefix.v4 : facts.maxPrefix.v6;
    const set = family === 4 ? facts.irr.v4 : facts.irr.v6;
    const published = family === 4 ? facts.peeringDb.net?.infoPrefixes4 : facts.peeringDb.net?.infoPrefixes6;
    const from =
      {
        session: 'a session override',
        member: 'the member record',
        peeringdb: 'PeeringDB plus headroom',
        ixp: 'the exchange default',
      }[source] ?? source;
    let isFine = true;
    if (set && set.status !== 'failed' && set.prefixes.length > limit) {
      isFine = false;
      f(
        'max_prefix_below_irr',
        'warning',
        `The ${name} max-prefix limit of ${limit} (from ${from}) is below the ${set.prefixes.length} ${name} prefixes of the member’s IRR data: if it announced them all, the route servers would shut the session.`,
        published
          ? `Ask the member whether it announces that many; if so, it raises info_prefixes${family} in PeeringDB (now ${published}) or staff set a higher limit on the member.`
          : `Ask the member whether it announces that many; if so, set a higher ${name} limit on the member (or the member publishes info_prefixes${family} in PeeringDB).`,
      );
    }
    if (source === 'ixp') {
      isFine = false;
      f(
        'max_prefix_default',
        'warning',
        `The ${name} max-prefix limit is the exchange default of ${limit}: neither the member record nor PeeringDB gives one.`,
        `Ask the member to publish its prefix counts in PeeringDB (info_prefixes${family}), or set a limit on the member.`,
      );
    }
    for (const { routeServer, session } of sessions) {
      const sessionFamily = session.family === 'ipv6' ? 6 : session.family === 'ipv4' ? 4 : undefined;
      if (sessionFamily !== family || session.maxPrefixLimit === undefined || session.maxPrefixLimit <= 0)
        continue;
      const ratio = session.routesReceived / session.maxPrefixLimit;
      if (ratio < MAX_PREFIX_WARNING_RATIO) continue;
      isFine = false;
      const percent = Math.floor(ratio * 100);
      f(
        ratio >= 1 ? 'max_prefix_hit' : 'max_prefix_near',
        ratio >= 1 ? 'error' : 'warning',
        `${session.protocol} on ${routeServer} has ${session.routesReceived} routes, ${percent} % of its max-prefix limit of ${session.maxPrefixLimit}.`,
        'If the growth is expected, raise the limit now (a max-prefix request in the portal, or staff on the member); if not, the member checks what its router announces to the route server.',
      );
    }
    if (isFine)
      f(
        'max_prefix_ok',
        'ok',
        `The ${name} max-prefix limit is ${limit} (from ${from})${set ? `; the IRR data has ${count(set.prefixes.length, `${name} prefix`, `${name} prefixes`)}` : ''}.`,
        null,
      );
  }
  return out;
}

/** The member's IRR prefixes equal to or covering `prefix`, for the advice on IRR-filtered routes. */
function irrCovering(facts: ReadinessFacts, prefix: string): string[] {
  const route = IpPrefix.parse(prefix);
  const set = route.family === 4 ? facts.irr.v4 : facts.irr.v6;
  return (set?.prefixes ?? []).filter((text) => {
    const candidate = IpPrefix.parse(text);
    return candidate.length <= route.length && candidate.contains(route.network);
  });
}

function isReasonKey(key: string): key is FilterReasonKey {
  return REASON_COMMUNITIES.some((reason) => reason.key === key);
}

function originOf(route: ReadinessFilteredRoute): number | undefined {
  return route.asPath.length > 0 ? route.asPath[route.asPath.length - 1] : undefined;
}

function routeServerFindings(facts: ReadinessFacts, index: VrpIndex): ReadinessFinding[] {
  const out: ReadinessFinding[] = [];
  const f = (
    code: string,
    severity: ReadinessSeverity,
    message: string,
    action: string | null,
    items?: readonly string[],
  ) => out.push(finding('route_servers', code, severity, message, action, items));
  const { member } = facts;
  const configured = member.sessions.filter((s) => s.isEnabled);
  const interfaceAddresses = member.interfaces.flatMap((i) =>
    [i.ipv4Address, i.ipv6Address].filter((a): a is string => a !== null),
  );
  if (member.sessions.length === 0) {
    const isClient = member.interfaces.some((i) => i.isRouteServerClient);
    if (!member.isNeverViaRouteServers && !facts.peeringDb.net?.isNeverViaRouteServers)
      f(
        'no_sessions',
        'warning',
        'The member has no route-server sessions.',
        member.interfaces.length === 0
          ? 'Add the member’s interface on the peering LAN (marked route-server client): its sessions are created with it.'
          : isClient
            ? 'No route server has an address on the member’s peering LAN in its address families: add the route servers (`ixora rs add`), and the sessions are created.'
            : 'Mark the member’s interface as route-server client if it wants the route servers: its sessions are created with it.',
      );
  } else if (configured.length < member.sessions.length) {
    f(
      'sessions_disabled',
      'warning',
      `${member.sessions.length - configured.length} of the member’s ${member.sessions.length} route-server sessions are disabled.`,
      'Enable them (`ixora session enable ID`) when the member is ready.',
    );
  }
  if (facts.routeServers === null) return out;
  for (const rs of facts.routeServers) {
    if (rs.error !== undefined) {
      f(
        'route_server_unreadable',
        'warning',
        `Route server ${rs.routeServer} could not be read (${rs.error}): what it filters is not in this report.`,
        'Check that the route server runs and that ixora can reach its control socket or agent.',
      );
      continue;
    }
    const expected = configured.filter((s) => s.routeServer === rs.routeServer);
    if (rs.sessions.length === 0) {
      if (expected.length > 0 && member.status === 'active')
        f(
          'session_not_deployed',
          'warning',
          `Route server ${rs.routeServer} runs no session for AS${member.asn} yet.`,
          `Build and deploy its config: \`ixora config build --rs ${rs.routeServer}\`, then \`ixora config deploy --rs ${rs.routeServer}\`.`,
        );
      continue;
    }
    for (const session of rs.sessions.filter((s) => s.state !== 'up'))
      f(
        'session_down',
        'warning',
        `${session.protocol} on ${rs.routeServer}${session.address ? ` (${session.address})` : ''} is not established: ${session.bgpState}${session.lastError ? `, last error: ${session.lastError}` : ''}.`,
        'The member checks its BGP session towards the route server: interface and VLAN up, neighbor with the route server’s ASN and address, MD5 password if one was agreed.',
      );
    const groups = new Map<string, ReadinessFilteredRoute[]>();
    for (const route of rs.filtered)
      groups.set(route.reasonKey, [...(groups.get(route.reasonKey) ?? []), route]);
    for (const [key, routes] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const reason = isReasonKey(key) ? key : 'unknown';
      const advise = (route: ReadinessFilteredRoute): string =>
        adviceFor(
          reason,
          { prefix: route.prefix, originAsn: originOf(route), asPath: route.asPath, nextHop: route.nextHop },
          {
            asn: member.asn,
            asSets: member.asSets,
            vrps: reason === 'rpki_invalid' ? coveringVrps(index, route.prefix) : [],
            irrCovering: irrCovering(facts, route.prefix),
            interfaceAddresses,
          },
        );
      const action = advise(routes[0]!);
      f(
        'routes_filtered',
        'warning',
        `${rs.routeServer} filters ${count(routes.length, 'route')} of the member: ${routes[0]!.reasonWords}.`,
        action,
        routes.map((route, i) => {
          const advice = i < ADVISED_ROUTES ? advise(route) : action;
          return advice === action ? route.prefix : `${route.prefix}: ${advice}`;
        }),
      );
    }
    if (rs.filteredTotal > rs.filtered.length)
      f(
        'routes_filtered_more',
        'warning',
        `${rs.routeServer} filters ${rs.filteredTotal} routes of the member in all; the ${rs.filtered.length} above were read.`,
        'The looking glass lists all of them, with the reason of each.',
      );
    const up = rs.sessions.filter((s) => s.state === 'up');
    if (up.length > 0 && rs.filtered.length === 0)
      f(
        'no_routes_filtered',
        'ok',
        `${rs.routeServer}: ${up.map((s) => `${s.protocol} established with ${count(s.routesAccepted, `route`)} accepted`).join('; ')}, none filtered.`,
        null,
      );
  }
  return out;
}

const SEVERITY_RANK: Record<ReadinessSeverity, number> = { ok: 0, warning: 1, error: 2 };

/**
 * The readiness report of one member: what PeeringDB, the IRR, RPKI and the max-prefix limits say
 * about it, and — once its sessions are up — what the route servers filter and why, each finding
 * with what to do. Pure: the service loads the facts.
 */
export function buildMemberReadiness(facts: ReadinessFacts, now: Date): MemberReadinessReport {
  const index = new VrpIndex(facts.rpki.vrps);
  const findings = [
    ...peeringDbFindings(facts),
    ...irrFindings(facts, now),
    ...rpkiFindings(facts, index),
    ...maxPrefixFindings(facts),
    ...routeServerFindings(facts, index),
  ];
  const counts: Record<ReadinessSeverity, number> = { ok: 0, warning: 0, error: 0 };
  for (const item of findings) counts[item.severity] += 1;
  const severity = findings.reduce<ReadinessSeverity>(
    (worst, item) => (SEVERITY_RANK[item.severity] > SEVERITY_RANK[worst] ? item.severity : worst),
    'ok',
  );
  const isUp = (facts.routeServers ?? []).some((rs) => rs.sessions.some((s) => s.state === 'up'));
  const phase: ReadinessPhase = isUp ? 'after_turn_up' : 'before_turn_up';
  return {
    asn: facts.member.asn,
    name: facts.member.name,
    status: facts.member.status,
    phase,
    generatedAt: now,
    severity,
    counts,
    findings,
  };
}
