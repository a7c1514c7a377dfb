// VRP parsing and origin-validation throughput on a synthetic set the size of today's global
// VRP set (~500k). Run: npm run bench:rpki
import { IpPrefix } from '@ixora/net';
import { parseVrpDocument, summariseCoverage, validateOrigin, VrpIndex } from '@ixora/rpki';

const VRP_COUNT = Number(process.argv[2] ?? 500_000);
const LOOKUPS = 200_000;

// Deterministic pseudo-random numbers (xorshift32), so every run measures the same data.
let state = 0x9e3779b9;
function random(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x1_0000_0000;
}
const int = (below: number): number => Math.floor(random() * below);

function v4(length: number): string {
  const value = (int(0xe0) + 1) * 0x1000000 + int(0x1000000);
  const network = length === 0 ? 0 : Math.floor(value / 2 ** (32 - length)) * 2 ** (32 - length);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${length}`;
}

function v6(length: number): string {
  const groups = [0x2000 + int(0x2000), int(0x10000), int(0x10000)];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  value = (value >> BigInt(48 - length)) << BigInt(48 - length);
  const hex = [Number(value >> 32n), Number((value >> 16n) & 0xffffn), Number(value & 0xffffn)].map((g) =>
    g.toString(16),
  );
  return `${hex.join(':')}::/${length}`;
}

function generateDocument(count: number): string {
  const roas = [];
  for (let i = 0; i < count; i += 1) {
    const isV6 = random() < 0.3;
    const length = isV6 ? 19 + int(30) : 8 + int(17);
    const maxLength = Math.min(isV6 ? 48 : 24, length + int(3));
    roas.push({
      asn: 1 + int(400_000),
      prefix: isV6 ? v6(length) : v4(length),
      maxLength,
      ta: ['afrinic', 'apnic', 'arin', 'lacnic', 'ripe'][int(5)],
      expires: 1_796_000_000,
    });
  }
  return JSON.stringify({ metadata: { buildtime: '2026-11-28T06:00:00Z' }, roas });
}

function time<T>(label: string, run: () => T, perItem?: number): T {
  const start = process.hrtime.bigint();
  const result = run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rate = perItem ? `  (${((ms * 1000) / perItem).toFixed(2)} µs each)` : '';
  console.log(`${label.padEnd(42)} ${ms.toFixed(0).padStart(7)} ms${rate}`);
  return result;
}

const text = time(`generate ${VRP_COUNT} VRPs (rpki-client JSON)`, () => generateDocument(VRP_COUNT));
console.log(`document size ${(text.length / 1024 / 1024).toFixed(1)} MiB`);
const doc = time(
  'parseVrpDocument',
  () => parseVrpDocument(text, 'bench', { now: new Date('2026-11-28T07:00:00Z') }),
  VRP_COUNT,
);
console.log(`accepted ${doc.vrps.length}, rejected ${doc.rejected.length}, duplicates ${doc.duplicates}`);
const index = time('new VrpIndex', () => new VrpIndex(doc.vrps), doc.vrps.length);

const routes = Array.from({ length: LOOKUPS }, () => {
  const vrp = doc.vrps[int(doc.vrps.length)];
  // Half the lookups hit a VRP'd prefix (valid or invalid), half a random one (mostly unknown).
  const prefix =
    vrp && random() < 0.5 ? vrp.prefix : IpPrefix.parse(random() < 0.3 ? v6(32 + int(17)) : v4(16 + int(9)));
  return { prefix, origin: vrp && random() < 0.7 ? vrp.asn : 1 + int(400_000) };
});
time(
  `validateOrigin x ${LOOKUPS}`,
  () => {
    for (const route of routes) validateOrigin(route.prefix, route.origin, index);
  },
  LOOKUPS,
);
const summary = time(`summariseCoverage of ${LOOKUPS}`, () => summariseCoverage(routes, index), LOOKUPS);
console.log(`coverage: ${JSON.stringify(summary)}`);
console.log(`heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`);
