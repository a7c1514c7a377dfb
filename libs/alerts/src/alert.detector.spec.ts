import type { BirdProtocolDetail, BirdRoute } from '@ixora/bird-client';
import { filterReason } from '@ixora/bird-config';
import {
  configConditions,
  dataConditions,
  detectAlerts,
  diffConditions,
  routeServerConditions,
} from './alert.detector.js';
import { observeRouteServer, type RouteServerObservation } from './route-server.observation.js';
import { birdFilteredRoute, birdSession } from './testing/bird.fixtures.js';

// The detector on pairs of route-server observations built from BIRD's own shapes (what
// `show protocols all` and `show route filtered all` parse into): which alerts open, which resolve.

const RS_ASN = 64999;
const ASN = 64500;
const session = birdSession;
const filteredRoute = (prefix: string, reasonCode: number, asPath?: number[]): BirdRoute =>
  birdFilteredRoute(prefix, reasonCode, { asn: ASN, rsAsn: RS_ASN, ...(asPath ? { asPath } : {}) });

const observe = (protocols: BirdProtocolDetail[], filtered: BirdRoute[] = []): RouteServerObservation =>
  observeRouteServer('rs1', RS_ASN, protocols, filtered);

const V4 = `AS${ASN}_v4_1`;

describe('alert detector on consecutive observations', () => {
  const up = observe([session(V4)]);

  it('opens a session_down alert when an established session drops, and resolves it when it is back', () => {
    const down = observe([
      session(V4, { state: 'start', bgpState: 'Active', lastError: 'Hold timer expired' }),
    ]);
    const opened = detectAlerts(up, down);
    expect(opened.toResolve).toEqual([]);
    expect(opened.toOpen).toHaveLength(1);
    const alert = opened.toOpen[0]!;
    expect(alert).toMatchObject({ kind: 'session_down', key: `session_down:rs1:${V4}`, asn: ASN });
    expect(alert.text).toContain('Hold timer expired');
    expect(alert.advice).toMatch(/Check your router's BGP session/);

    const back = detectAlerts(down, up);
    expect(back.toOpen).toEqual([]);
    expect(back.toResolve).toEqual([`session_down:rs1:${V4}`]);
  });

  it('gives the same key to a session still down on the next poll (nothing new opens)', () => {
    const down = observe([session(V4, { state: 'start', bgpState: 'Connect' })]);
    const stillDown = observe([session(V4, { state: 'start', bgpState: 'Active' })]);
    expect(detectAlerts(down, stillDown)).toEqual({ toOpen: [], toResolve: [] });
  });

  it('does not alert on a session staff disabled (down, no error)', () => {
    expect(detectAlerts(up, observe([session(V4, { state: 'down', bgpState: 'Down' })])).toOpen).toEqual([]);
  });

  it('says a session shut by its receive limit is a max-prefix hit, not only down', () => {
    const shut = observe([
      session(V4, { state: 'down', bgpState: 'Down', lastError: 'Receive limit exceeded' }),
    ]);
    const changes = detectAlerts(up, shut);
    expect(changes.toOpen.map((c) => c.kind)).toEqual(['max_prefix_hit']);
    expect(changes.toOpen[0]!.title).toMatch(/shut by its max-prefix limit/);
    expect(detectAlerts(shut, up).toResolve).toEqual([`max_prefix_hit:rs1:${V4}`]);
  });

  it('reads [HIT] on a session that stays up (action block or warn)', () => {
    const hit = observe([session(V4, { imported: 100, limit: 100, isHit: true })]);
    expect(detectAlerts(up, hit).toOpen.map((c) => c.kind)).toEqual(['max_prefix_hit']);
  });

  it('warns at 80 % of the max-prefix limit, not below', () => {
    const at79 = observe([session(V4, { imported: 79, limit: 100 })]);
    const at80 = observe([session(V4, { imported: 75, filtered: 5, limit: 100 })]);
    expect(detectAlerts(up, at79).toOpen).toEqual([]);
    const warned = detectAlerts(at79, at80);
    expect(warned.toOpen).toHaveLength(1);
    expect(warned.toOpen[0]).toMatchObject({ kind: 'max_prefix_warning' });
    expect(warned.toOpen[0]!.title).toContain('80 %');
    expect(detectAlerts(at80, at79).toResolve).toEqual([`max_prefix_warning:rs1:${V4}`]);
  });

  it('opens one routes_filtered alert per member and reason, with the reason in words and the fix', () => {
    const irr = filterReason('irr_prefix');
    const filtered = observe(
      [session(V4)],
      [filteredRoute('203.0.113.0/24', irr.code), filteredRoute('198.51.100.0/24', irr.code)],
    );
    const changes = detectAlerts(up, filtered, {
      asSets: new Map([[ASN, ['AS-EXAMPLE']]]),
      irrSources: new Map([[ASN, ['RIPE', 'RADB']]]),
    });
    expect(changes.toOpen).toHaveLength(1);
    const alert = changes.toOpen[0]!;
    expect(alert.kind).toBe('routes_filtered');
    expect(alert.text).toContain(irr.words);
    expect(alert.text).toContain('198.51.100.0/24, 203.0.113.0/24');
    expect(alert.advice).toContain('No route object for 198.51.100.0/24 with origin AS64500');
    expect(alert.advice).toContain(
      'in the IRR data of AS-EXAMPLE (read from RIPE and RADB): create one in RIPE or RADB',
    );
    // One more route filtered for the same reason is the same alert; a new reason is a new one.
    const more = observe(
      [session(V4)],
      [
        filteredRoute('203.0.113.0/24', irr.code),
        filteredRoute('198.51.100.0/24', irr.code),
        filteredRoute('192.0.2.128/25', filterReason('prefix_too_long').code),
      ],
    );
    const next = detectAlerts(filtered, more);
    expect(next.toOpen.map((c) => c.details.reason)).toEqual(['prefix_too_long']);
    expect(detectAlerts(more, up).toResolve).toHaveLength(2);
  });

  it('says what the ROA allows for an RPKI-invalid route', () => {
    const invalid = observe(
      [session(V4)],
      [filteredRoute('203.0.113.0/24', filterReason('rpki_invalid').code)],
    );
    const [alert] = routeServerConditions(invalid, {
      vrps: new Map([['203.0.113.0/24', [{ prefix: '203.0.112.0/22', maxLength: 23, asn: ASN }]]]),
    });
    expect(alert!.advice).toContain('allows AS64500 up to /23');
    expect(alert!.advice).toContain('announce /23 or shorter');
  });

  it('never resolves alerts of a route server it could not read', () => {
    const open = [{ key: `session_down:rs1:${V4}`, scope: 'rs:rs1' }];
    expect(diffConditions(open, [], new Set(['data'])).toResolve).toEqual([]);
    expect(diffConditions(open, [], new Set(['rs:rs1'])).toResolve).toEqual([open[0]!.key]);
  });
});

describe('data and config conditions', () => {
  const now = new Date('2030-06-01T12:00:00Z');
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const thresholds = { irrHours: 48, rpkiHours: 6, peeringDbHours: 72 };

  it('flags each source older than its threshold, and none that is fresh or never loaded', () => {
    expect(dataConditions({ irrFetchedAt: [] }, thresholds, now)).toEqual([]);
    const fresh = dataConditions(
      {
        peeringDbSyncedAt: hoursAgo(1),
        rpkiLoadedAt: hoursAgo(1),
        irrFetchedAt: [{ asn: ASN, fetchedAt: hoursAgo(1) }],
      },
      thresholds,
      now,
    );
    expect(fresh).toEqual([]);
    const stale = dataConditions(
      {
        peeringDbSyncedAt: hoursAgo(73),
        rpkiLoadedAt: hoursAgo(7),
        irrFetchedAt: [
          { asn: ASN, fetchedAt: hoursAgo(49) },
          { asn: 64501, fetchedAt: hoursAgo(2) },
        ],
      },
      thresholds,
      now,
    );
    expect(stale.map((c) => c.key)).toEqual(['data_stale:peeringdb', 'data_stale:rpki', 'data_stale:irr']);
    expect(stale[2]!.text).toContain('AS64500');
    expect(stale[2]!.text).not.toContain('AS64501');
    expect(
      dataConditions(
        { rpkiLoadedAt: hoursAgo(1000), irrFetchedAt: [] },
        { ...thresholds, rpkiHours: 0 },
        now,
      ),
    ).toEqual([]);
  });

  it('flags a build with warnings and a failed deploy', () => {
    const conditions = configConditions([
      {
        routeServer: 'rs1',
        latestBuild: { versionId: 7, warnings: [{ asn: ASN, message: 'AS64500 has no IRR data yet' }] },
        latestDeploy: { versionId: 6, status: 'failed', output: 'configure check failed' },
      },
      {
        routeServer: 'rs2',
        latestBuild: { versionId: 8, warnings: [] },
        latestDeploy: { versionId: 8, status: 'deployed', output: null },
      },
    ]);
    expect(conditions.map((c) => c.kind)).toEqual(['build_warnings', 'deploy_failed']);
    expect(conditions[1]!.title).toContain('rolled back');
    expect(conditions[1]!.text).toContain('configure check failed');
  });
});
