// Route-server config at scale (issue 3 item 7): a synthetic exchange of 1,000 members (1,800
// sessions, heavy-tailed prefix sets, about 2M set entries), timed through build, render and
// BIRD's own check. Goals: render ≤ 10 s, `bird -p` ≤ 1 s.
// Run: npm run bench:config [-- MEMBERS [PREFIX_ENTRIES [VRPS]]]
// IXORA_BENCH_CONFIG_OUT=/path/bird.conf keeps the rendered config for a closer look.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderRouteServerConfig, runProcess } from '@ixora/bird-config';
import { syntheticExchangeModel } from '../libs/bird-config/fixtures/synthetic-exchange.fixture.js';

const members = Number(process.argv[2] ?? 1000);
const totalPrefixEntries = Number(process.argv[3] ?? 2_000_000);
const vrps = Number(process.argv[4] ?? 0);
const birdBinary = 'bird';

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

// The machine may be shared: CPU time (user + system) is printed beside wall time.
const cpuSeconds = (usage: NodeJS.CpuUsage): string =>
  `${((usage.user + usage.system) / 1e6).toFixed(2)} s CPU`;
let started = performance.now();
let cpu = process.cpuUsage();
const model = syntheticExchangeModel({ members, v6Fraction: 0.8, totalPrefixEntries, vrps, seed: 1 });
const buildMs = performance.now() - started;
const buildCpu = process.cpuUsage(cpu);
const prefixEntries = model.members.reduce((sum, m) => sum + m.prefixesV4.length + m.prefixesV6.length, 0);
const asnEntries = model.members.reduce((sum, m) => sum + m.asns.length, 0);

started = performance.now();
cpu = process.cpuUsage();
const config = renderRouteServerConfig(model);
const renderMs = performance.now() - started;
const renderCpu = process.cpuUsage(cpu);
const peakRss = process.resourceUsage().maxRSS * 1024;
const setEntries = (config.match(/^ {2}[0-9a-f:][^ \n]*$/gm) ?? []).length;
const roaLines = (config.match(/^ {2}route /gm) ?? []).length;

console.log(
  `exchange: ${model.members.length} members, ${model.sessions.length} sessions, ${prefixEntries} prefix entries, ${asnEntries} ASN entries, ${vrps} VRPs`,
);
console.log(`build (synthetic model + policy resolution): ${seconds(buildMs)} (${cpuSeconds(buildCpu)})`);
console.log(
  `render (normalise + view + templates): ${seconds(renderMs)} (${cpuSeconds(renderCpu)})  [goal ≤ 10 s]`,
);
console.log(`node peak RSS (build + render): ${mib(peakRss)}`);
console.log(
  `config: ${mib(Buffer.byteLength(config))}, ${config.split('\n').length} lines, ${setEntries} set entries, ${roaLines} ROA routes`,
);

const directory = await mkdtemp(path.join(tmpdir(), 'ixora-bench-config-'));
try {
  const file = path.join(directory, 'bird.conf');
  await writeFile(file, config);
  const keep = process.env.IXORA_BENCH_CONFIG_OUT;
  if (keep) await writeFile(keep, config);
  // GNU time reports BIRD's peak memory; without it only the wall time is shown.
  const timeBinary = '/usr/bin/time';
  const hasTime = existsSync(timeBinary);
  const result = hasTime
    ? await runProcess(timeBinary, ['-f', 'IXORA_TIME %e %M %U %S', birdBinary, '-p', '-c', file], {
        timeoutMs: 600_000,
      })
    : await runProcess(birdBinary, ['-p', '-c', file], { timeoutMs: 600_000 });
  if (result.spawnError) {
    console.log(`bird -p: not run (${birdBinary}: ${result.spawnError})`);
  } else {
    const timing = /IXORA_TIME ([0-9.]+) ([0-9]+) ([0-9.]+) ([0-9.]+)/.exec(result.stderr);
    const output = result.stderr.replace(/IXORA_TIME.*\n?/, '').trim();
    const ok = result.exitCode === 0;
    const birdSeconds = timing
      ? `${timing[1]} s (${(Number(timing[3]) + Number(timing[4])).toFixed(2)} s CPU)`
      : seconds(result.durationMs);
    const birdMemory = timing ? `${(Number(timing[2]) / 1024).toFixed(0)} MiB` : 'n/a (no /usr/bin/time)';
    console.log(
      `bird -p: ${ok ? 'ok' : `FAILED ${output}`}, ${birdSeconds}, peak RSS ${birdMemory}  [goal ≤ 1 s]`,
    );
  }
} finally {
  await rm(directory, { recursive: true, force: true });
}
