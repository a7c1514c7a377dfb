import { LAB_BOGON_ASN_REASON } from '@ixora/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import { BirdReplayServer } from '@ixora/bird-client';
import { loadConfig } from '@ixora/config';
import { cliActor, MemberService, RouteServer, UserService } from '@ixora/domain';
import { LookingGlassService, recordedSocketAnswers } from '@ixora/looking-glass';
import { createApiApp } from '../create-api-app.js';
import { startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

// The looking-glass API over BirdReplayServer: BIRD 2.0.12's recorded replies (route server
// AS65000, members AS65001..AS65003) on a real UNIX socket, read through BirdSocketReader.

describe('looking-glass API /api/lg/v1 over a BIRD control socket', () => {
  let api: ApiTestApp;
  let bird: BirdReplayServer;
  let dir: string;
  let staffToken: string;
  let memberToken: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-lg-'));
    bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), recordedSocketAnswers());
    api = await startApiTestApp();
    await api.db.dataSource
      .getRepository(RouteServer)
      .update({ name: 'rs1' }, { socketPath: bird.socketPath, asn: 65000 });
    const operator = cliActor('test');
    await new MemberService(api.db.dataSource).create(operator, {
      asn: 65001,
      name: 'Member One Ltd',
      allowBogonAsn: LAB_BOGON_ASN_REASON,
      isHiddenFromPublic: true,
    });
    staffToken = api.users.admin.token;
    const users = new UserService(api.db.dataSource);
    const user = await users.add(operator, {
      email: 'noc@member-one.example',
      role: 'member_user',
      memberAsn: 65001,
      password: 'correct horse member one',
    });
    memberToken = (await users.createToken(operator, { name: 'lg', userId: user.id })).token;
    await api.app.get(LookingGlassService).refresh();
  });

  afterAll(async () => {
    await api?.close();
    await bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists route servers with their status and when they were read', async () => {
    const res = await api.http.get('/api/lg/v1/routeservers').expect(200);
    expect(res.body.routeservers).toEqual([
      expect.objectContaining({
        id: 'rs1',
        status: 'up',
        version: '2.0.12',
        neighbor_count: 3,
        filtered_count: 2,
      }),
    ]);
    expect(Date.parse(res.body.api.read_at)).not.toBeNaN();
    expect(res.headers['cache-control']).toBe('public, max-age=15');
    expect(res.headers['vary']).toContain('Authorization');
  });

  it('hides a hidden member from the public but not from staff or the member itself', async () => {
    const ids = async (token?: string): Promise<string[]> => {
      const request = api.http.get('/api/lg/v1/routeservers/rs1/neighbors');
      if (token) request.set('Authorization', `Bearer ${token}`);
      return ((await request.expect(200)).body.neighbors as { id: string }[]).map((n) => n.id);
    };
    expect(await ids()).toEqual(['AS65002_1', 'AS65003_1']);
    expect(await ids('ixora_wrong_token')).toEqual(['AS65002_1', 'AS65003_1']);
    expect(await ids(staffToken)).toEqual(['AS65001_1', 'AS65002_1', 'AS65003_1']);
    expect(await ids(memberToken)).toEqual(['AS65001_1', 'AS65002_1', 'AS65003_1']);
    await api.http.get('/api/lg/v1/routeservers/rs1/neighbors/AS65001_1/routes/filtered').expect(400);
  });

  it('shows filtered routes with the reason in words', async () => {
    const res = await api.http
      .get('/api/lg/v1/routeservers/rs1/neighbors/AS65001_1/routes/filtered')
      .set('Authorization', `Bearer ${staffToken}`)
      .expect(200);
    expect(
      (res.body as { filtered: { network: string; reason: { words: string } }[] }).filtered.map((r) => [
        r.network,
        r.reason.words,
      ]),
    ).toEqual([
      ['10.1.2.0/25', 'prefix is longer than allowed'],
      ['10.255.1.0/24', "bogon prefix, IPv6 outside 2000::/3, or inside the Ixp's peering LAN"],
    ]);
    expect(res.body.pagination).toEqual({ page: 0, page_size: 100, total_pages: 1, total_results: 2 });
  });

  it('reads exported and not-exported routes from BIRD for a known neighbor, once per cache period', async () => {
    const before = bird.received.length;
    const first = await api.http
      .get('/api/lg/v1/routeservers/rs1/neighbors/AS65002_1/routes/not-exported')
      .expect(200);
    await api.http.get('/api/lg/v1/routeservers/rs1/neighbors/AS65002_1/routes/not-exported').expect(200);
    expect(first.body.not_exported.length).toBeGreaterThan(0);
    const exported = await api.http
      .get('/api/lg/v1/routeservers/rs1/neighbors/AS65002_1/routes/exported?page_size=1')
      .expect(200);
    expect(exported.body.exported).toHaveLength(1);
    const sent = bird.received.slice(before).filter((command) => command.startsWith('show route'));
    expect(sent).toEqual(['show route noexport AS65002_1 all', 'show route export AS65002_1 all']);
  });

  it('looks up an address across route servers', async () => {
    const res = await api.http.get('/api/lg/v1/lookup/prefix').query({ q: '10.2.0.1' }).expect(200);
    const body = res.body as { imported: { routes: { network: string }[] } };
    expect(body.imported.routes.map((r) => r.network)).toEqual(['10.2.0.0/24']);
    expect(res.body.query).toEqual({ q: '10.2.0.1', kind: 'address' });
  });

  it('never opens more than two connections to BIRD', () => {
    expect(bird.peakConnections).toBeLessThanOrEqual(2);
    expect(bird.pipelined).toBe(0);
  });

  describe('hostile input', () => {
    const long = 'A'.repeat(5000);
    it.each([
      [
        'a prefix and a second command',
        '/api/lg/v1/lookup/prefix?q=' + encodeURIComponent('1.2.3.0/24; configure'),
        'q',
      ],
      ['a newline', '/api/lg/v1/lookup/prefix?q=' + encodeURIComponent('1.2.3.0/24\nconfigure'), 'q'],
      ['CR LF', '/api/lg/v1/lookup/prefix?q=' + encodeURIComponent('1.2.3.0/24\r\nshow route all'), 'q'],
      ['5,000 characters', '/api/lg/v1/lookup/prefix?q=' + long, 'q'],
      ['no query', '/api/lg/v1/lookup/prefix', 'q'],
      ['quotes', '/api/lg/v1/lookup/prefix?q=' + encodeURIComponent('"; down; "'), 'q'],
      [
        'a search with a BIRD keyword',
        '/api/lg/v1/routeservers/rs1/neighbors/AS65002_1/routes/received?q=' +
          encodeURIComponent('10.0.0.0/8 all'),
        'q',
      ],
      [
        'a protocol with a keyword',
        '/api/lg/v1/routeservers/rs1/neighbors/' + encodeURIComponent('AS65002_1 all') + '/routes/exported',
        'neighborId',
      ],
      [
        'a protocol and a command',
        '/api/lg/v1/routeservers/rs1/neighbors/' +
          encodeURIComponent('AS65002_1;configure') +
          '/routes/not-exported',
        'neighborId',
      ],
      [
        'a protocol with a newline',
        '/api/lg/v1/routeservers/rs1/neighbors/' + encodeURIComponent('AS65002_1\ndown') + '/routes/exported',
        'neighborId',
      ],
      [
        'a 1,000-character protocol',
        '/api/lg/v1/routeservers/rs1/neighbors/' + long.slice(0, 1000) + '/routes/exported',
        'neighborId',
      ],
      [
        'a huge page size',
        '/api/lg/v1/routeservers/rs1/neighbors/AS65002_1/routes/exported?page_size=100000',
        'page_size',
      ],
      ['a negative page', '/api/lg/v1/routeservers/rs1/neighbors/AS65002_1/routes/exported?page=-1', 'page'],
    ])('%s is a 400 and BIRD hears nothing', async (_label, url, field) => {
      const before = bird.received.length;
      const res = await api.http.get(url).expect(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_value', field });
      expect(bird.received.slice(before)).toEqual([]);
    });

    it('an unknown protocol name is a 400 naming it, and BIRD hears nothing', async () => {
      const before = bird.received.length;
      for (const name of ['device1', 'NOPE_1', 'master4']) {
        const res = await api.http
          .get(`/api/lg/v1/routeservers/rs1/neighbors/${name}/routes/exported`)
          .expect(400);
        expect(res.body.error).toMatchObject({ code: 'invalid_value', field: 'neighborId', value: name });
      }
      expect(bird.received.slice(before)).toEqual([]);
    });

    it('the BIRD still answers afterwards', async () => {
      await api.app.get(LookingGlassService).refresh();
      const res = await api.http.get('/api/lg/v1/routeservers').expect(200);
      expect(res.body.routeservers[0].status).toBe('up');
    });
  });

  it('shows an unreachable route server as unreachable, not as an empty table', async () => {
    const lg = api.app.get(LookingGlassService);
    await api.db.dataSource
      .getRepository(RouteServer)
      .update({ name: 'rs1' }, { socketPath: path.join(dir, 'gone.ctl') });
    await lg.refresh();
    const list = await api.http.get('/api/lg/v1/routeservers').expect(200);
    expect(list.body.routeservers[0]).toMatchObject({
      status: 'unreachable',
      error: expect.stringMatching(/gone\.ctl|ENOENT/),
    });
    const neighbors = await api.http.get('/api/lg/v1/routeservers/rs1/neighbors').expect(502);
    expect(neighbors.body.error.message).toMatch(/unreachable/);
    await api.db.dataSource
      .getRepository(RouteServer)
      .update({ name: 'rs1' }, { socketPath: bird.socketPath });
    await lg.refresh();
  });

  // Buckets live in the database and are shared by every app on it: each rate-limit test starts
  // and ends with none, so the other tests' app is not limited by what these used up.
  const clearBuckets = () => api.db.dataSource.query(`DELETE FROM rate_bucket`);

  it('limits requests per client with 429 and Retry-After', async () => {
    await clearBuckets();
    const limited: INestApplication = await createApiApp(
      loadConfig({ DATABASE_URL: api.db.url, LG_RATE_LIMIT_PER_MINUTE: '3' }),
      {
        dataSource: api.db.dataSource,
        logger: false,
      },
    );
    try {
      const http = supertest(limited.getHttpServer() as Parameters<typeof supertest>[0]);
      for (let i = 0; i < 3; i += 1) await http.get('/api/lg/v1/routeservers').expect(200);
      const refused = await http.get('/api/lg/v1/routeservers').expect(429);
      expect(refused.headers['retry-after']).toBe('20');
      expect(refused.body.error.code).toBe('rate_limited');
      await api.http.get('/api/v1/health').expect((res) => expect(res.status).not.toBe(429));
    } finally {
      await limited.close();
      await clearBuckets();
    }
  });

  it('counts clients behind a trusted proxy by X-Forwarded-For, and ignores the header otherwise', async () => {
    const appWith = async (env: Record<string, string>): Promise<INestApplication> =>
      createApiApp(loadConfig({ DATABASE_URL: api.db.url, LG_RATE_LIMIT_PER_MINUTE: '2', ...env }), {
        dataSource: api.db.dataSource,
        logger: false,
      });
    const get = (app: INestApplication, forwardedFor: string) =>
      supertest(app.getHttpServer() as Parameters<typeof supertest>[0])
        .get('/api/lg/v1/routeservers')
        .set('X-Forwarded-For', forwardedFor);
    await clearBuckets();
    const direct = await appWith({});
    try {
      // Not trusted: a client cannot dodge the limit by inventing addresses.
      await get(direct, '192.0.2.1').expect(200);
      await get(direct, '192.0.2.2').expect(200);
      await get(direct, '192.0.2.3').expect(429);
    } finally {
      await direct.close();
    }
    const proxied = await appWith({ TRUST_PROXY: 'loopback' });
    try {
      await get(proxied, '192.0.2.1').expect(200);
      await get(proxied, '192.0.2.1').expect(200);
      await get(proxied, '192.0.2.1').expect(429);
      await get(proxied, '192.0.2.2').expect(200);
      // One IPv6 client stepping through its /64 still counts once.
      await get(proxied, '2001:db8:0:1::1').expect(200);
      await get(proxied, '2001:db8:0:1::2').expect(200);
      await get(proxied, '2001:db8:0:1::3').expect(429);
    } finally {
      await proxied.close();
      await clearBuckets();
    }
  });

  it('documents the looking glass in OpenAPI', async () => {
    const res = await api.http.get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/lg/v1/routeservers',
        '/api/lg/v1/routeservers/{routeServerId}/neighbors',
        '/api/lg/v1/routeservers/{routeServerId}/neighbors/{neighborId}/routes/filtered',
        '/api/lg/v1/lookup/prefix',
      ]),
    );
  });
});
