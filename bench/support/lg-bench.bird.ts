import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

// Two BIRD 2 daemons on loopback for the looking-glass benchmark: a route server (AS64500,
// 127.0.101.1..) and one daemon playing `neighbors` member routers (AS65001.., 127.0.1.1..), each
// announcing `routesPerNeighbor` prefixes. BGP never leaves 127.0.0.0/8.

export interface BenchExchange {
  readonly neighbors: number;
  readonly routesPerNeighbor: number;
  /** Every n-th route is a /25, which the route server filters (reason RS:1101:1). */
  readonly filteredEvery: number;
  /** Neighbors the route server exports to (the others get `export none`, see README). */
  readonly exportingNeighbors: number;
  readonly port: number;
}

export const RS_ASN = 64500;

function neighborAddress(index: number): string {
  return `127.0.${1 + (index >> 8)}.${(index & 255) + 1}`;
}

/** BIRD keeps one BGP protocol per neighbor address in a daemon: the route server's side of each session gets its own address. */
function routeServerAddress(index: number): string {
  return `127.0.${101 + (index >> 8)}.${(index & 255) + 1}`;
}

/** The route n (0-based over the whole exchange) as a prefix: /24s from 11.0.0.0, every n-th a /25. */
export function benchPrefix(n: number, filteredEvery: number): string {
  const base = `${11 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
  return n % filteredEvery === 0 ? `${base}.128/25` : `${base}.0/24`;
}

export function routeServerConfig(exchange: BenchExchange): string {
  const lines = [
    'router id 127.0.0.1;',
    'timeformat base iso long;',
    'timeformat protocol iso long;',
    'timeformat route iso long;',
    'protocol device { }',
    'ipv4 table igp4;',
    'protocol static igp_lo { ipv4 { table igp4; }; route 127.0.0.0/8 via "lo"; }',
    'filter rs_import {',
    `  if net.len > 24 then { bgp_large_community.add((${RS_ASN}, 1101, 1)); reject; }`,
    `  bgp_large_community.add((${RS_ASN}, 1000, 2));`,
    '  accept;',
    '}',
  ];
  for (let i = 0; i < exchange.neighbors; i += 1) {
    lines.push(
      `protocol bgp AS${65001 + i}_v4_${i + 1} {`,
      `  description "Bench member ${i + 1}";`,
      `  local ${routeServerAddress(i)} port ${exchange.port} as ${RS_ASN};`,
      `  neighbor ${neighborAddress(i)} port ${exchange.port} as ${65001 + i};`,
      '  multihop 2; strict bind on; rs client; connect retry time 5; error wait time 1, 10;',
      `  ipv4 { import keep filtered on; import filter rs_import; export ${i < exchange.exportingNeighbors ? 'all' : 'none'}; igp table igp4; };`,
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}

export function membersConfig(exchange: BenchExchange): string {
  const lines = [
    'router id 127.0.1.1;',
    'protocol device { }',
    'ipv4 table igp4;',
    'protocol static igp_lo { ipv4 { table igp4; }; route 127.0.0.0/8 via "lo"; }',
  ];
  for (let i = 0; i < exchange.neighbors; i += 1) {
    const asn = 65001 + i;
    lines.push(`ipv4 table t${i};`, `protocol static s${i} {`, `  ipv4 { table t${i}; };`);
    for (let k = 0; k < exchange.routesPerNeighbor; k += 1)
      lines.push(
        `  route ${benchPrefix(i * exchange.routesPerNeighbor + k, exchange.filteredEvery)} blackhole;`,
      );
    lines.push(
      '}',
      `protocol bgp rs${i} {`,
      `  local ${neighborAddress(i)} port ${exchange.port} as ${asn};`,
      `  neighbor ${routeServerAddress(i)} port ${exchange.port} as ${RS_ASN};`,
      '  multihop 2; strict bind on; connect retry time 5; error wait time 1, 10;',
      `  ipv4 { table t${i}; import none; export filter { bgp_large_community.add((${asn}, 1, ${i})); bgp_community.add((${asn}, 100)); accept; }; igp table igp4; };`,
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function startBird(
  dir: string,
  name: string,
  config: string,
): Promise<{ socketPath: string; process: ChildProcess }> {
  const configPath = path.join(dir, `${name}.conf`);
  const socketPath = path.join(dir, `${name}.ctl`);
  await writeFile(configPath, config);
  const child = spawn(
    'bird',
    ['-f', '-c', configPath, '-s', socketPath, '-P', path.join(dir, `${name}.pid`)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TZ: 'UTC' },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`bird ${name} exited ${code}: ${stderr}`);
  });
  return { socketPath, process: child };
}
