// PeeringDB import: a full sync of a generated dump (35,000 nets, 65,000 netixlans by default)
// from the test PeeringDB server into a fresh database, then an incremental sync after changing
// 1% of the nets. Prints time and peak memory; goal ≤ 20 s and ≤ 1 GB for the full sync.
// Run: npm run bench:peeringdb [-- NETS NETIXLANS] [--embedded]. Needs PostgreSQL
// (TEST_DATABASE_URL or 127.0.0.1:5432), or with --embedded the PGlite default of a single-machine
// install (in this process, so its memory counts). The PeeringDB test server runs in a child
// process so its copy of the dump is not counted.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { APP_ENTITIES } from '@ixora/app-composition';
import { createDataSource, migrate, startEmbeddedPostgres } from '@ixora/database';
import { PeeringDbClient, syncPeeringDb, type PeeringDbSyncResult } from '@ixora/peeringdb';
import { createTestDatabase, generatePeeringDbDump, startPeeringDbTestServer } from '@ixora/testing';

const args = process.argv.slice(2);
const isServer = args[0] === 'serve';
const isEmbedded = args.includes('--embedded');
const [netsArg, netixlansArg] = args.filter((a) => /^\d+$/.test(a));
const NETS = Number(netsArg ?? 35_000);
const NETIXLANS = Number(netixlansArg ?? 65_000);
const GOAL_SECONDS = 20;
const GOAL_MB = 1024;

if (isServer) {
  const dump = generatePeeringDbDump({ nets: NETS, netixlans: NETIXLANS });
  const server = await startPeeringDbTestServer({ objects: dump });
  process.stdout.write(`${server.url}\n`);
  // Commands from the parent on stdin: "change" touches 1% of the nets, "exit" stops.
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'change') {
      const at = new Date(Date.now() + 1000);
      for (const net of server.rows('net').filter((n) => n.id % 100 === 0)) {
        server.put('net', { ...net, name: `${String(net.name)} (renamed)` }, at);
      }
      server.remove('netixlan', 1, at);
      process.stdout.write('changed\n');
    } else {
      await server.close();
      process.exit(0);
    }
  }
} else {
  await main();
}

async function main(): Promise<void> {
  const generationStart = performance.now();
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), 'serve', String(NETS), String(NETIXLANS)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => String((await lines.next()).value);
  const url = await next();
  console.log(
    `peeringdb bench (${isEmbedded ? 'embedded PGlite' : 'PostgreSQL server'}): ${NETS} nets, ${NETIXLANS} netixlans generated and served in ${seconds(performance.now() - generationStart)} s`,
  );

  const db = isEmbedded ? await embeddedDatabase() : await createTestDatabase();
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  let peakRss = process.memoryUsage().rss;
  console.log(
    `RSS before the sync (runtime, modules${isEmbedded ? ', PGlite' : ''}): ${rssBeforeMb.toFixed(0)} MB`,
  );
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const client = new PeeringDbClient({ baseUrl: url, requestsPerMinute: 0 });
    const full = await timed(() => syncPeeringDb(db.dataSource, client, { full: true }));
    const fullPeakMb = Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20;
    report('full sync', full.result, full.ms, fullPeakMb);

    child.stdin.write('change\n');
    await next();
    const incremental = await timed(() => syncPeeringDb(db.dataSource, client));
    report(
      'incremental sync (1% of nets changed, one netixlan deleted)',
      incremental.result,
      incremental.ms,
      peakRss / 2 ** 20,
    );

    const ok = full.ms / 1000 <= GOAL_SECONDS && fullPeakMb <= GOAL_MB;
    console.log(
      `full sync: ${seconds(full.ms)} s (goal ≤ ${GOAL_SECONDS} s), peak RSS ${fullPeakMb.toFixed(0)} MB, ` +
        `${(fullPeakMb - rssBeforeMb).toFixed(0)} MB of it for the sync (goal ≤ ${GOAL_MB} MB): ${ok ? 'within goal' : 'OVER GOAL'}`,
    );
  } finally {
    clearInterval(sampler);
    child.stdin.write('exit\n');
    await db.drop();
  }
}

/** The single-machine default: PGlite in this process, served on a loopback port, migrated. */
async function embeddedDatabase(): Promise<{ dataSource: DataSource; drop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-bench-'));
  const embedded = await startEmbeddedPostgres(dir);
  const dataSource = createDataSource(embedded.url, { entities: APP_ENTITIES, poolSize: 1 });
  await dataSource.initialize();
  await migrate(dataSource);
  return {
    dataSource,
    async drop() {
      await dataSource.destroy();
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

function report(label: string, result: PeeringDbSyncResult, ms: number, peakMb: number): void {
  console.log(`\n${label}: ${seconds(ms)} s, peak RSS ${peakMb.toFixed(0)} MB`);
  for (const [type, c] of Object.entries(result.counts)) {
    console.log(
      `  ${type.padEnd(9)} fetched ${String(c.fetched).padStart(6)}  created ${String(c.created).padStart(6)}  updated ${String(c.updated).padStart(5)}  deleted ${String(c.deleted).padStart(4)}`,
    );
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}
