// Load (issue 11): a running `ixora serve` under a steady mix of looking-glass API reads, web
// pages and authenticated API reads, at RATE requests/s for SECONDS (default 200 for 60 s), while
// its route server — ixora's built config in a real BIRD in the network-namespace lab (test/lab),
// with real BGP sessions to member routers — keeps serving. Prints p50/p99, error rate and the rate
// achieved per scenario, and whether any BGP session restarted meanwhile ("since" of every
// session, before and after). Exits 1 when one did, or when more than 1 % of requests failed.
// Run: npm run bench -- load [SECONDS [RATE]]. Needs root, network namespaces, bird2 and
// PostgreSQL (TEST_DATABASE_URL, default 127.0.0.1:5432), like the lab tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { BirdClient, type BirdProtocol } from '@ixora/bird-client';
import { loadConfig } from '@ixora/config';
import {
  cliActor,
  IxfImporter,
  RouteServer,
  RouteServerConfigService,
  RouteServerService,
  UserService,
  type UserRole,
} from '@ixora/domain';
import { IrrRefreshService, PrefixSetRepository } from '@ixora/irr';
import {
  createTestDatabase,
  startIrrTestServer,
  type IrrTestServer,
  type TestDatabase,
} from '@ixora/testing';
import { Lab, waitFor } from '../test/lab/lab.js';
import { labUnavailableReason } from '../test/lab/lab-environment.js';
import { memberSessionV4, memberSessionV6 } from '../test/lab/member-router.config.js';
import {
  LOAD_RS,
  loadIrrDatabase,
  loadIxfExport,
  loadMembers,
  loadRouterSpecs,
  type LoadMember,
} from './support/load-bench.exchange.js';

const SECONDS = Number(process.argv[2] ?? 60);
const RATE = Number(process.argv[3] ?? 200);
const MEMBERS = 10;
const ROUTES_PER_MEMBER = 50;
const MAX_ERROR_RATE = 0.01;

if (!Number.isInteger(SECONDS) || SECONDS < 1 || SECONDS > 3600)
  throw new Error(`SECONDS must be a whole number of seconds 1..3600, not ${process.argv[2]}`);
if (!Number.isInteger(RATE) || RATE < 1 || RATE > 10_000)
  throw new Error(`RATE must be a whole number of requests per second 1..10000, not ${process.argv[3]}`);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const operator = cliActor('load-bench');

interface Scenario {
  readonly group: 'looking-glass API' | 'pages' | 'authenticated API';
  readonly name: string;
  /** Share of RATE. */
  readonly weight: number;
  readonly path: () => string;
  readonly token?: string;
}

interface ScenarioResult {
  readonly scenario: Scenario;
  readonly rate: number;
  readonly latencies: number[];
  readonly errors: number;
  readonly statuses: Map<number, number>;
  readonly elapsedS: number;
}

const random = (n: number): number => Math.floor(Math.random() * n);
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Each scenario's whole share of RATE, at least 1, adding up to RATE where RATE allows. */
function ratesOf(scenarios: readonly Scenario[]): number[] {
  const total = scenarios.reduce((sum, s) => sum + s.weight, 0);
  const rates = scenarios.map((s) => Math.max(1, Math.floor((RATE * s.weight) / total)));
  for (let i = 0; rates.reduce((a, b) => a + b, 0) < RATE; i = (i + 1) % rates.length) rates[i]! += 1;
  return rates;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resident memory of a process in bytes (Linux). */
function rssOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) * 1024;
}

/** `ixora serve` from the sources (no build needed), on its own database and port. */
async function startServe(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', './bench/support/ts-loader.mjs', 'apps/cli/src/main.ts', 'serve'],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        // The looking glass's per-client limit stays on (each request counts in PostgreSQL) but
        // above what one benchmark client sends.
        LG_RATE_LIMIT_PER_MINUTE: '100000',
        SCHEDULE_IRR_MINUTES: '0',
        SCHEDULE_RPKI_MINUTES: '0',
        SCHEDULE_PEERINGDB_MINUTES: '0',
        LOG_FORMAT: 'text',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`ixora serve did not start in 180 s: ${output.join('')}`)),
      180_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ixora serve exited (${code}): ${output.join('')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('ixora listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

async function stopServe(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function bgpSessions(socketPath: string): Promise<BirdProtocol[]> {
  const bird = await BirdClient.connect(socketPath, { timeoutMs: 10_000 });
  try {
    return (await bird.protocols()).filter((p) => p.proto === 'BGP');
  } finally {
    await bird.close();
  }
}

async function getJson<T>(url: string, token?: string): Promise<T> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

function runScenario(base: string, scenario: Scenario, rate: number): Promise<ScenarioResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        // Enough connections that the rate, not the client, is the limit up to 500 ms a request.
        connections: Math.max(4, Math.ceil(rate / 2)),
        overallRate: rate,
        duration: SECONDS,
        timeout: 10,
        headers: scenario.token ? { authorization: `Bearer ${scenario.token}` } : {},
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: scenario.path() }) }],
      },
      (error, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        // Timeouts and connection errors never reach 'response'.
        errors += result.errors;
        resolve({
          scenario,
          rate,
          latencies: latencies.sort((a, b) => a - b),
          errors,
          statuses,
          elapsedS: (performance.now() - started) / 1000,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      if (statusCode !== 200) errors += 1;
    });
  });
}

function row(name: string, rate: number | string, results: readonly ScenarioResult[]): string {
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const errors = results.reduce((sum, r) => sum + r.errors, 0);
  const requests = latencies.length + results.reduce((sum, r) => sum + (r.errors - nonOk(r)), 0);
  const elapsed = Math.max(...results.map((r) => r.elapsedS));
  return `| ${name} | ${rate} | ${requests} | ${errors} (${((100 * errors) / Math.max(1, requests)).toFixed(2)} %) | ${percentile(latencies, 50).toFixed(1)} ms | ${percentile(latencies, 99).toFixed(1)} ms | ${(latencies.at(-1) ?? NaN).toFixed(0)} ms | ${(latencies.length / elapsed).toFixed(1)} |`;
}

function nonOk(result: ScenarioResult): number {
  let count = 0;
  for (const [status, n] of result.statuses) if (status !== 200) count += n;
  return count;
}

const unavailable = labUnavailableReason();
if (unavailable !== undefined) {
  console.log(`load bench skipped: ${unavailable}`);
  process.exit(0);
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-load-bench-'));
let db: TestDatabase | undefined;
let irr: IrrTestServer | undefined;
let lab: Lab | undefined;
let serve: ChildProcess | undefined;
let failed = false;
try {
  const members: LoadMember[] = loadMembers(MEMBERS, ROUTES_PER_MEMBER);
  const sessionCount = MEMBERS * 2;
  console.log(
    `load bench: ${RATE} requests/s for ${SECONDS} s against ixora serve; route server ${LOAD_RS.name} with ${sessionCount} BGP sessions (${MEMBERS} members × IPv4 + IPv6, ${ROUTES_PER_MEMBER + 1} accepted and 2 filtered routes each) in the network-namespace lab`,
  );

  // ixora's whole path: IX-F import, route server, IRR refresh, config build.
  db = await createTestDatabase();
  const dataSource = db.dataSource;
  await new IxfImporter(dataSource).import(operator, JSON.stringify(loadIxfExport(members)));
  await new RouteServerService(dataSource).add(operator, {
    name: LOAD_RS.name,
    asn: LOAD_RS.asn,
    routerId: LOAD_RS.ipv4,
    ipv4Address: LOAD_RS.ipv4,
    ipv6Address: LOAD_RS.ipv6,
  });
  irr = await startIrrTestServer({ database: loadIrrDatabase(members) });
  const config = {
    ...loadConfig({ DATABASE_URL: db.url }, dir),
    irrHost: irr.host,
    irrPort: irr.port,
    birdConfigDir: path.join(dir, 'etc'),
  };
  const refresh = await new IrrRefreshService(
    dataSource,
    new PrefixSetRepository(dataSource),
    config,
  ).refresh(operator);
  const notOk = refresh.results.filter((r) => r.status !== 'ok');
  if (notOk.length > 0) throw new Error(`IRR refresh: ${JSON.stringify(notOk)}`);
  const built = await new RouteServerConfigService(dataSource, config).build(operator, LOAD_RS.name);
  if (!built.isValid) throw new Error(`the built config is not valid: ${JSON.stringify(built)}`);

  lab = await Lab.start(loadRouterSpecs(members, built.version.text));
  const rsSocket = lab.router('rs').socketPath;
  for (const m of members)
    await lab.waitForEstablished(m.name, [memberSessionV4, memberSessionV6], { timeoutMs: 90_000 });
  const expectedAccepted = MEMBERS * (ROUTES_PER_MEMBER + 1);
  const expectedFiltered = MEMBERS * 2;
  await waitFor(
    `the route server to hold ${expectedAccepted} accepted and ${expectedFiltered} filtered routes`,
    async () => {
      const bird = await BirdClient.connect(rsSocket, { timeoutMs: 10_000 });
      try {
        const accepted = (await bird.countRoutes({ allTables: true })).routes;
        const filtered = (await bird.countRoutes({ allTables: true, filtered: true })).routes;
        return accepted >= expectedAccepted && filtered >= expectedFiltered;
      } finally {
        await bird.close();
      }
    },
    { timeoutMs: 60_000, intervalMs: 1_000 },
  );
  await dataSource.getRepository(RouteServer).update({ name: LOAD_RS.name }, { socketPath: rsSocket });

  const users = new UserService(dataSource);
  const tokenOf = async (email: string, role: UserRole, memberAsn?: number): Promise<string> => {
    const user = await users.add(operator, {
      email,
      role,
      memberAsn,
      password: `load bench ${email} secret`,
    });
    return (await users.createToken(operator, { name: 'load bench', userId: user.id })).token;
  };
  const staff = await tokenOf('staff@load.example.net', 'admin');
  const memberAdmin = await tokenOf('noc@m1.example.net', 'member_admin', members[0]!.asn);

  const port = await freePort();
  const started = performance.now();
  serve = await startServe(db.url, port);
  const base = `http://127.0.0.1:${port}`;
  console.log(
    `ixora serve (pid ${serve.pid}) listening on ${base} after ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // The looking glass reads the route server in the background: wait for its first snapshot.
  const neighborIds = await waitFor(
    'the looking glass to list every session',
    async () => {
      const { neighbors } = await getJson<{ neighbors: { id: string; state: string }[] }>(
        `${base}/api/lg/v1/routeservers/${LOAD_RS.name}/neighbors`,
      );
      return neighbors.filter((n) => n.state === 'up').length === sessionCount && neighbors.map((n) => n.id);
    },
    { timeoutMs: 120_000, intervalMs: 2_000 },
  );
  const neighbor = (): string => neighborIds[random(neighborIds.length)]!;
  const address = (): string => `185.${1 + random(MEMBERS)}.${random(ROUTES_PER_MEMBER)}.${1 + random(254)}`;
  const lg = `/api/lg/v1/routeservers/${LOAD_RS.name}`;
  const scenarios: Scenario[] = [
    { group: 'looking-glass API', name: 'neighbors', weight: 10, path: () => `${lg}/neighbors` },
    {
      group: 'looking-glass API',
      name: 'received routes page',
      weight: 10,
      path: () => `${lg}/neighbors/${neighbor()}/routes/received?page=${random(2)}&page_size=25`,
    },
    {
      group: 'looking-glass API',
      name: 'filtered routes',
      weight: 5,
      path: () => `${lg}/neighbors/${neighbor()}/routes/filtered`,
    },
    {
      group: 'looking-glass API',
      name: 'prefix lookup',
      weight: 15,
      path: () => `/api/lg/v1/lookup/prefix?q=${address()}`,
    },
    { group: 'pages', name: 'route servers (/)', weight: 10, path: () => '/' },
    {
      group: 'pages',
      name: 'neighbor page',
      weight: 10,
      path: () => `/routeservers/${LOAD_RS.name}/neighbors/${neighbor()}`,
    },
    { group: 'pages', name: 'search page', weight: 10, path: () => `/search?q=${address()}` },
    {
      group: 'authenticated API',
      name: 'members (staff)',
      weight: 8,
      token: staff,
      path: () => `/api/v1/members?page=${random(2)}`,
    },
    {
      group: 'authenticated API',
      name: 'one member (staff)',
      weight: 7,
      token: staff,
      path: () => `/api/v1/members/${members[random(MEMBERS)]!.asn}`,
    },
    {
      group: 'authenticated API',
      name: 'sessions (staff)',
      weight: 8,
      token: staff,
      path: () => `/api/v1/sessions?routeServer=${LOAD_RS.name}`,
    },
    {
      group: 'authenticated API',
      name: 'own member (member admin)',
      weight: 7,
      token: memberAdmin,
      path: () => `/api/v1/members/${members[0]!.asn}`,
    },
  ];
  // Every scenario answers 200 before the clock starts.
  for (const scenario of scenarios) {
    const res = await fetch(
      `${base}${scenario.path()}`,
      scenario.token ? { headers: { authorization: `Bearer ${scenario.token}` } } : {},
    );
    if (res.status !== 200)
      throw new Error(`${scenario.name}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  }

  const before = await bgpSessions(rsSocket);
  const established = (sessions: readonly BirdProtocol[]): number =>
    sessions.filter((p) => p.info.startsWith('Established')).length;
  const rssBefore = rssOf(serve.pid);
  const rates = ratesOf(scenarios);
  console.log(
    `${established(before)}/${before.length} sessions Established; running ${scenarios.length} scenarios for ${SECONDS} s…`,
  );
  const results = await Promise.all(scenarios.map((scenario, i) => runScenario(base, scenario, rates[i]!)));
  const rssAfter = rssOf(serve.pid);
  const after = await bgpSessions(rsSocket);
  const restarted = after.filter((p) => {
    const was = before.find((q) => q.name === p.name);
    return (
      was === undefined || was.since !== p.since || was.state !== p.state || !p.info.startsWith('Established')
    );
  });

  console.log('');
  console.log('| scenario | target req/s | requests | errors | p50 | p99 | max | achieved req/s |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(row(`${r.scenario.group}: ${r.scenario.name}`, r.rate, [r]));
  for (const group of ['looking-glass API', 'pages', 'authenticated API'] as const) {
    const members = results.filter((r) => r.scenario.group === group);
    console.log(
      row(
        `**${group}**`,
        members.reduce((sum, r) => sum + r.rate, 0),
        members,
      ),
    );
  }
  console.log(row('**all**', RATE, results));
  console.log('');
  const statuses = new Map<number, number>();
  for (const r of results)
    for (const [status, n] of r.statuses) statuses.set(status, (statuses.get(status) ?? 0) + n);
  console.log(
    `statuses: ${[...statuses].map(([status, n]) => `${status}×${n}`).join(', ')}; connection errors and timeouts: ${results.reduce((sum, r) => sum + r.errors - nonOk(r), 0)}`,
  );
  console.log(`ixora serve RSS: ${mib(rssBefore)} before, ${mib(rssAfter)} after`);
  console.log(
    `BGP sessions: ${established(before)}/${before.length} Established before, ${established(after)}/${after.length} after; restarted during the run: ${restarted.length}${restarted.length ? ` (${restarted.map((p) => `${p.name} ${p.state} ${p.since} ${p.info}`).join('; ')})` : ''}`,
  );
  const total = results.reduce((sum, r) => sum + r.latencies.length + r.errors - nonOk(r), 0);
  const errorRate = results.reduce((sum, r) => sum + r.errors, 0) / Math.max(1, total);
  failed = restarted.length > 0 || before.length !== sessionCount || errorRate > MAX_ERROR_RATE;
  if (failed)
    console.log(`FAILED: sessions restarted or missing, or error rate above ${MAX_ERROR_RATE * 100} %`);
} finally {
  await stopServe(serve);
  await lab?.stop();
  await irr?.close();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
