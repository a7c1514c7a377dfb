// Looking glass under load (issue 6 item 6): a live BIRD route server holding NEIGHBORS × ROUTES
// routes (default 100 × 5,000 = 500,000, 2% filtered), read by the API's looking glass through its
// control socket; 50 concurrent HTTP clients on neighbor listing, one neighbor's routes page, and
// prefix lookup. Prints p50/p99 latency and throughput, the most concurrent connections (= commands)
// BIRD saw from the looking glass, and how long BIRD's event loop — which runs its BGP sessions —
// stalled meanwhile (`show status` probes every 100 ms on a separate connection).
// Goals: lookup p99 ≤ 150 ms, routes page p99 ≤ 300 ms, exported-routes page p99 ≤ 300 ms,
// ≤ 2 concurrent socket commands per BIRD, no BGP session flaps, snapshot read ≤ 15 s, and the
// process's peak RSS ≤ 1 GiB at 800,000 routes (npm run bench:lg -- 160 5000 10).
// Run: npm run bench:lg [-- NEIGHBORS [ROUTES_PER_NEIGHBOR [SECONDS_PER_SCENARIO]]]. Needs `bird` (bird2).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { APP_ENTITIES } from '@ixora/app-composition';
import { createApiApp } from '@ixora/apps/api';
import { BirdClient } from '@ixora/bird-client';
import { loadConfig } from '@ixora/config';
import { createDataSource, migrate, startEmbeddedPostgres } from '@ixora/database';
import { cliActor, IxpService, RouteServer } from '@ixora/domain';
import { LookingGlassService } from '@ixora/looking-glass';
import {
  benchPrefix,
  membersConfig,
  routeServerConfig,
  RS_ASN,
  startBird,
  type BenchExchange,
} from './support/lg-bench.bird.js';

const NEIGHBORS = Number(process.argv[2] ?? 100);
const ROUTES = Number(process.argv[3] ?? 5_000);
const SECONDS = Number(process.argv[4] ?? 15);
const CONCURRENCY = 50;
const exchange: BenchExchange = {
  neighbors: NEIGHBORS,
  routesPerNeighbor: ROUTES,
  filteredEvery: 50,
  exportingNeighbors: 2,
  port: 20_000 + Math.floor(Math.random() * 20_000),
};
const total = NEIGHBORS * ROUTES;
const expectedFiltered = Math.ceil(total / exchange.filteredEvery);

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A UNIX-socket relay in front of BIRD that counts how many connections the looking glass holds at once. */
async function countingRelay(
  target: string,
  socketPath: string,
): Promise<{ peak: () => number; close: () => Promise<void> }> {
  let open = 0;
  let peak = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    open += 1;
    peak = Math.max(peak, open);
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const done = (): void => {
      if (!sockets.delete(client)) return;
      sockets.delete(upstream);
      open -= 1;
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('end', done);
      socket.on('close', done);
      socket.on('error', done);
    }
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    peak: () => peak,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `show status` every 100 ms from a child process (bench/support/lg-bench.probe.ts): how long
 * BIRD's event loop, which also runs its BGP sessions, took to answer in a time window.
 */
function startStallProbe(socketPath: string): {
  between: (fromMs: number, toMs: number) => number[];
  stop: () => void;
} {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(new URL('./support/lg-bench.probe.ts', import.meta.url)), socketPath],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const samples: { at: number; ms: number }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [at, ms] = line.split(' ').map(Number);
    if (at !== undefined && ms !== undefined) samples.push({ at, ms });
  });
  return {
    between: (fromMs, toMs) =>
      samples
        .filter((s) => s.at >= fromMs && s.at <= toMs)
        .map((s) => s.ms)
        .sort((a, b) => a - b),
    stop: () => child.stdin.end(),
  };
}

/** The process's RSS and heap, sampled every 100 ms: the highest seen in each phase of the run. */
const memoryPeaks = new Map<string, { rss: number; heap: number }>();
let memoryPhase = 'start';
const memorySampler = setInterval(() => {
  const { rss, heapTotal } = process.memoryUsage();
  const peak = memoryPeaks.get(memoryPhase) ?? { rss: 0, heap: 0 };
  memoryPeaks.set(memoryPhase, { rss: Math.max(peak.rss, rss), heap: Math.max(peak.heap, heapTotal) });
}, 100);
memorySampler.unref();

interface ScenarioResult {
  readonly name: string;
  readonly requests: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly perSecond: number;
  readonly stallP99: number;
  readonly stallMax: number;
}

async function runScenario(
  name: string,
  base: string,
  nextPath: () => string,
  during?: () => Promise<unknown>,
): Promise<ScenarioResult> {
  memoryPhase = name;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const request = (url: string): Promise<number> =>
    new Promise((resolve, reject) => {
      get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }).on('error', reject);
    });
  const startedAt = Date.now();
  const started = performance.now();
  const background = during?.();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const status = await request(`${base}${nextPath()}`).catch(() => 0);
        latencies.push(performance.now() - t0);
        if (status !== 200) errors += 1;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  await background;
  const stalls = stallProbe?.between(startedAt, Date.now()) ?? [];
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    perSecond: latencies.length / (elapsedMs / 1000),
    stallP99: percentile(stalls, 99),
    stallMax: stalls.at(-1) ?? NaN,
  };
}

async function waitForRoutes(bird: BirdClient): Promise<number> {
  const started = performance.now();
  for (;;) {
    const accepted = (await bird.countRoutes({ allTables: true })).routes;
    const filtered = (await bird.countRoutes({ allTables: true, filtered: true })).routes;
    if (accepted + filtered >= total) return performance.now() - started;
    if (performance.now() - started > 15 * 60_000)
      throw new Error(`BIRD holds only ${accepted} + ${filtered} of ${total} routes after 15 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-lg-bench-'));
let stallProbe: ReturnType<typeof startStallProbe> | undefined;
const birds: { process: { kill(signal?: NodeJS.Signals): boolean } }[] = [];
try {
  console.log(
    `lg bench: ${NEIGHBORS} neighbors × ${ROUTES} routes = ${total} routes (${expectedFiltered} filtered), ${CONCURRENCY} concurrent clients, ${SECONDS} s per scenario`,
  );
  const rs = await startBird(dir, 'rs', routeServerConfig(exchange));
  birds.push(rs);
  const members = await startBird(dir, 'members', membersConfig(exchange));
  birds.push(members);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const probeBird = await BirdClient.connect(rs.socketPath, { timeoutMs: 60_000 });
  const convergedMs = await waitForRoutes(probeBird);
  const protocolsBefore = (await probeBird.protocols()).filter((p) => p.proto === 'BGP');
  console.log(
    `BIRD converged: ${total} routes in ${seconds(convergedMs)}; ${protocolsBefore.filter((p) => p.info === 'Established').length}/${NEIGHBORS} sessions Established`,
  );

  stallProbe = startStallProbe(rs.socketPath);
  const relay = await countingRelay(rs.socketPath, path.join(dir, 'relay.ctl'));
  const pgDir = path.join(dir, 'pg');
  const embedded = await startEmbeddedPostgres(pgDir);
  const dataSource = createDataSource(embedded.url, { entities: APP_ENTITIES, poolSize: 1 });
  await dataSource.initialize();
  await migrate(dataSource);
  const operator = cliActor('bench');
  const ixps = new IxpService(dataSource);
  await ixps.addIxp(operator, { shortname: 'BENCH-IX', name: 'Bench IX' });
  const lan = await ixps.addLan(operator, {
    ixp: 'BENCH-IX',
    name: 'bench',
    vlanId: 100,
    prefixV4: '192.0.2.0/24',
  });
  await dataSource.getRepository(RouteServer).save(
    dataSource.getRepository(RouteServer).create({
      name: 'rs1',
      peeringLanId: lan.id,
      asn: RS_ASN,
      routerId: '192.0.2.1',
      ipv4Address: '192.0.2.1',
      socketPath: path.join(dir, 'relay.ctl'),
    }),
  );
  const config = loadConfig({
    DATABASE_URL: embedded.url,
    LG_RATE_LIMIT_PER_MINUTE: '0',
    LG_REFRESH_SECONDS: '3600',
    LG_CACHE_SECONDS: '15',
  });
  const app = await createApiApp(config, { dataSource, logger: false });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as { address(): AddressInfo };
  const base = `http://127.0.0.1:${server.address().port}/api/lg/v1`;
  const lg = app.get(LookingGlassService);

  // Run with --expose-gc (npm run bench:lg does) for the snapshot's heap size.
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  collect();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  memoryPhase = 'first snapshot';
  const snapshotStarted = performance.now();
  await lg.refresh();
  const snapshotMs = performance.now() - snapshotStarted;
  collect();
  const snapshotHeap = process.memoryUsage().heapUsed - heapBefore;
  const { routeservers } = await lg.routeServers();
  const rs1 = routeservers[0];
  console.log(
    `snapshot: ${rs1?.route_count} accepted + ${rs1?.filtered_count} filtered routes, ${rs1?.neighbor_count} neighbors read in ${seconds(snapshotMs)}; heap +${mib(snapshotHeap)} (${Math.round(snapshotHeap / total)} B a route), RSS ${mib(rssBefore)} before, ${mib(process.memoryUsage().rss)} after`,
  );

  const random = (n: number): number => Math.floor(Math.random() * n);
  const neighborId = (): string => {
    const i = random(NEIGHBORS);
    return `AS${65001 + i}_v4_${i + 1}`;
  };
  const address = (): string => {
    const prefix = benchPrefix(random(total), exchange.filteredEvery);
    return prefix.replace(/\.(0|128)\/2[45]$/, `.${130 + random(100)}`);
  };
  const results: ScenarioResult[] = [];
  results.push(await runScenario('neighbor listing', base, () => '/routeservers/rs1/neighbors'));
  results.push(
    await runScenario(
      'routes page (100 routes)',
      base,
      () =>
        `/routeservers/rs1/neighbors/${neighborId()}/routes/received?page=${random(Math.floor(ROUTES / 100))}&page_size=100`,
    ),
  );
  results.push(await runScenario('prefix lookup (address)', base, () => `/lookup/prefix?q=${address()}`));
  results.push(
    await runScenario(
      'prefix lookup during a snapshot refresh',
      base,
      () => `/lookup/prefix?q=${address()}`,
      async () => {
        const started = performance.now();
        await lg.refresh();
        console.log(`  (snapshot refresh under load: ${seconds(performance.now() - started)})`);
      },
    ),
  );
  results.push(
    await runScenario('exported routes page (one BIRD read per neighbor, cached 15 s)', base, () => {
      const i = random(exchange.exportingNeighbors);
      return `/routeservers/rs1/neighbors/AS${65001 + i}_v4_${i + 1}/routes/exported?page=${random(20)}&page_size=100`;
    }),
  );

  memoryPhase = 'idle';
  const idleFrom = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const idle = stallProbe?.between(idleFrom, Date.now()) ?? [];
  const protocolsAfter = (await probeBird.protocols()).filter((p) => p.proto === 'BGP');
  const flapped = protocolsAfter.filter((p) => {
    const before = protocolsBefore.find((q) => q.name === p.name);
    return p.info !== 'Established' || before?.since !== p.since;
  }).length;

  console.log('');
  console.log('| scenario | requests | errors | p50 | p99 | max | req/s | BIRD stall p99 / max |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.requests} | ${r.errors} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(0)} ms | ${r.perSecond.toFixed(0)} | ${r.stallP99.toFixed(1)} / ${r.stallMax.toFixed(0)} ms |`,
    );
  }
  console.log('');
  console.log(`BIRD idle: show status p99 ${percentile(idle, 99).toFixed(1)} ms`);
  console.log(
    `most concurrent looking-glass connections to BIRD (one command each at most): ${relay.peak()}  [goal ≤ 2]`,
  );
  console.log(`BGP sessions that flapped during the benchmark: ${flapped} of ${NEIGHBORS}`);
  const lookup = results.find((r) => r.name === 'prefix lookup (address)');
  const page = results.find((r) => r.name.startsWith('routes page'));
  const exported = results.find((r) => r.name.startsWith('exported routes page'));
  // The peak while the looking glass reads and serves the routes (first snapshot, every scenario,
  // the refresh under load). Start-up is left out: here it runs TypeScript through a loader thread
  // that compiles every module (printed apart; `ixora serve` runs the built JavaScript).
  const peakRss = Math.max(
    ...[...memoryPeaks].filter(([phase]) => phase !== 'start').map(([, peak]) => peak.rss),
  );
  console.log(
    `process RSS: ${mib(process.memoryUsage().rss)} now, peak ${mib(process.resourceUsage().maxRSS * 1024)} over the whole run; peak RSS / V8 heap by phase: ${[
      ...memoryPeaks,
    ]
      .map(([phase, peak]) => `${phase} ${mib(peak.rss)} / ${mib(peak.heap)}`)
      .join(', ')}`,
  );
  console.log(
    [
      `goals: lookup p99 ${lookup?.p99.toFixed(0)} ms [≤ 150]`,
      `routes page p99 ${page?.p99.toFixed(0)} ms [≤ 300]`,
      `exported routes page p99 ${exported?.p99.toFixed(0)} ms [≤ 300]`,
      `snapshot read ${seconds(snapshotMs)} [≤ 15 s]`,
      `peak RSS reading and serving ${mib(peakRss)} [≤ 1024 MiB at 800,000 routes]`,
      `concurrent commands ${relay.peak()} [≤ 2]`,
      `sessions flapped ${flapped} [0]`,
    ].join(', '),
  );

  await app.close();
  await dataSource.destroy();
  await embedded.stop();
  await probeBird.close();
  await relay.close();
} finally {
  stallProbe?.stop();
  for (const bird of birds) bird.process.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await rm(dir, { recursive: true, force: true });
}
