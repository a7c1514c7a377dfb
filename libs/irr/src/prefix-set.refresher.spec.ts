import type { MemberExpansion, MemberIrrInput } from './member-expansion.service.js';
import { InMemoryPrefixSetStore, refreshPrefixSets, type RefreshProgress } from './prefix-set.refresher.js';

const expansion = (asn: number, v4: string[], v6: string[] = []): MemberExpansion => ({
  asn,
  asns: [asn],
  v4,
  v6,
  sources: ['TESTA'],
  warnings: [],
});

const members: MemberIrrInput[] = [
  { asn: 64496, asSets: 'AS-IXORA-TRANSIT' },
  { asn: 64497, asSets: '' },
];

const clock = (...times: string[]): (() => Date) => {
  let i = 0;
  return () => new Date(times[Math.min(i++, times.length - 1)] as string);
};

describe('refreshPrefixSets', () => {
  it('stores both families with aggregated entries, sources, time and status', async () => {
    const store = new InMemoryPrefixSetStore();
    const summary = await refreshPrefixSets({
      members,
      expand: (m) => Promise.resolve(expansion(m.asn, ['192.0.2.0/25', '192.0.2.128/25'], ['2001:db8::/48'])),
      store,
      concurrency: 2,
      memberTimeoutMs: 1000,
      now: clock('2026-11-29T01:00:00Z'),
    });
    expect(summary).toMatchObject({ ok: 2, stale: 0, failed: 0 });
    const sets = store.sets.get(64496);
    expect(sets?.v4).toMatchObject({
      asn: 64496,
      family: 4,
      asSets: ['AS-IXORA-TRANSIT'],
      asns: [64496],
      prefixes: ['192.0.2.0/25', '192.0.2.128/25'],
      aggregated: ['192.0.2.0/24{25,25}'],
      sources: ['TESTA'],
      status: 'ok',
      error: null,
      fetchedAt: new Date('2026-11-29T01:00:00Z'),
    });
    expect(sets?.v6.aggregated).toEqual(['2001:db8::/48']);
  });

  it('keeps the last good PrefixSet, marked stale, when a later fetch fails, times out or returns garbage', async () => {
    const store = new InMemoryPrefixSetStore();
    await refreshPrefixSets({
      members,
      expand: (m) => Promise.resolve(expansion(m.asn, ['192.0.2.0/24'])),
      store,
      concurrency: 1,
      memberTimeoutMs: 1000,
      now: clock('2026-11-29T01:00:00Z'),
    });
    const failures: Record<number, () => Promise<MemberExpansion>> = {
      64496: () => Promise.reject(new Error('connection reset')),
      64497: () => Promise.resolve(expansion(64497, ['not-a-prefix'])),
    };
    const summary = await refreshPrefixSets({
      members,
      expand: (m) => (failures[m.asn] as () => Promise<MemberExpansion>)(),
      store,
      concurrency: 2,
      memberTimeoutMs: 1000,
      now: clock('2026-11-29T02:00:00Z'),
    });
    expect(summary).toMatchObject({ ok: 0, stale: 2 });
    for (const asn of [64496, 64497]) {
      const v4 = store.sets.get(asn)?.v4;
      expect(v4).toMatchObject({ prefixes: ['192.0.2.0/24'], aggregated: ['192.0.2.0/24'], status: 'stale' });
      expect(v4?.fetchedAt).toEqual(new Date('2026-11-29T01:00:00Z'));
      expect(v4?.checkedAt).toEqual(new Date('2026-11-29T02:00:00Z'));
    }
    expect(store.sets.get(64496)?.v4.error).toBe('connection reset');
    expect(store.sets.get(64497)?.v4.error).toMatch(/not-a-prefix/);
  });

  it('gives a member whose first fetch fails empty sets, status failed and a warning', async () => {
    const store = new InMemoryPrefixSetStore();
    const summary = await refreshPrefixSets({
      members: [members[0] as MemberIrrInput],
      expand: () => Promise.reject(new Error('IRR server refused')),
      store,
      concurrency: 1,
      memberTimeoutMs: 1000,
    });
    expect(summary.failed).toBe(1);
    const v6 = store.sets.get(64496)?.v6;
    expect(v6).toMatchObject({ prefixes: [], aggregated: [], asns: [], status: 'failed', fetchedAt: null });
    expect(v6?.warnings.join()).toMatch(/first fetch failed: IRR server refused.*accepts none/);
  });

  it('does not let a slow member hold up the others, and times it out', async () => {
    const store = new InMemoryPrefixSetStore();
    const order: number[] = [];
    const progress: RefreshProgress[] = [];
    const many = [
      { asn: 64500, asSets: '' },
      ...Array.from({ length: 5 }, (_, i) => ({ asn: 64501 + i, asSets: '' })),
    ];
    const summary = await refreshPrefixSets({
      members: many,
      expand: (m) => {
        if (m.asn === 64500) return new Promise<MemberExpansion>(() => undefined);
        order.push(m.asn);
        return Promise.resolve(expansion(m.asn, ['198.51.100.0/24']));
      },
      store,
      concurrency: 2,
      memberTimeoutMs: 200,
      onProgress: (p) => progress.push(p),
    });
    expect(order).toEqual([64501, 64502, 64503, 64504, 64505]);
    expect(progress.map((p) => p.asn)).toEqual([64501, 64502, 64503, 64504, 64505, 64500]);
    expect(progress.at(-1)).toMatchObject({ done: 6, total: 6, status: 'failed' });
    expect(summary.results[0]?.error).toMatch(/AS64500 took longer than 200 ms/);
  });
});
