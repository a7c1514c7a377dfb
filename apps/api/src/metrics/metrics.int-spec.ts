import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { BirdReplayServer } from '@ixora/bird-client';
import { JobRunner, RouteServer } from '@ixora/domain';
import { LookingGlassService, recordedSocketAnswers } from '@ixora/looking-glass';
import { PeeringDbSyncService } from '@ixora/peeringdb';
import {
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  TestClock,
  type PeeringDbTestServer,
} from '@ixora/testing';
import { bearer, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

/** The value of one sample of a family whose labels include `labels`; undefined when absent. */
function sample(
  families: ParsedFamily[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const family = families.find((f) => f.name === name);
  const found = family?.metrics.find((m) =>
    Object.entries(labels).every(([key, value]) => m.labels?.[key] === value),
  );
  if (!found) return undefined;
  return Number(found.value ?? found.count);
}

describe('GET /metrics', () => {
  let t: ApiTestApp;
  let bird: BirdReplayServer;
  let peeringDb: PeeringDbTestServer;
  let dir: string;
  const clock = new TestClock();

  const scrape = async (): Promise<ParsedFamily[]> => {
    const res = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusTextFormat(res.text);
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-metrics-'));
    // BIRD 2.0.12's recorded answers served on a real control socket.
    bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), recordedSocketAnswers());
    peeringDb = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR });
    t = await startApiTestApp({
      clock,
      env: { METRICS_TOKEN, PEERINGDB_URL: peeringDb.url },
    });
    await t.db.dataSource
      .getRepository(RouteServer)
      .update({ name: 'rs1' }, { socketPath: bird.socketPath, asn: 65000 });
    await t.app.get(LookingGlassService).refresh();
  });
  afterAll(async () => {
    await t?.close();
    await bird?.stop();
    await peeringDb?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('wants METRICS_TOKEN when it is set (an API token is not enough)', async () => {
    await t.http.get('/metrics').expect(401);
    await t.http.get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
    await t.http
      .get('/metrics')
      .set(...bearer(t.users.admin))
      .expect(401);
  });

  it('has the BGP sessions and routes of the looking glass snapshot', async () => {
    const families = await scrape();
    const lg = (await t.http.get('/api/lg/v1/routeservers').expect(200)).body.routeservers[0];
    const neighbors = (
      await t.http.get('/api/lg/v1/routeservers/rs1/neighbors').set(...bearer(t.users.admin))
    ).body.neighbors as { bgp_state: string; family?: string }[];
    expect(sample(families, 'ixora_route_server_up', { route_server: 'rs1' })).toBe(1);
    const sessions = families.find((f) => f.name === 'ixora_bgp_sessions')!;
    expect(sessions.type).toBe('GAUGE');
    const total = sessions.metrics
      .filter((m) => m.labels?.route_server === 'rs1')
      .reduce((sum, m) => sum + Number(m.value), 0);
    expect(total).toBe(lg.neighbor_count);
    const established = neighbors.filter((n) => n.bgp_state === 'Established').length;
    expect(established).toBeGreaterThan(0);
    expect(
      sessions.metrics
        .filter((m) => m.labels?.state === 'Established')
        .reduce((sum, m) => sum + Number(m.value), 0),
    ).toBe(established);
    expect(sample(families, 'ixora_routes_accepted', { route_server: 'rs1' })).toBe(lg.route_count);
    expect(sample(families, 'ixora_routes_filtered', { route_server: 'rs1' })).toBe(lg.filtered_count);
    expect(lg.filtered_count).toBeGreaterThan(0);
    // Per reason, as the looking glass shows each filtered route's reason.
    const byReason = new Map<string, number>();
    for (const n of neighbors as unknown as { id: string }[]) {
      const filtered = await t.http
        .get(`/api/lg/v1/routeservers/rs1/neighbors/${n.id}/routes/filtered`)
        .set(...bearer(t.users.admin))
        .expect(200);
      for (const r of filtered.body.filtered as { reason?: { key: string } }[]) {
        const key = r.reason?.key ?? 'unknown';
        byReason.set(key, (byReason.get(key) ?? 0) + 1);
      }
    }
    expect(byReason.size).toBeGreaterThan(0);
    for (const [reason, count] of byReason) {
      expect(sample(families, 'ixora_routes_filtered_by_reason', { route_server: 'rs1', reason })).toBe(
        count,
      );
    }
  });

  it('counts HTTP requests by route pattern and status', async () => {
    const before = await scrape();
    const count = (families: ParsedFamily[], status: string) =>
      sample(families, 'ixora_http_requests_total', {
        method: 'GET',
        route: '/api/v1/members/:asn',
        status,
      }) ?? 0;
    await t.http
      .get('/api/v1/members/64496')
      .set(...bearer(t.users.admin))
      .expect(200);
    await t.http
      .get('/api/v1/members/64497')
      .set(...bearer(t.users.admin))
      .expect(200);
    await t.http
      .get('/api/v1/members/64499999')
      .set(...bearer(t.users.admin))
      .expect(404);
    const after = await scrape();
    expect(count(after, '200') - count(before, '200')).toBe(2);
    expect(count(after, '404') - count(before, '404')).toBe(1);
    const durations = after.find((f) => f.name === 'ixora_http_request_duration_seconds')!;
    expect(durations.type).toBe('HISTOGRAM');
  });

  it('has job runs by kind and status, and config build durations, after a real build', async () => {
    const queued = await t.http
      .post('/api/v1/jobs')
      .set(...bearer(t.users.admin))
      .send({ kind: 'config.build', params: { rs: 'rs1' } })
      .expect(202);
    await t.app.get(JobRunner).drain();
    const job = (await t.http.get(`/api/v1/jobs/${queued.body.id}`).set(...bearer(t.users.admin))).body as {
      status: string;
    };
    const families = await scrape();
    expect(sample(families, 'ixora_jobs', { kind: 'config.build', status: job.status })).toBe(1);
    const [run] = await t.db.dataSource.query<{ status: string; seconds: number }[]>(
      `SELECT status, extract(epoch FROM finished_at - started_at)::float8 AS seconds
       FROM run_record WHERE kind = 'config_build'`,
    );
    expect(sample(families, 'ixora_runs', { kind: 'config_build', status: run!.status })).toBe(1);
    expect(sample(families, 'ixora_run_last_duration_seconds', { kind: 'config_build' })).toBeCloseTo(
      run!.seconds,
      6,
    );
  });

  it('says how old the PeeringDB data is, on the clock', async () => {
    expect(sample(await scrape(), 'ixora_data_source_age_seconds', { source: 'peeringdb' })).toBeUndefined();
    await t.app.get(PeeringDbSyncService).sync({ full: true });
    clock.advance(3_600_000);
    const families = await scrape();
    expect(sample(families, 'ixora_data_source_age_seconds', { source: 'peeringdb' })).toBe(3600);
    expect(sample(families, 'ixora_peeringdb_data_age_seconds', { object_type: 'netixlan' })).toBe(3600);
    expect(sample(families, 'ixora_runs', { kind: 'peeringdb_sync', status: 'succeeded' })).toBe(1);
  });
});
