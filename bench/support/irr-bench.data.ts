import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The benchmark's generated IRR database: member AS-SETs of heavy-tailed size, as RPSL. Generated
 * at run time (never committed) into `dir`, and reused while the parameters are unchanged.
 */
export interface BenchMember {
  readonly asn: number;
  readonly asSet: string;
  readonly prefixesV4: number;
  readonly prefixesV6: number;
}

export interface BenchDataset {
  readonly rpslFile: string;
  readonly members: BenchMember[];
  readonly totalV4: number;
  readonly totalV6: number;
}

export interface BenchDataOptions {
  readonly dir: string;
  readonly members: number;
  /** Prefixes of the largest member (the real-world giant transit AS-SET). */
  readonly giantV4: number;
  readonly giantV6: number;
  readonly seed: number;
}

const FIRST_ASN = 4_200_000_000;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    state ^= state >>> 13;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Prefix counts per member: one giant, a few over 100,000, the rest Pareto-distributed (mostly under 100). */
function memberSizes(options: BenchDataOptions, next: () => number): Array<[number, number]> {
  const sizes: Array<[number, number]> = [[options.giantV4, options.giantV6]];
  const large = [0.3, 0.2, 0.15, 0.12].map((share) => Math.round(options.giantV4 * share));
  for (const v4 of large) if (sizes.length < options.members) sizes.push([v4, Math.round(v4 * 0.4)]);
  while (sizes.length < options.members) {
    // Pareto with alpha 1.1 and minimum 2: median about 4, 90th percentile about 16, rare thousands.
    const v4 = Math.min(50_000, Math.floor(2 / Math.pow(1 - next(), 1 / 1.1)));
    sizes.push([v4, Math.floor(v4 * next() * 0.6)]);
  }
  return sizes;
}

export async function generateBenchDataset(options: BenchDataOptions): Promise<BenchDataset> {
  mkdirSync(options.dir, { recursive: true });
  const key = `${options.members}-${options.giantV4}-${options.giantV6}-${options.seed}`;
  const rpslFile = path.join(options.dir, `irr-bench-${key}.rpsl`);
  const indexFile = `${rpslFile}.json`;
  if (existsSync(rpslFile) && existsSync(indexFile))
    return JSON.parse(readFileSync(indexFile, 'utf8')) as BenchDataset;

  const next = random(options.seed);
  const out = createWriteStream(rpslFile);
  const write = (text: string): Promise<void> =>
    out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once('drain', () => resolve()));
  // Address space handed out in order, with gaps, so aggregation has real work: /24s (some as
  // /23 or /22 blocks, some with /25 more-specifics), IPv6 /48s (some /44 blocks with /48s inside).
  let v4Cursor = 1 << 24; // 1.0.0.0 as a /24 index
  let v6Cursor = 0;
  const nextV4 = (): string[] => {
    v4Cursor += next() < 0.35 ? 1 + Math.floor(next() * 3) : 0;
    const roll = next();
    let block = 1;
    if (roll < 0.08) block = 4;
    else if (roll < 0.2) block = 2;
    v4Cursor = Math.ceil(v4Cursor / block) * block;
    const base = v4Cursor * 256;
    v4Cursor += block;
    const length = 24 - Math.log2(block);
    const text = (n: number, len: number) =>
      `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${len}`;
    const list = [text(base, length)];
    if (next() < 0.1) list.push(text(base, 25), text(base + 128, 25));
    return list;
  };
  const nextV6 = (): string[] => {
    v6Cursor += next() < 0.3 ? 1 + Math.floor(next() * 5) : 1;
    const value = 0x2a000000 * 2 ** 16 + v6Cursor; // 48 bits: 2a00:0000:0000 + cursor
    const hex = value.toString(16).padStart(12, '0');
    return [`${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}::/48`];
  };

  const members: BenchMember[] = [];
  let asn = FIRST_ASN;
  let totalV4 = 0;
  let totalV6 = 0;
  const sizes = memberSizes(options, next);
  for (let i = 0; i < sizes.length; i++) {
    const [v4Wanted, v6Wanted] = sizes[i] as [number, number];
    const memberAsn = asn++;
    // Big sets have many origins (about 200 prefixes each), small ones one to three.
    const origins = [memberAsn];
    const extra = Math.max(Math.ceil(v4Wanted / 200), Math.floor(next() * 3)) - 1;
    for (let k = 0; k < extra; k++) origins.push(asn++);
    const setName = `AS-BENCH-${i}`;
    const setMembers = origins.map((o) => `AS${o}`);
    // Realistic nesting: big sets contain a few small members' sets (and so loops cannot hurt).
    if (i < 5 && sizes.length > 20)
      setMembers.push(`AS-BENCH-${sizes.length - 1 - i}`, `AS-BENCH-${sizes.length - 10 - i}`);
    await write(`as-set:         ${setName}\n`);
    for (let k = 0; k < setMembers.length; k += 8)
      await write(`members:        ${setMembers.slice(k, k + 8).join(', ')}\n`);
    await write('mnt-by:         BENCH-MNT\nsource:         BENCH\n\n');
    let v4 = 0;
    let v6 = 0;
    let o = 0;
    while (v4 < v4Wanted) {
      for (const prefix of nextV4()) {
        await write(
          `route:          ${prefix}\norigin:         AS${origins[o % origins.length]}\nsource:         BENCH\n\n`,
        );
        v4++;
      }
      o++;
    }
    o = 0;
    while (v6 < v6Wanted) {
      for (const prefix of nextV6()) {
        await write(
          `route6:         ${prefix}\norigin:         AS${origins[o % origins.length]}\nsource:         BENCH\n\n`,
        );
        v6++;
      }
      o++;
    }
    members.push({ asn: memberAsn, asSet: setName, prefixesV4: v4, prefixesV6: v6 });
    totalV4 += v4;
    totalV6 += v6;
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const dataset: BenchDataset = { rpslFile, members, totalV4, totalV6 };
  writeFileSync(indexFile, JSON.stringify(dataset));
  return dataset;
}
