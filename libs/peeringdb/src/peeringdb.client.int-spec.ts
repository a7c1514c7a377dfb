import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PEERINGDB_FIXTURES_DIR, startPeeringDbTestServer, type PeeringDbTestServer } from '@ixora/testing';
import { PeeringDbClient, retryAfterMs, type PeeringDbRetryEvent } from './peeringdb.client.js';
import { IXORA_VERSION } from './ixora-version.js';

describe('PeeringDbClient against the test PeeringDB server', () => {
  let server: PeeringDbTestServer;
  let slept: number[];
  const client = (options: Partial<ConstructorParameters<typeof PeeringDbClient>[0]> = {}): PeeringDbClient =>
    new PeeringDbClient({
      baseUrl: server.url,
      requestsPerMinute: 0,
      retryBaseDelayMs: 100,
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
      ...options,
    });

  beforeAll(async () => {
    server = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR });
  });
  beforeEach(() => {
    slept = [];
    server.requests.length = 0;
  });
  afterAll(async () => {
    await server.close();
  });

  it('names ixora and its version and sends no Authorization anonymously', async () => {
    const nets = await client().list('net', { filters: { asn: 64502 } });
    expect(nets.map((n) => n.name)).toEqual(['Northwind Networks']);
    const [request] = server.requests;
    expect(request!.headers['user-agent']).toMatch(
      new RegExp(`^ixora/${IXORA_VERSION.replace(/\./g, '\\.')} `),
    );
    expect(request!.headers.authorization).toBeUndefined();
    expect(request!.query).toEqual({ asn: '64502', depth: '0' });
  });

  it('sends the API key as "Authorization: Api-Key"', async () => {
    const keyed = await startPeeringDbTestServer({
      fixturesDir: PEERINGDB_FIXTURES_DIR,
      apiKey: 'k3y.secret',
    });
    try {
      const good = new PeeringDbClient({ baseUrl: keyed.url, apiKey: 'k3y.secret', requestsPerMinute: 0 });
      expect(await good.getNetByAsn(65550)).toMatchObject({ id: 603, name: 'Quux Hosting' });
      expect(keyed.requests[0]!.headers.authorization).toBe('Api-Key k3y.secret');
      const bad = new PeeringDbClient({ baseUrl: keyed.url, apiKey: 'wrong', requestsPerMinute: 0 });
      await expect(bad.list('net')).rejects.toMatchObject({
        code: 'unauthorized',
        message: expect.stringMatching(/HTTP 401 \(Invalid API key\)/),
      });
    } finally {
      await keyed.close();
    }
  });

  it('filters with __in and pages with limit/skip', async () => {
    const c = client();
    expect((await c.list('netixlan', { filters: { net_id__in: [601, 603] } })).map((n) => n.id)).toEqual([
      801, 802, 804,
    ]);
    const all = await c.listAll('netixlan', { filters: { ix_id: 301 } }, { pageSize: 2 });
    expect(all.map((n) => n.id)).toEqual([801, 802, 803, 804, 805, 806]);
    expect(server.requests.slice(1).map((r) => `${r.query.limit}/${r.query.skip}`)).toEqual([
      '2/0',
      '2/2',
      '2/4',
      '2/6',
    ]);
  });

  it('gets one object, and undefined for 404', async () => {
    expect(await client().get('ix', 301)).toMatchObject({ name: 'Example-IX' });
    expect(await client().get('ix', 999)).toBeUndefined();
    expect(await client().getNetByAsn(64499)).toBeUndefined();
  });

  it('waits Retry-After (seconds or HTTP date) on 429 and gives up as rate_limited', async () => {
    const events: PeeringDbRetryEvent[] = [];
    server.failNext({ status: 429, retryAfter: '7', path: '/api/org' });
    const c = client({ onRetry: (e) => events.push(e) });
    expect(await c.list('org')).toHaveLength(6);
    expect(slept).toEqual([7000]);
    expect(events).toEqual([{ url: `${server.url}/org`, attempt: 1, reason: 429, delayMs: 7000 }]);
    expect(c.stats).toEqual({ requests: 2, retries: 1, rateLimited: 1 });

    server.failNext({ status: 429, retryAfter: '1', times: 3 });
    await expect(client({ maxRetries: 2 }).list('org')).rejects.toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/still rate limited \(429\) after 3 attempts/),
    });
    server.failNext({ status: 429, times: 1 });
    slept = [];
    await client().list('org');
    // No Retry-After: exponential backoff.
    expect(slept).toEqual([100]);
  });

  it('backs off exponentially on 5xx', async () => {
    server.failNext({ status: 502, times: 3 });
    const c = client();
    expect(await c.list('ix')).toHaveLength(2);
    expect(slept).toEqual([100, 200, 400]);
  });

  it('does not retry other client errors', async () => {
    await expect(client().list('net', { filters: { nosuchfield: 1 } })).rejects.toMatchObject({
      code: 'upstream_failed',
      message: expect.stringMatching(/HTTP 400 \(unknown filter field "nosuchfield" for net\)/),
    });
    expect(server.requests).toHaveLength(1);
  });

  it('bursts up to the per-minute limit, then spaces requests', async () => {
    const c = client({ requestsPerMinute: 2 });
    await c.list('ix');
    await c.list('ix');
    expect(slept).toEqual([]);
    await c.list('ix');
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(29_000);
    expect(slept[0]).toBeLessThanOrEqual(30_000);
  });
});

describe('PeeringDbClient on network errors', () => {
  it('retries a refused connection, then fails naming the URL', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const slept: number[] = [];
    const c = new PeeringDbClient({
      baseUrl: `http://127.0.0.1:${port}/api`,
      requestsPerMinute: 0,
      maxRetries: 2,
      retryBaseDelayMs: 5,
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    });
    await expect(c.list('net')).rejects.toMatchObject({
      code: 'upstream_failed',
      message: `peeringdb http://127.0.0.1:${port}/api/net: ECONNREFUSED after 3 attempts`,
    });
    expect(slept).toEqual([5, 10]);
  });

  it('times out a server that never answers', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const c = new PeeringDbClient({
        baseUrl: `http://127.0.0.1:${port}/api`,
        requestsPerMinute: 0,
        timeoutMs: 200,
        maxRetries: 1,
        sleep: () => Promise.resolve(),
      });
      await expect(c.list('net')).rejects.toThrow(/ECONNABORTED after 2 attempts/);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates (RFC 9110 §10.2.3)', () => {
    const now = Date.parse('2026-11-29T03:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Sun, 29 Nov 2026 03:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 29 Nov 2026 02:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
