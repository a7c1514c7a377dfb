import { smallExchangeModel } from '../fixtures/small-exchange.fixture.js';
import type { RouteServerConfigModel } from './route-server-config.model.js';
import { renderRouteServerConfig } from './route-server-config.renderer.js';

// The `# ixora-session-inputs NAME DIGEST` line before every BGP protocol: a deploy reloads the
// sessions whose digest changed (docs/adr/0009), so a digest must change exactly when something
// the session's filters depend on changes.

function digests(model: RouteServerConfigModel): Map<string, string> {
  const text = renderRouteServerConfig(model);
  const lines = [...text.matchAll(/^# ixora-session-inputs (\S+) ([0-9a-f]{64})\nprotocol bgp (\S+) \{$/gm)];
  for (const line of lines) expect(line[3]).toBe(line[1]);
  expect(lines).toHaveLength(model.sessions.length);
  return new Map(lines.map((line) => [line[1]!, line[2]!]));
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after]
    .filter(([name, digest]) => before.get(name) !== digest)
    .map(([name]) => name)
    .sort();
}

const alpha = 206001;
const withMember = (
  model: RouteServerConfigModel,
  asn: number,
  change: (
    m: RouteServerConfigModel['members'][number],
  ) => Partial<RouteServerConfigModel['members'][number]>,
): RouteServerConfigModel => ({
  ...model,
  members: model.members.map((m) => (m.asn === asn ? { ...m, ...change(m) } : m)),
});

describe('session input digests in the rendered config', () => {
  const base = smallExchangeModel();
  const before = digests(base);
  const alphaV4 = [...before.keys()].filter((name) => name.startsWith(`AS${alpha}_v4_`));
  const alphaV6 = [...before.keys()].filter((name) => name.startsWith(`AS${alpha}_v6_`));

  it('are deterministic and differ between sessions', () => {
    expect(digests(smallExchangeModel())).toEqual(before);
    expect(new Set(before.values()).size).toBe(before.size);
    expect(alphaV4.length).toBeGreaterThan(0);
  });

  it("change for exactly the member's sessions of that family when an entry is added inside an existing trie node", () => {
    // 80.64.16.0/20 is in the set; a sibling /22 under the same /20 node is the change BIRD 2.0.12 misses.
    const added = withMember(base, alpha, (m) => ({ prefixesV4: [...m.prefixesV4, '80.64.20.0/22'] }));
    expect(changed(before, digests(added))).toEqual(alphaV4);
  });

  it('change when an entry is removed, and when origin ASNs change (both families)', () => {
    const removed = withMember(base, alpha, (m) => ({ prefixesV6: m.prefixesV6.slice(0, 1) }));
    expect(changed(before, digests(removed))).toEqual(alphaV6);
    const asns = withMember(base, alpha, (m) => ({ asns: [...m.asns, 64501] }));
    expect(changed(before, digests(asns))).toEqual([...alphaV4, ...alphaV6].sort());
  });

  it('change for every session when a shared set changes, for one session when only its policy does', () => {
    const transitFree = { ...base, transitFreeAsns: [...base.transitFreeAsns, 6762] };
    expect(changed(before, digests(transitFree))).toEqual([...before.keys()].sort());
    const [first, ...rest] = base.sessions;
    const policy = {
      ...base,
      sessions: [{ ...first!, policy: { ...first!.policy, maxAsPathLength: 32 } }, ...rest],
    };
    expect(changed(before, digests(policy))).toHaveLength(1);
  });

  it('do not change when only the policy comment does (where the max-prefix limit came from)', () => {
    const [first, ...rest] = base.sessions;
    const sameLimit = {
      ...base,
      sessions: [{ ...first!, policy: { ...first!.policy, maxPrefixSource: 'session' as const } }, ...rest],
    };
    expect(first!.policy.maxPrefixSource).not.toBe('session');
    expect(renderRouteServerConfig(sameLimit)).not.toBe(renderRouteServerConfig(base));
    expect(changed(before, digests(sameLimit))).toEqual([]);
  });

  it('do not change for ROAs (BIRD re-runs the import filters itself when the ROA tables change)', () => {
    if (base.rpki.mode !== 'static') throw new Error('the fixture uses static VRPs');
    const moreVrps = {
      ...base,
      rpki: { ...base.rpki, vrps: [...base.rpki.vrps, { prefix: '193.0.0.0/21', maxLength: 24, asn: 3333 }] },
    };
    expect(changed(before, digests(moreVrps))).toEqual([]);
  });
});
