import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BirdReplayServer } from '@ixora/bird-client';
import { isIxoraError } from '@ixora/errors';
import { AgentReader, LookingGlassService, PUBLIC_VIEWER, recordedSocketAnswers } from '@ixora/looking-glass';
import { startAgent, type RunningAgent } from './agent.server.js';

const TOKEN = 'rs1-agent-token-0123456789';

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isIxoraError(error) ? `${error.code}: ${error.message}` : String(error);
  }
  return 'succeeded';
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe('ixora agent: looking-glass reads of a BIRD over HTTP(S) with a token', () => {
  let dir: string;
  let bird: BirdReplayServer;
  let agent: RunningAgent;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-agent-'));
    bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), recordedSocketAnswers());
    agent = await startAgent({ socketPath: bird.socketPath, token: TOKEN, host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await agent?.close();
    await bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves status, protocols and route streams to the right token', async () => {
    const reader = new AgentReader(agent.url, { token: TOKEN });
    try {
      expect((await reader.status()).version).toBe('2.0.12');
      expect((await reader.protocols()).map((p) => p.name)).toContain('AS65001_1');
      const filtered = await collect(reader.routes({ kind: 'filtered', table: 'master4' }));
      expect(filtered.map((r) => r.prefix)).toEqual(['10.255.1.0/24', '10.1.2.0/25']);
      expect(filtered[0]?.bgp?.largeCommunities).toEqual([[65000, 1101, 3]]);
      expect(
        (await collect(reader.routes({ kind: 'export', protocol: 'AS65002_1' }))).length,
      ).toBeGreaterThan(0);
    } finally {
      await reader.close();
    }
  });

  it('refuses a wrong token, and an unknown protocol is not_found', async () => {
    const wrong = new AgentReader(agent.url, { token: 'not-the-token-0123456789' });
    expect(await failure(wrong.status())).toMatch(/^upstream_failed: .*HTTP 401/);
    await wrong.close();
    const reader = new AgentReader(agent.url, { token: TOKEN });
    expect(await failure(collect(reader.routes({ kind: 'export', protocol: 'NOPE_1' })))).toMatch(
      /^not_found/,
    );
    await reader.close();
  });

  it('refuses hostile reads with a 400 before BIRD hears them', async () => {
    const before = bird.received.length;
    for (const search of [
      'kind=export&protocol=AS65002_1%3Bconfigure',
      'kind=export&protocol=AS65002_1%0Adown',
      'kind=configure',
      'kind=export',
      'kind=accepted&table=master4%20all',
      'kind=filtered',
    ]) {
      const res = await fetch(`${agent.url}/lg/v1/routes?${search}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(400);
    }
    expect(bird.received.slice(before)).toEqual([]);
  });

  it('is what the looking glass reads a route server with an agent URL through', async () => {
    const lg = new LookingGlassService(
      {
        routeServers: () =>
          Promise.resolve([{ id: 'rs1', asn: 65000, socketPath: null, agentUrl: agent.url }]),
        hiddenAsns: () => Promise.resolve(new Set<number>()),
      },
      { refreshIntervalMs: 60_000, cacheTtlMs: 0, agentTokens: new Map([['rs1', TOKEN]]) },
    );
    try {
      await lg.refresh();
      const filtered = await lg.routes(
        'rs1',
        'AS65001_1',
        'filtered',
        { page: 0, pageSize: 10 },
        undefined,
        PUBLIC_VIEWER,
      );
      expect(filtered.filtered?.map((r) => r.reason?.key)).toEqual(['prefix_too_long', 'bogon_prefix']);
      expect(bird.peakConnections).toBeLessThanOrEqual(2);
    } finally {
      await lg.stop();
    }
  });

  it('shows a route server whose agent does not answer as unreachable', async () => {
    const lg = new LookingGlassService(
      {
        routeServers: () =>
          Promise.resolve([{ id: 'rs2', asn: 65000, socketPath: null, agentUrl: 'http://127.0.0.1:9' }]),
        hiddenAsns: () => Promise.resolve(new Set<number>()),
      },
      { refreshIntervalMs: 60_000, cacheTtlMs: 0, agentTokens: new Map([['rs2', TOKEN]]) },
    );
    try {
      await lg.refresh();
      expect((await lg.routeServers()).routeservers[0]).toMatchObject({
        status: 'unreachable',
        error: expect.stringContaining('ECONNREFUSED'),
      });
    } finally {
      await lg.stop();
    }
  });

  it('serves plain HTTP only on loopback', async () => {
    expect(
      await failure(startAgent({ socketPath: bird.socketPath, token: TOKEN, host: '0.0.0.0', port: 0 })),
    ).toMatch(/--tls-cert/);
  });

  it('serves HTTPS with a certificate, and the reader trusts a given CA', async () => {
    const cert = path.join(dir, 'agent.crt');
    const key = path.join(dir, 'agent.key');
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          key,
          '-out',
          cert,
        ],
        { stdio: 'ignore' },
      );
    } catch {
      console.log('agent HTTPS test skipped: openssl is missing');
      return;
    }
    const secure = await startAgent({
      socketPath: bird.socketPath,
      token: TOKEN,
      host: '127.0.0.1',
      port: 0,
      tlsCertFile: cert,
      tlsKeyFile: key,
    });
    try {
      expect(secure.url).toMatch(/^https:/);
      const untrusting = new AgentReader(secure.url, { token: TOKEN });
      expect(await failure(untrusting.status())).toMatch(/^upstream_failed/);
      await untrusting.close();
      const reader = new AgentReader(secure.url, { token: TOKEN, ca: await readFile(cert, 'utf8') });
      expect((await reader.status()).routerId).toBeTruthy();
      await reader.close();
    } finally {
      await secure.close();
    }
  });
});
