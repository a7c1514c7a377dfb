import {
  MANRS_IXP_ACTIONS,
  type ManrsAction,
  type ManrsActionNumber,
  type ManrsActionStatus,
} from './exchange-summary.types.js';

/** What ixora knows that bears on the MANRS-for-IXPs actions. */
export interface ManrsFacts {
  /** Enabled route-server sessions of the exchange (every member, hidden or not: a count only). */
  readonly sessions: number;
  /** Of those, sessions whose effective import policy rejects RPKI-invalid routes. */
  readonly sessionsRejectingRpkiInvalid: number;
  /** Of those, sessions whose effective import policy checks both the origin ASN and the prefix against IRR data. */
  readonly sessionsFilteringIrr: number;
  /** VRPs in the current RPKI snapshot (0: none loaded). */
  readonly vrpCount: number;
  /** `rtr`: the route servers take VRPs from an RTR cache themselves, not from ixora's snapshot. */
  readonly rpkiMode: 'static' | 'rtr';
  readonly peeringLans: number;
  /** Peering LANs with at least one prefix recorded: the route servers refuse routes for them. */
  readonly peeringLansWithPrefix: number;
  /** The exchange's NOC e-mail address is set. */
  readonly hasSupportEmail: boolean;
  /** The exchange's PeeringDB ix id is set. */
  readonly hasPeeringDbRecord: boolean;
  readonly routeServers: number;
  /** Route servers the looking glass could read. */
  readonly routeServersRead: number;
}

function action(number: ManrsActionNumber, status: ManrsActionStatus, why: string): ManrsAction {
  return { action: number, title: MANRS_IXP_ACTIONS[number], status, why };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function preventIncorrectRouting(f: ManrsFacts): ManrsAction {
  if (f.sessions === 0)
    return action(1, 'not_met', 'The route servers have no enabled sessions, so they filter nothing.');
  // Counts of sessions, never of their total: the total would show members hidden from the public.
  const problems: string[] = [];
  if (f.vrpCount === 0 && f.rpkiMode === 'static')
    problems.push('no RPKI data (VRPs) is loaded, so no route can be found RPKI-invalid');
  const notRpki = f.sessions - f.sessionsRejectingRpkiInvalid;
  if (notRpki > 0)
    problems.push(`${plural(notRpki, 'session')} accept${notRpki === 1 ? 's' : ''} RPKI-invalid routes`);
  const notIrr = f.sessions - f.sessionsFilteringIrr;
  if (notIrr > 0)
    problems.push(
      `${plural(notIrr, 'session')} ${notIrr === 1 ? 'does' : 'do'} not check both origin and prefix against IRR data`,
    );
  if (problems.length > 0) return action(1, 'not_met', `Not on every session: ${problems.join('; ')}.`);
  return action(
    1,
    'met',
    `Every route-server session rejects RPKI-invalid routes (${f.rpkiMode === 'rtr' ? 'VRPs from an RTR cache' : `${plural(f.vrpCount, 'VRP')} loaded`}) and accepts only origins and prefixes registered in the member's IRR route objects; bogon prefixes and ASNs are refused too.`,
  );
}

function promoteManrs(): ManrsAction {
  return action(
    2,
    'unknown',
    "ixora keeps no record of how the exchange promotes MANRS to its members; the figures on this page show each member's effect in aggregate.",
  );
}

function protectPlatform(f: ManrsFacts): ManrsAction {
  if (f.routeServers === 0 || f.peeringLans === 0)
    return action(3, 'not_met', 'No route server or peering LAN is set up in ixora.');
  const missing = f.peeringLans - f.peeringLansWithPrefix;
  if (missing > 0)
    return action(
      3,
      'not_met',
      `${plural(missing, 'peering LAN')} of ${f.peeringLans} ${missing === 1 ? 'has' : 'have'} no prefix recorded, so the route servers cannot refuse routes for ${missing === 1 ? 'it' : 'them'}.`,
    );
  return action(
    3,
    'met',
    "The route servers refuse routes for the exchange's own peering LAN prefixes and accept only next hops of the announcing member. Rules on the switches (one MAC address per port, no proxy ARP) are outside what ixora sees.",
  );
}

function facilitateCommunication(f: ManrsFacts): ManrsAction {
  const missing = [
    ...(f.hasSupportEmail ? [] : ["the exchange's NOC e-mail address"]),
    ...(f.hasPeeringDbRecord ? [] : ["the exchange's PeeringDB record"]),
  ];
  if (missing.length > 0) return action(4, 'not_met', `Not set in ixora: ${missing.join(' and ')}.`);
  return action(
    4,
    'met',
    "The exchange's NOC e-mail address and its PeeringDB record are set; networks find the exchange and its members there, and ixora mirrors PeeringDB for the members' contacts.",
  );
}

function provideTools(f: ManrsFacts): ManrsAction {
  if (f.routeServersRead === 0)
    return action(
      5,
      'not_met',
      f.routeServers === 0
        ? 'There is no route server for the looking glass to show.'
        : 'The looking glass could not read any route server when these figures were made.',
    );
  return action(
    5,
    'met',
    'The public looking glass shows every route server’s sessions and the routes accepted and filtered, each filtered route with its reason.',
  );
}

/** The MANRS-for-IXPs actions as far as ixora's own data and settings show them, each with its reason. */
export function assessManrs(facts: ManrsFacts): ManrsAction[] {
  return [
    preventIncorrectRouting(facts),
    promoteManrs(),
    protectPlatform(facts),
    facilitateCommunication(facts),
    provideTools(facts),
  ];
}
