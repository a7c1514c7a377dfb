// `npm run bench:irr` — IRR refresh and aggregation figures (issue 4).
//
// Generates an RPSL database (1,000 member AS-SETs of heavy-tailed size: most under 100 prefixes,
// a few over 100,000, one of ~1,000,000 IPv4 + 600,000 IPv6), serves it with the IRR test server
// in a child process, and prints side by side:
//   - ixora: one full refresh of every member (expansion, aggregation, PrefixSets), in a child
//     process: wall time and peak RSS;
//   - bgpq4 -A, run per member and family (`-4` and `-6`) against the same server, one after the
//     other as a cron script would: total wall time and the largest peak RSS;
//   - aggregation throughput of PrefixAggregator on one core (the giant member's prefixes).
// Options: --scale F (default 1) scales member count and the giant's size, for a quick look;
//          --skip-bgpq4; --data-dir DIR (default: the OS temp dir; the data is reused).
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IrrClient } from '@ixora/irr';
import { PrefixAggregator } from '@ixora/net';
import { isBgpq4Available, runBgpq4 } from '@ixora/testing';
import { generateBenchDataset } from './support/irr-bench.data.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const loader = path.join(here, 'support', 'ts-loader.mjs');
const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
};
const scale = Number(option('--scale') ?? '1');
const skipBgpq4 = argv.includes('--skip-bgpq4') || !isBgpq4Available();
const dataDir = option('--data-dir') ?? path.join(os.tmpdir(), 'ixora-bench-irr');

const log = (text: string): void => void process.stderr.write(`${text}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number | undefined): string =>
  kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`;

function startChild(script: string, args: string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['--max-old-space-size=4096', '--import', loader, path.join(here, 'support', script), ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(buffered.slice(0, newline));
    });
    child.once('exit', (code) =>
      reject(new Error(`${String(child.spawnargs[3])} exited with ${code} before answering`)),
    );
  });
}

log(`generating the RPSL database (scale ${scale}) in ${dataDir} ...`);
const dataset = await generateBenchDataset({
  dir: dataDir,
  members: Math.max(10, Math.round(1000 * scale)),
  giantV4: Math.round(1_000_000 * scale),
  giantV6: Math.round(600_000 * scale),
  seed: 4,
});
const sizes = dataset.members.map((m) => m.prefixesV4 + m.prefixesV6).sort((a, b) => a - b);
log(
  `${dataset.members.length} members, ${dataset.totalV4} route + ${dataset.totalV6} route6 objects; member sizes: median ${sizes[Math.floor(sizes.length / 2)]}, ` +
    `${sizes.filter((s) => s < 100).length} under 100, ${sizes.filter((s) => s > 100_000).length} over 100,000, largest ${sizes.at(-1)}`,
);

log('starting the IRR test server ...');
const server = startChild('irr-server.child.ts', [dataset.rpslFile]);
const port = Number((await firstLine(server)).split(' ')[1]);
// The server keeps no caches; one untimed pass over the giant set lets its JIT settle, so the
// first client measured does not pay for the server's warm-up.
const warm = new IrrClient({ host: '127.0.0.1', port, sources: ['BENCH'] });
await warm.setMembers('AS-BENCH-0', true);
await warm.setPrefixes('AS-BENCH-0', 4);
await warm.setPrefixes('AS-BENCH-0', 6);
warm.close();

const membersFile = path.join(dataDir, 'members.json');
writeFileSync(membersFile, JSON.stringify(dataset.members));

interface RefreshFigures {
  wallMs: number;
  maxRssKiB: number;
  ok: number;
  stale: number;
  failed: number;
  prefixes: number;
  entries: number;
}
// Two full refreshes, each in a fresh process; the faster is reported (the machine is shared).
let ixora: RefreshFigures | undefined;
for (const round of [1, 2]) {
  log(`ixora: full refresh, round ${round} of 2 ...`);
  const figures = JSON.parse(
    await firstLine(startChild('irr-refresh.child.ts', [String(port), membersFile])),
  ) as RefreshFigures;
  log(`  ${seconds(figures.wallMs)}, ${mib(figures.maxRssKiB)}`);
  if (!ixora || figures.wallMs < ixora.wallMs)
    ixora = { ...figures, maxRssKiB: Math.max(figures.maxRssKiB, ixora?.maxRssKiB ?? 0) };
}
if (!ixora) throw new Error('no refresh ran');

let bgpq4:
  | { wallMs: number; maxRssKiB: number | undefined; runs: number; failures: number; entries: number }
  | undefined;
if (!skipBgpq4) {
  log('bgpq4: one run per member and family ...');
  const started = performance.now();
  let maxRssKiB: number | undefined;
  let failures = 0;
  let entries = 0;
  let runs = 0;
  for (const member of dataset.members) {
    for (const family of ['-4', '-6']) {
      const result = await runBgpq4(
        [
          '-h',
          `127.0.0.1:${port}`,
          '-S',
          'BENCH',
          '-p',
          '-A',
          family,
          '-b',
          '-l',
          'NN',
          member.asSet,
          `AS${member.asn}`,
        ],
        600_000,
      );
      runs++;
      if (result.exitCode !== 0) failures++;
      entries += result.stdout.split('\n').length - 3 > 0 ? result.stdout.split('\n').length - 3 : 0;
      if (result.maxRssKiB !== undefined) maxRssKiB = Math.max(maxRssKiB ?? 0, result.maxRssKiB);
    }
  }
  bgpq4 = { wallMs: performance.now() - started, maxRssKiB, runs, failures, entries };
}
// The giant member's prefixes, fetched from the same server, for the throughput figures.
const fetcher = new IrrClient({ host: '127.0.0.1', port, sources: ['BENCH'] });
const giant = dataset.members[0]?.asSet ?? 'AS-BENCH-0';
const texts = {
  v4: (await fetcher.setPrefixes(giant, 4)) ?? [],
  v6: (await fetcher.setPrefixes(giant, 6)) ?? [],
};
fetcher.close();
server.kill('SIGTERM');

log('aggregation throughput ...');
// The test server answers in address order, as IRRd's answers usually come; the same list
// shuffled shows the cost of input in no order (a radix sort before the trie).
const shuffledV4 = [...texts.v4];
let seed = 1;
for (let i = shuffledV4.length - 1; i > 0; i--) {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  const j = seed % (i + 1);
  [shuffledV4[i], shuffledV4[j]] = [shuffledV4[j] as string, shuffledV4[i] as string];
}
const throughput: Array<[string, number, number, number]> = [];
for (const [label, family, list, upTo] of [
  ['IPv4 exact', 4, texts.v4, undefined],
  ['IPv4 exact, shuffled', 4, shuffledV4, undefined],
  ['IPv4 up to /24', 4, texts.v4, 24],
  ['IPv6 exact', 6, texts.v6, undefined],
  ['IPv6 up to /48', 6, texts.v6, 48],
] as const) {
  let best = Infinity;
  let bestCpu = Infinity;
  let entries = 0;
  for (let round = 0; round < 3; round++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const aggregator = new PrefixAggregator(family, upTo === undefined ? {} : { moreSpecificsUpTo: upTo });
    for (const text of list) aggregator.addText(text);
    entries = aggregator.aggregateToBird().length;
    best = Math.min(best, performance.now() - started);
    const used = process.cpuUsage(cpu);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  throughput.push([`${label}: ${list.length} prefixes -> ${entries} entries`, list.length, best, bestCpu]);
}

const rows: string[][] = [
  ['', 'wall time', 'peak memory', 'notes'],
  [
    'ixora irr refresh (all members)',
    seconds(ixora.wallMs),
    mib(ixora.maxRssKiB),
    `${ixora.ok} ok, ${ixora.stale + ixora.failed} failed; ${ixora.prefixes} prefixes -> ${ixora.entries} entries; best of 2`,
  ],
  bgpq4
    ? [
        'bgpq4 -A per member and family',
        seconds(bgpq4.wallMs),
        mib(bgpq4.maxRssKiB),
        `${bgpq4.runs} runs, ${bgpq4.failures} failed; ${bgpq4.entries} entries`,
      ]
    : ['bgpq4', 'skipped', '', isBgpq4Available() ? '--skip-bgpq4' : 'bgpq4 not installed'],
];
if (bgpq4) rows.push(['speed-up', `${(bgpq4.wallMs / ixora.wallMs).toFixed(1)}x`, '', 'goal: at least 3x']);
const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
console.log(
  `\nIRR benchmark: ${dataset.members.length} members, ${dataset.totalV4} route + ${dataset.totalV6} route6 objects, ${os.cpus().length} cores`,
);
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
console.log(
  '\nAggregation throughput (PrefixAggregator, one core, text in, BIRD entries out, best of 3; goal 2,000,000/s):',
);
const rate = (count: number, ms: number): string => Math.round(count / (ms / 1000)).toLocaleString('en-US');
for (const [label, count, ms, cpuMs] of throughput) {
  console.log(
    `  ${label}: wall ${seconds(ms)} (${rate(count, ms)}/s), CPU ${seconds(cpuMs)} (${rate(count, cpuMs)}/s)`,
  );
}
console.log(
  `  (load average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; CPU time is the fair figure on a shared machine)`,
);
console.log(`Peak memory goal: under 1 GB (ixora refresh ${mib(ixora.maxRssKiB)}).`);
