import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePrefixRangeEntry, type PrefixRangeEntry } from '@ixora/net';
import { IrrTestDatabase } from './irr-test.database.js';

/** ixora's own IRR fixtures (documentation ASNs and prefixes; see its README). */
export const IRR_FIXTURES_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'irr',
);

export function loadIrrFixtureDatabase(options: { publicSpace?: boolean } = {}): IrrTestDatabase {
  const text = readFileSync(path.join(IRR_FIXTURES_DIR, 'ixora-test.rpsl'), 'utf8');
  return IrrTestDatabase.fromRpsl(options.publicSpace ? inPublicSpace(text) : text);
}

/**
 * The fixture with its documentation prefixes moved into public space, prefix for prefix
 * (192.0.2/24, 198.51.100/24 and 203.0.113/24 to 185.0.2/24, 185.51.100/24 and 185.0.113/24;
 * 2001:db8::/32 to 2a0b:db8::/32), for tests of what gets stored: documentation prefixes are
 * bogons, which IRR refreshes drop because the route servers reject them anyway.
 */
export function inPublicSpace(rpsl: string): string {
  return rpsl
    .replace(/\b192\.0\.2\./g, '185.0.2.')
    .replace(/\b198\.51\.100\./g, '185.51.100.')
    .replace(/\b203\.0\.113\./g, '185.0.113.')
    .replace(/\b2001:db8:/gi, '2a0b:db8:');
}

/**
 * The reference IRR data in the shared fixtures folder (real RIPE objects plus the route origins
 * dataset.json derives from bgpq4's reference outputs), or undefined when the folder is absent.
 */
export function loadSharedIrrFixtureDatabase(fixturesDir: string): IrrTestDatabase | undefined {
  const irrDir = path.join(fixturesDir, 'irr');
  if (!existsSync(path.join(irrDir, 'rpsl'))) return undefined;
  const database = new IrrTestDatabase();
  for (const file of readdirSync(path.join(irrDir, 'rpsl')).sort()) {
    if (file.endsWith('.rpsl'))
      database.loadRpsl(readFileSync(path.join(irrDir, 'rpsl', file), 'utf8'), 'RIPE');
  }
  const datasetFile = path.join(irrDir, 'dataset.json');
  if (existsSync(datasetFile)) {
    const dataset = JSON.parse(readFileSync(datasetFile, 'utf8')) as {
      as_sets?: Record<string, { source: string; members: string[] }>;
      route_origins?: Record<string, { ipv4?: string[]; ipv6?: string[] }>;
    };
    for (const [name, set] of Object.entries(dataset.as_sets ?? {})) {
      if (!database.directMembers(name, [set.source])) database.addAsSet(name, set.members, set.source);
    }
    for (const [origin, routes] of Object.entries(dataset.route_origins ?? {})) {
      for (const prefix of [...(routes.ipv4 ?? []), ...(routes.ipv6 ?? [])]) {
        if (
          !database
            .prefixesOf(Number(origin.slice(2)), prefix.includes(':') ? 6 : 4, ['RIPE'])
            .includes(prefix)
        ) {
          database.addRoute(prefix, origin, 'RIPE');
        }
      }
    }
  }
  return database;
}

export interface Bgpq4Result {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** Peak resident memory of the bgpq4 process in KiB, when /usr/bin/time could report it. */
  readonly maxRssKiB: number | undefined;
}

const BGPQ4_LOCATIONS = ['/usr/bin/bgpq4', '/usr/local/bin/bgpq4'];

/** True if bgpq4 is installed (the Debian package puts it in /usr/bin). */
export function isBgpq4Available(): boolean {
  return BGPQ4_LOCATIONS.some((file) => existsSync(file));
}

/**
 * Runs bgpq4 with an argument array (never a shell string) and a hard timeout; under
 * /usr/bin/time when present, to learn its peak memory.
 */
export function runBgpq4(args: readonly string[], timeoutMs = 60_000): Promise<Bgpq4Result> {
  const timed = existsSync('/usr/bin/time');
  const binary = timed ? '/usr/bin/time' : 'bgpq4';
  const argv = timed ? ['-f', '%M', 'bgpq4', ...args] : [...args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      let stderr = Buffer.concat(err).toString('utf8');
      let maxRssKiB: number | undefined;
      if (timed) {
        const lines = stderr.trimEnd().split('\n');
        const last = lines.pop() ?? '';
        if (/^\d+$/.test(last)) {
          maxRssKiB = Number(last);
          stderr = lines.join('\n');
        }
      }
      resolve({
        exitCode: code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        wallMs: performance.now() - started,
        maxRssKiB,
      });
    });
  });
}

/** Entries of bgpq4's BIRD output (`-b`): `NAME = [ P, P{a,b}, ... ];`, or nothing for an empty list. */
export function parseBgpq4Bird(output: string): PrefixRangeEntry[] {
  const open = output.indexOf('[');
  const close = output.lastIndexOf(']');
  if (open < 0 || close < open) {
    if (output.trim() === '') return [];
    throw new Error(`bgpq4 BIRD output not understood: ${output.slice(0, 80)}`);
  }
  return (
    output
      .slice(open + 1, close)
      // Entries are comma-separated; the comma inside "{low,high}" is not a separator.
      .split(/,(?![^{]*\})/)
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map((item) => parsePrefixRangeEntry(item, 'bgpq4 entry'))
  );
}

/** Entries of bgpq4's JSON output (`-j`): `{ "NAME": [ { "prefix", "exact", "greater-equal", "less-equal" } ] }`. */
export function parseBgpq4Json(output: string): PrefixRangeEntry[] {
  const document = JSON.parse(output) as Record<string, Array<Record<string, unknown>>>;
  const [list] = Object.values(document);
  return (list ?? []).map((item) => {
    const base = parsePrefixRangeEntry(String(item.prefix), 'bgpq4 entry');
    if (item.exact === true) return base;
    const bits = base.prefix.includes(':') ? 128 : 32;
    const low = typeof item['greater-equal'] === 'number' ? item['greater-equal'] : base.length;
    const high = typeof item['less-equal'] === 'number' ? item['less-equal'] : bits;
    return { ...base, low, high };
  });
}
