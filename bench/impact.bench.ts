// Route impact at scale: the 1,000-member benchmark exchange of the config benchmark (1,800
// sessions, about 2M prefix-set entries, VRPs) and 500,000 received routes, evaluated under the
// deployed model and a rebuild that drops route objects of every tenth member. Reading the routes
// from BIRD is the looking glass's snapshot (measured by `npm run bench -- lg`); this measures the
// rest: both models compiled, every route evaluated twice, the report.
// Goals: ≤ 10 s, peak memory ≤ 1 GB.
// Run: npm run bench -- impact [MEMBERS [ROUTES]]
import {
  bgpProtocolName,
  type MemberConfig,
  type PrefixSetEntry,
  type RouteServerConfigModel,
} from '@ixora/bird-config';
import { computeRouteImpact, guardViolations, RouteEvaluator, type ObservedRoute } from '@ixora/route-impact';
import { syntheticExchangeModel } from '../libs/bird-config/fixtures/synthetic-exchange.fixture.js';

const memberCount = Number(process.argv[2] ?? 1000);
const routeCount = Number(process.argv[3] ?? 500_000);
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const deployed = syntheticExchangeModel({
  members: memberCount,
  v6Fraction: 0.8,
  totalPrefixEntries: 2_000_000,
  vrps: 100_000,
  seed: 1,
});

/** The rebuild: every tenth member loses a fifth of its route objects (an AS-SET cleaned up upstream). */
function rebuilt(model: RouteServerConfigModel): RouteServerConfigModel {
  const thin = (entries: readonly (PrefixSetEntry | string)[]) => entries.filter((_, i) => i % 5 !== 4);
  return {
    ...model,
    members: model.members.map((member, i): MemberConfig =>
      i % 10 === 0
        ? { ...member, prefixesV4: thin(member.prefixesV4), prefixesV6: thin(member.prefixesV6) }
        : member,
    ),
  };
}

/** Routes as members announce them: mostly their registered prefixes, some more-specifics and strays. */
function receivedRoutes(model: RouteServerConfigModel, count: number): ObservedRoute[] {
  const members = new Map(model.members.map((member) => [member.asn, member]));
  const totalEntries = model.sessions.reduce((sum, s) => {
    const m = members.get(s.memberAsn)!;
    return sum + (s.family === 'ipv4' ? m.prefixesV4.length : m.prefixesV6.length);
  }, 0);
  const routes: ObservedRoute[] = [];
  for (const session of model.sessions) {
    const member = members.get(session.memberAsn)!;
    const entries = session.family === 'ipv4' ? member.prefixesV4 : member.prefixesV6;
    const share = Math.max(1, Math.round((entries.length / totalEntries) * count));
    const protocol = bgpProtocolName(session);
    const customer = member.asns[1];
    for (let k = 0; k < share && routes.length < count; k++) {
      const entry = entries[k % entries.length]!;
      const prefix = typeof entry === 'string' ? entry : entry.prefix;
      routes.push({
        protocol,
        prefix: k % 50 === 49 ? prefix.replace(/\/\d+$/, session.family === 'ipv4' ? '/25' : '/56') : prefix,
        asPath: k % 7 === 3 && customer !== undefined ? [member.asn, customer] : [member.asn],
        nextHop: session.peerAddress,
        communities: [],
        observed: { isAccepted: true },
      });
    }
  }
  return routes;
}

const routes = receivedRoutes(deployed, routeCount);
const next = rebuilt(deployed);
global.gc?.();
const baseline = process.memoryUsage().rss;
const started = performance.now();
const cpu = process.cpuUsage();
const before = new RouteEvaluator(deployed);
const after = new RouteEvaluator(next);
const compiledMs = performance.now() - started;
const impact = computeRouteImpact(before, after, routes);
const totalMs = performance.now() - started;
const cpuUsed = process.cpuUsage(cpu);
const peakRss = process.resourceUsage().maxRSS * 1024;

const filtered = impact.members.reduce((sum, m) => sum + m.newlyFilteredCount, 0);
const accepted = impact.members.reduce((sum, m) => sum + m.newlyAcceptedCount, 0);
console.log(
  `exchange: ${deployed.members.length} members, ${deployed.sessions.length} sessions, ${routes.length} received routes`,
);
console.log(
  `impact: ${impact.members.length} member-families change, ${filtered} routes newly filtered, ${accepted} newly accepted, ${guardViolations(impact, 10).length} past a 10 % guard`,
);
console.log(`models compiled (normalise both): ${seconds(compiledMs)}`);
console.log(
  `impact of the rebuild: ${seconds(totalMs)} (${((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(2)} s CPU)  [goal ≤ 10 s]`,
);
console.log(
  `node peak RSS: ${mib(peakRss)} (${mib(baseline)} before the impact: models and routes)  [goal ≤ 1 GB]`,
);
