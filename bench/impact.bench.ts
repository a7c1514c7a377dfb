// Route impact at scale: the 1,000-member benchmark exchange of the config benchmark (1,800
// sessions, about 2M prefix-set entries, 100,000 VRPs) and 500,000 received routes, evaluated under
// the deployed model and a rebuild that drops route objects of every tenth member. Reading the
// routes from BIRD is the looking glass's snapshot (measured by `npm run bench -- lg`); this
// measures the rest: both models read back as builds store them (gzip JSON), compiled, every route
// evaluated twice, the report. The exchange is generated in this process and measured in a child
// process, so the child's peak memory is the impact's (with the routes it is given, attributes
// shared as in the snapshot), not the generator's.
// Goals: ≤ 10 s, peak memory ≤ 1 GB.
// Run: npm run bench -- impact [MEMBERS [ROUTES]]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  bgpProtocolName,
  type MemberConfig,
  type PrefixSetEntry,
  type RouteServerConfigModel,
} from '@ixora/bird-config';
import { computeRouteImpact, guardViolations, RouteEvaluator, type ObservedRoute } from '@ixora/route-impact';
import { syntheticExchangeModel } from '../libs/bird-config/fixtures/synthetic-exchange.fixture.js';

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

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

/**
 * Routes as members announce them: mostly their registered prefixes, some more-specifics. Routes of
 * a session share their AS_PATH, next hop and communities, as the looking glass's snapshot interns
 * them.
 */
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
    const ownPath = [member.asn];
    const customerPath = customer === undefined ? ownPath : [member.asn, customer];
    for (let k = 0; k < share && routes.length < count; k++) {
      const entry = entries[k % entries.length]!;
      const prefix = typeof entry === 'string' ? entry : entry.prefix;
      routes.push({
        protocol,
        prefix: k % 50 === 49 ? prefix.replace(/\/\d+$/, session.family === 'ipv4' ? '/25' : '/56') : prefix,
        asPath: k % 7 === 3 ? customerPath : ownPath,
        nextHop: session.peerAddress,
        communities: NO_COMMUNITIES,
        observed: ACCEPTED,
      });
    }
  }
  return routes;
}

const NO_COMMUNITIES: readonly (readonly [number, number])[] = [];
const ACCEPTED = { isAccepted: true } as const;

function generate(dir: string, memberCount: number, routeCount: number): void {
  const deployed = syntheticExchangeModel({
    members: memberCount,
    v6Fraction: 0.8,
    totalPrefixEntries: 2_000_000,
    vrps: 100_000,
    seed: 1,
  });
  // As `config build` stores them (config_version.model_gzip).
  writeFileSync(path.join(dir, 'deployed.json.gz'), gzipSync(JSON.stringify(deployed)));
  writeFileSync(path.join(dir, 'next.json.gz'), gzipSync(JSON.stringify(rebuilt(deployed))));
  writeFileSync(
    path.join(dir, 'routes.json.gz'),
    gzipSync(JSON.stringify(receivedRoutes(deployed, routeCount))),
  );
  console.log(
    `exchange: ${deployed.members.length} members, ${deployed.sessions.length} sessions, ${routeCount} received routes`,
  );
}

function measure(dir: string, routeCount: number): void {
  const storedDeployed = readFileSync(path.join(dir, 'deployed.json.gz'));
  const storedNext = readFileSync(path.join(dir, 'next.json.gz'));
  const read = (stored: Buffer): RouteServerConfigModel =>
    JSON.parse(gunzipSync(stored).toString('utf8')) as RouteServerConfigModel;
  // The routes the looking glass would hand over; the model they are made from is dropped again.
  const routes = receivedRoutes(read(storedDeployed), routeCount);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const before = new RouteEvaluator(read(storedDeployed));
  const after = new RouteEvaluator(read(storedNext), { shareWith: before });
  const compiledMs = performance.now() - started;
  const impact = computeRouteImpact(before, after, routes);
  const totalMs = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpu);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const filtered = impact.members.reduce((sum, m) => sum + m.newlyFilteredCount, 0);
  const accepted = impact.members.reduce((sum, m) => sum + m.newlyAcceptedCount, 0);
  console.log(
    `impact: ${impact.routesEvaluated} routes, ${impact.members.length} member-families change, ${filtered} routes newly filtered, ${accepted} newly accepted, ${guardViolations(impact, 10).length} past a 10 % guard`,
  );
  console.log(
    `stored models: ${mib(storedDeployed.length)} gzip each; read back and compiled: ${seconds(compiledMs)}`,
  );
  console.log(
    `impact of the rebuild: ${seconds(totalMs)} (${((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(2)} s CPU)  [goal ≤ 10 s]`,
  );
  console.log(
    `peak RSS of the measuring process: ${mib(peakRss)} (${mib(baseline)} holding the routes before)  [goal ≤ 1 GB]`,
  );
}

if (process.argv[2] === '--measure') measure(process.argv[3]!, Number(process.argv[4]));
else {
  const dir = mkdtempSync(path.join(tmpdir(), 'ixora-bench-impact-'));
  const routeCount = Number(process.argv[3] ?? 500_000);
  try {
    generate(dir, Number(process.argv[2] ?? 1000), routeCount);
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--measure', dir, String(routeCount)],
      { stdio: 'inherit' },
    );
    if (child.status !== 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
