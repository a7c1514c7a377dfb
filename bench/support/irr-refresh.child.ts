// Child process of bench/irr.bench.ts: one full ixora IRR refresh of every member, measured in a
// process of its own so its peak memory is ixora's alone. argv: <port> <members json file>.
// Prints one JSON line: wall time, peak RSS, counts.
import { readFileSync } from 'node:fs';
// The whole lib, as the CLI loads it (its database adapter brings TypeORM along).
import {
  IrrClient,
  MemberExpansionService,
  refreshPrefixSets,
  type MemberPrefixSets,
  type PrefixSetStore,
} from '@ixora/irr';

const port = Number(process.argv[2]);
const members = JSON.parse(readFileSync(process.argv[3] as string, 'utf8')) as Array<{
  asn: number;
  asSet: string;
}>;

/**
 * Stands in for the PostgreSQL store: it takes each member's PrefixSets and lets them go, as a
 * database write would, and keeps only counts (keeping 3 million prefixes in this process would
 * measure the benchmark, not the refresh).
 */
class CountingStore implements PrefixSetStore {
  prefixes = 0;
  entries = 0;
  load(): Promise<MemberPrefixSets | undefined> {
    return Promise.resolve(undefined);
  }
  save(sets: MemberPrefixSets): Promise<void> {
    this.prefixes += sets.v4.prefixes.length + sets.v6.prefixes.length;
    this.entries += sets.v4.aggregated.length + sets.v6.aggregated.length;
    return Promise.resolve();
  }
}

const store = new CountingStore();
const client = new IrrClient({
  host: '127.0.0.1',
  port,
  sources: ['BENCH'],
  maxConnections: 4,
  queryTimeoutMs: 120_000,
});
const expander = new MemberExpansionService(client, { useSetPrefixQueries: true });
const started = performance.now();
const summary = await refreshPrefixSets({
  members: members.map((m) => ({ asn: m.asn, asSets: m.asSet })),
  expand: (member) => expander.expandMember(member),
  store,
  concurrency: 8,
  memberTimeoutMs: 600_000,
});
const wallMs = performance.now() - started;
client.close();
process.stdout.write(
  `${JSON.stringify({
    wallMs,
    maxRssKiB: process.resourceUsage().maxRSS,
    ok: summary.ok,
    stale: summary.stale,
    failed: summary.failed,
    prefixes: store.prefixes,
    entries: store.entries,
  })}\n`,
);
