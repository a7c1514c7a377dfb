// Memory of a small exchange on one machine (issue 14): `ixora serve` + `ixora worker` +
// PostgreSQL + BIRD for MEMBERS members (default 100), every process pinned to one CPU
// (`taskset -c 0`, as on a one-vCPU machine). Goal: ≤ 1 GiB in all.
//
// It starts a private PostgreSQL cluster (Debian's postgresql, default settings: 128 MB shared
// buffers), BIRD 2 in a network namespace of its own (`unshare --net --map-root-user`, as the demo
// does: its BGP sessions reach nobody), an IRRd-protocol server with the members' route objects,
// and the built ixora (`node bin/ixora.js`, as installed) — then imports MEMBERS members from an
// IX-F export, adds a dual-stack route server, refreshes IRR and RPKI, and measures:
//   at rest         serve and worker started, the looking glass has read BIRD (Debian's bird.conf-like start)
//   after the jobs  a config.build and a config.deploy job (BIRD now runs the exchange's config with
//                   every member's sessions and prefix sets) and a fresh looking-glass snapshot
// RSS and PSS (shared pages divided among the processes that share them; PostgreSQL's shared
// buffers counted once) from /proc/PID/smaps_rollup, and the peak RSS (VmHWM) of each process.
// Run: npm run bench:memory [-- MEMBERS]  (builds first). Needs bird2, postgresql, unshare, taskset.
import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildIxfExport, IrrTestDatabase, startIrrTestServer } from '@ixora/testing';

const MEMBERS = Number(process.argv[2] ?? 100);
const GOAL_BYTES = 2 ** 30;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RS_ASN = 64500;
const run = promisify(execFile);

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Member i: a public ASN and address space that exist only inside this benchmark. */
const memberAsn = (i: number): number => 59_901 + i;
/** How many prefixes member i registers: most a handful, every tenth a few hundred (a transit member). */
const prefixCount = (i: number): number => (i % 10 === 0 ? 300 : i % 3 === 0 ? 25 : 4);

function memberPrefixes(i: number): { v4: string[]; v6: string[] } {
  const first = Array.from({ length: i }, (_, j) => prefixCount(j)).reduce((a, b) => a + b, 0);
  const v4 = Array.from({ length: prefixCount(i) }, (_, k) => {
    const n = first + k;
    return `${11 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}.0/24`;
  });
  const v6 = Array.from(
    { length: Math.ceil(prefixCount(i) / 2) },
    (_, k) => `2a0b:${(0x1000 + i).toString(16)}:${k.toString(16)}::/48`,
  );
  return { v4, v6 };
}

function rpsl(): string {
  const objects: string[] = [];
  for (let i = 0; i < MEMBERS; i += 1) {
    const asn = memberAsn(i);
    objects.push(`as-set: AS-BENCH${i}\nmembers: AS${asn}\nsource: BENCH`);
    const { v4, v6 } = memberPrefixes(i);
    for (const prefix of v4) objects.push(`route: ${prefix}\norigin: AS${asn}\nsource: BENCH`);
    for (const prefix of v6) objects.push(`route6: ${prefix}\norigin: AS${asn}\nsource: BENCH`);
  }
  return `${objects.join('\n\n')}\n`;
}

function vrps(now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + 86_400;
  const roas = [];
  for (let i = 0; i < MEMBERS; i += 1) {
    if (i % 5 === 4) continue;
    const { v4, v6 } = memberPrefixes(i);
    for (const prefix of v4) roas.push({ asn: memberAsn(i), prefix, maxLength: 24, ta: 'bench', expires });
    for (const prefix of v6) roas.push({ asn: memberAsn(i), prefix, maxLength: 48, ta: 'bench', expires });
  }
  return JSON.stringify({ metadata: { buildtime: now.toISOString().replace(/\.\d{3}Z$/, 'Z') }, roas });
}

/** An IX-F export of MEMBERS members on one peering LAN (a /23 and a /64), each at the route servers. */
function ixfExport(): string {
  const base = buildIxfExport({ members: 1 }) as { ixp_list: { vlan: Record<string, unknown>[] }[] };
  const lan = base.ixp_list[0]!.vlan[0]!;
  lan.ipv4 = { prefix: '185.1.0.0', mask_length: 23 };
  lan.ipv6 = { prefix: '2001:7f8:ffff::', mask_length: 64 };
  const members = Array.from({ length: MEMBERS }, (_, i) => {
    const host = 10 + i;
    return {
      asnum: memberAsn(i),
      member_type: 'peering',
      name: `Bench Network ${i}`,
      peering_policy: 'open',
      connection_list: [
        {
          ixp_id: 1,
          state: 'active',
          if_list: [{ switch_id: 1, if_speed: 10_000 }],
          vlan_list: [
            {
              vlan_id: 10,
              ipv4: {
                address: `185.1.${host >> 8}.${host & 255}`,
                as_macro: `AS-BENCH${i}`,
                max_prefix: prefixCount(i) * 2,
                routeserver: true,
              },
              ipv6: {
                address: `2001:7f8:ffff::${host.toString(16)}:1`,
                as_macro: `AS-BENCH${i}`,
                max_prefix: prefixCount(i) * 2,
                routeserver: true,
              },
            },
          ],
        },
      ],
    };
  });
  return JSON.stringify({ ...base, member_list: members });
}

interface Memory {
  readonly rss: number;
  readonly pss: number;
  readonly peakRss: number;
}

function memoryOf(pids: readonly number[]): Memory {
  let rss = 0;
  let pss = 0;
  let peakRss = 0;
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (text: string, key: string) =>
        Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
      rss += kb(rollup, 'Rss');
      pss += kb(rollup, 'Pss');
      peakRss += kb(status, 'VmHWM');
    } catch {
      // The process ended between listing and reading (a PostgreSQL backend closing).
    }
  }
  return { rss, pss, peakRss };
}

/** The postmaster and every process it started (backends, background workers). */
function postgresPids(postmaster: number): number[] {
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

interface Running {
  readonly child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

function start(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn('taskset', ['-c', '0', command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => text,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode}: ${text}`);
        if (Date.now() > deadline)
          throw new Error(`${name}: no ${String(pattern)} after ${timeoutMs} ms: ${text}`);
        await sleep(100);
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** An ixora command; asynchronous, so the IRR server in this process keeps answering it. */
async function ixora(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(ROOT, 'bin/ixora.js'), ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function main(): Promise<void> {
  for (const tool of ['bird', 'unshare', 'taskset']) {
    if (spawnSync(tool, ['--version']).error) throw new Error(`bench:memory needs ${tool}`);
  }
  const pgBin = readdirSync('/usr/lib/postgresql')
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => `/usr/lib/postgresql/${v}/bin`)
    .find((dir) => existsSync(`${dir}/initdb`));
  if (!pgBin) throw new Error('bench:memory needs PostgreSQL (Debian package postgresql)');
  if (!existsSync(path.join(ROOT, 'dist/apps/cli/src/main.js'))) throw new Error('run npm run build first');

  const dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-memory-'));
  await chmod(dir, 0o755);
  const running: Running[] = [];
  let pgData: string | undefined;
  // initdb refuses root: the cluster belongs to the postgres user then.
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const pg = (tool: string, args: string[]) => {
    const argv = [...asPostgres, 'taskset', '-c', '0', `${pgBin}/${tool}`, ...args];
    return execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', cwd: '/' });
  };
  try {
    // PostgreSQL: a private cluster with the default settings Debian's package uses.
    pgData = path.join(dir, 'pg');
    await mkdir(pgData);
    if (asPostgres.length) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
      await chown(pgData, uid, gid);
    }
    const pgPort = await freePort();
    pg('initdb', ['-D', pgData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    pg('pg_ctl', [
      '-D',
      pgData,
      '-l',
      path.join(pgData, 'log'),
      '-o',
      `-p ${pgPort} -k ${pgData} -c listen_addresses=127.0.0.1`,
      '-w',
      'start',
    ]);
    const postmaster = Number(readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
    pg('createdb', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', 'ixora']);

    // BIRD in its own network namespace, first on a bare config (Debian starts it on its sample).
    const birdDir = path.join(dir, 'bird');
    await mkdir(birdDir);
    const socket = path.join(birdDir, 'bird.ctl');
    await writeFile(path.join(birdDir, 'bird.conf'), 'router id 185.1.0.1;\nprotocol device {}\n');
    const bird = start(
      'bird',
      'unshare',
      ['--net', '--map-root-user', 'bird', '-f', '-c', path.join(birdDir, 'bird.conf'), '-s', socket],
      process.env,
    );
    running.push(bird);
    for (let i = 0; i < 100 && !existsSync(socket); i += 1) await sleep(100);
    if (!existsSync(socket)) throw new Error(`BIRD did not start: ${bird.output()}`);

    const irr = await startIrrTestServer({
      database: IrrTestDatabase.fromRpsl(rpsl(), 'BENCH'),
      host: '127.0.0.1',
      port: 0,
      recordQueries: false,
    });
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${pgPort}/ixora`,
      IXORA_DATA_DIR: path.join(dir, 'data'),
      BIRD_SOCKET: socket,
      BIRD_CONFIG_DIR: birdDir,
      IRR_HOST: `${irr.host}:${irr.port}`,
      IRR_SOURCES: 'BENCH',
      PORT: String(port),
      LG_REFRESH_SECONDS: '5',
      LOG_FORMAT: 'json',
    };

    const setupStart = Date.now();
    await ixora(env, 'db', 'migrate');
    await writeFile(path.join(dir, 'ixf.json'), ixfExport());
    await ixora(env, 'import', 'ixf', path.join(dir, 'ixf.json'));
    await ixora(
      env,
      'rs',
      'add',
      '--name',
      'rs1',
      '--asn',
      String(RS_ASN),
      '--router-id',
      '185.1.0.1',
      '--ipv4',
      '185.1.0.1',
      '--ipv6',
      '2001:7f8:ffff::1',
    );
    await ixora(env, 'irr', 'refresh');
    await irr.close();
    await writeFile(path.join(dir, 'vrps.json'), vrps(new Date()));
    await ixora(env, 'rpki', 'refresh', '--file', path.join(dir, 'vrps.json'));
    const token = /ixora_[A-Za-z0-9_-]+/.exec(
      await ixora(env, 'user', 'add', '--email', 'bench@ix.example.net', '--role', 'admin'),
    )?.[0];
    if (!token) throw new Error('no API token from ixora user add');
    const sessions = (JSON.parse(await ixora(env, 'session', 'list', '--rs', 'rs1', '--json')) as unknown[])
      .length;
    console.log(
      `${MEMBERS} members, route server rs1 with ${sessions} sessions, set up in ${((Date.now() - setupStart) / 1000).toFixed(1)} s`,
    );

    const serve = start('serve', process.execPath, [path.join(ROOT, 'bin/ixora.js'), 'serve'], env);
    const worker = start('worker', process.execPath, [path.join(ROOT, 'bin/ixora.js'), 'worker'], env);
    running.push(serve, worker);
    await serve.waitFor(/ixora listening on/, 120_000);
    await worker.waitFor(/ixora worker \S+: handling/, 120_000);
    const api = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // Rest: two snapshot rounds, the first requests (JIT, caches) answered.
    await sleep(12_000);
    for (const url of ['/', '/api/lg/v1/routeservers', '/api/v1/members?limit=100'])
      await fetch(`${api}${url}`, { headers });
    await sleep(2_000);

    const sample = () => ({
      serve: memoryOf([serve.child.pid!]),
      worker: memoryOf([worker.child.pid!]),
      postgres: memoryOf(postgresPids(postmaster)),
      bird: memoryOf([bird.child.pid!]),
    });
    const atRest = sample();

    const runJob = async (kind: string): Promise<{ ms: number; result: Record<string, unknown> }> => {
      const started = Date.now();
      const created = (await (
        await fetch(`${api}/api/v1/jobs`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ kind, params: { rs: 'rs1' } }),
        })
      ).json()) as { id: number };
      for (;;) {
        await sleep(250);
        const job = (await (await fetch(`${api}/api/v1/jobs/${created.id}`, { headers })).json()) as {
          status: string;
          error?: unknown;
          result?: Record<string, unknown>;
        };
        if (job.status === 'succeeded') return { ms: Date.now() - started, result: job.result ?? {} };
        if (job.status === 'failed') throw new Error(`${kind} failed: ${JSON.stringify(job.error)}`);
      }
    };
    const build = await runJob('config.build');
    const deploy = await runJob('config.deploy');
    // A looking-glass snapshot of BIRD with the exchange's config (every session), then sampled.
    const snapshotStart = Date.now();
    for (;;) {
      const neighbors = (await (await fetch(`${api}/api/lg/v1/routeservers/rs1/neighbors`)).json()) as {
        neighbors?: unknown[];
      };
      if ((neighbors.neighbors?.length ?? 0) >= sessions) break;
      if (Date.now() - snapshotStart > 60_000)
        throw new Error(`the looking glass did not list ${sessions} neighbors`);
      await sleep(500);
    }
    await sleep(6_000);
    const afterJobs = sample();

    const rows: [string, Memory, Memory][] = [
      ['ixora serve', atRest.serve, afterJobs.serve],
      ['ixora worker', atRest.worker, afterJobs.worker],
      ['PostgreSQL (all processes)', atRest.postgres, afterJobs.postgres],
      ['BIRD', atRest.bird, afterJobs.bird],
    ];
    const total = (pick: (m: Memory) => number, which: 1 | 2) =>
      rows.reduce((sum, row) => sum + pick(row[which]), 0);
    console.log(
      `config.build job ${(build.ms / 1000).toFixed(1)} s, config.deploy job ${(deploy.ms / 1000).toFixed(1)} s (one CPU); build result ${JSON.stringify(build.result)}`,
    );
    console.log('\n| process | at rest RSS / PSS | after build, deploy, LG snapshot RSS / PSS | peak RSS |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [name, rest, after] of rows)
      console.log(
        `| ${name} | ${mib(rest.rss)} / ${mib(rest.pss)} | ${mib(after.rss)} / ${mib(after.pss)} | ${mib(after.peakRss)} |`,
      );
    const pssTotal = total((m) => m.pss, 2);
    console.log(
      `| total | ${mib(total((m) => m.rss, 1))} / ${mib(total((m) => m.pss, 1))} | ${mib(total((m) => m.rss, 2))} / ${mib(pssTotal)} | |`,
    );
    const peakTotal = rows.reduce(
      (sum, [name, , after]) => sum + (name.startsWith('PostgreSQL') ? after.pss : after.peakRss),
      0,
    );
    console.log(
      `\ngoal ≤ ${mib(GOAL_BYTES)}: ${pssTotal <= GOAL_BYTES ? 'met' : 'MISSED'} (PSS ${mib(pssTotal)}; with each ixora and BIRD process at its peak: ${mib(peakTotal)})`,
    );
  } finally {
    for (const process of running.reverse()) await process.stop();
    if (pgData && existsSync(path.join(pgData, 'postmaster.pid'))) {
      try {
        pg('pg_ctl', ['-D', pgData, '-m', 'fast', '-w', 'stop']);
      } catch (error) {
        console.error(`pg_ctl stop: ${(error as Error).message}`);
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
