import type { INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import { loadConfig } from '@ixora/config';
import { cliActor, JobRunner, UserService } from '@ixora/domain';
import {
  createTestDatabase,
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  type PeeringDbTestServer,
  type TestDatabase,
  LAB_BOGON_ASN_REASON,
} from '@ixora/testing';
import { createApiApp } from '../create-api-app.js';

describe('PeeringDB API (/api/v1/peeringdb)', () => {
  let db: TestDatabase;
  let server: PeeringDbTestServer;
  let app: INestApplication;
  let http: ReturnType<typeof supertest>;
  let admin: [string, string];
  let member: [string, string];

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR });
    const [ixp] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO ixp (shortname, peeringdb_ix_id) VALUES ('EXAMPLE-IX', 301) RETURNING id`,
    );
    await db.dataSource.query(
      `INSERT INTO peering_lan (ixp_id, name, prefix_v4, prefix_v6) VALUES ($1, 'lan', '192.0.2.0/24', '2001:db8::/64')`,
      [ixp!.id],
    );
    await db.dataSource.query(`INSERT INTO member (asn, name) VALUES (64510, 'Hand Made')`);
    const users = new UserService(db.dataSource);
    const operator = cliActor('test');
    const staff = await users.add(operator, {
      email: 'staff@ix.example.net',
      role: 'admin',
      password: 'correct horse battery',
    });
    const noc = await users.add(operator, {
      email: 'noc@m.example.net',
      role: 'member_admin',
      memberAsn: 64510,
      password: 'correct horse battery',
    });
    admin = [
      'Authorization',
      `Bearer ${(await users.createToken(operator, { name: 't', userId: staff.id })).token}`,
    ];
    member = [
      'Authorization',
      `Bearer ${(await users.createToken(operator, { name: 't', userId: noc.id })).token}`,
    ];
    app = await createApiApp(loadConfig({ DATABASE_URL: db.url, PEERINGDB_URL: server.url }), {
      dataSource: db.dataSource,
      logger: false,
    });
    http = supertest(app.getHttpServer() as Parameters<typeof supertest>[0]);
  });
  afterAll(async () => {
    await app.close();
    await server.close();
    await db.drop();
  });

  it('is for staff only', async () => {
    await http
      .get('/api/v1/peeringdb/check')
      .set(...member)
      .expect(403);
    await http.get('/api/v1/peeringdb/check').expect(401);
  });

  it('syncs, onboards and reports differences', async () => {
    // A sync is a job: queued at once, run by the worker, followed at /api/v1/jobs/{id}.
    const queued = await http
      .post('/api/v1/peeringdb/sync')
      .set(...admin)
      .send({ full: true })
      .expect(202);
    expect(queued.body).toMatchObject({ kind: 'peeringdb.sync', params: { full: true }, status: 'queued' });
    expect(await app.get(JobRunner).drain()).toBe(1);
    const sync = await http
      .get(`/api/v1/jobs/${queued.body.id}`)
      .set(...admin)
      .expect(200);
    expect(sync.body.status).toBe('succeeded');
    expect(sync.body.result.counts.netixlan).toEqual({
      mode: 'full',
      fetched: 7,
      created: 7,
      updated: 0,
      deleted: 0,
    });

    const onboard = await http
      .post('/api/v1/peeringdb/members')
      .set(...admin)
      .send({ asn: 'AS64502', maxPrefixV4: 99, allowBogonAsn: LAB_BOGON_ASN_REASON })
      .expect(201);
    expect(onboard.body.member).toMatchObject({
      asn: 64502,
      name: 'Northwind Networks',
      asSets: ['AS-NORTHWIND', 'AS-NORTHWIND-V6'],
      maxPrefixV4: 99,
    });
    expect(onboard.body.interfaces).toEqual([
      expect.objectContaining({ ipv4Address: '192.0.2.21', ipv6Address: null }),
    ]);
    expect(onboard.body.follow).not.toContain('maxPrefixV4');

    const missing = await http
      .post('/api/v1/peeringdb/members')
      .set(...admin)
      .send({ asn: 64499, allowBogonAsn: LAB_BOGON_ASN_REASON })
      .expect(404);
    expect(missing.body.message ?? JSON.stringify(missing.body)).toMatch(/AS64499/);

    const check = await http
      .get('/api/v1/peeringdb/check')
      .set(...admin)
      .expect(200);
    expect(check.body.isConsistent).toBe(false);
    expect(check.body.extra).toEqual([]);
    expect((check.body as { missing: { asn: number }[] }).missing.map((m) => m.asn)).toEqual([
      64500, 64501, 64501, 64503, 65550,
    ]);

    const follow = await http
      .put('/api/v1/peeringdb/members/64502/follow')
      .set(...admin)
      .send({ follow: ['name'] })
      .expect(200);
    expect(follow.body).toEqual({ asn: 64502, follow: ['name'] });
    await http
      .put('/api/v1/peeringdb/members/64502/follow')
      .set(...admin)
      .send({ follow: ['colour'] })
      .expect(400);
  });
});
