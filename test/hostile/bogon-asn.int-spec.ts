import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AuditRecord, Member } from '@ixora/domain';
import {
  buildIxfExport,
  LAB_BOGON_ASN_REASON,
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  type PeeringDbTestServer,
} from '@ixora/testing';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';
import { ixora } from '../../apps/cli/src/run-cli.test-helper.js';

/** One of each kind of bogon ASN, at the edges of their ranges. */
const BOGONS: [asn: number, kind: RegExp][] = [
  [0, /reserved/],
  [23456, /AS_TRANS/],
  [64505, /documentation/],
  [64511, /documentation/],
  [64512, /private-use/],
  [65000, /private-use/],
  [65534, /private-use/],
  [65535, /last 16-bit/],
  [65536, /documentation/],
  [65551, /documentation/],
  [100000, /reserved by IANA/],
  [4200000000, /private-use/],
  [4294967294, /private-use/],
  [4294967295, /last 32-bit/],
];

/**
 * Issue 11 item 5: members with bogon ASNs (AS_TRANS, documentation, private-use, reserved) could
 * be created. Every way in (API, CLI, IX-F import, PeeringDB onboarding) refuses them with a 400
 * naming the ASN field and the value, unless staff give an explicit reason, which is stored on the
 * member (why, who, when) and written to the audit log. The test exchange itself is such a case:
 * its documentation ASNs are allowed by the factories, explicitly.
 */
describe('hostile: bogon ASNs', () => {
  let t: ApiTestApp;
  let admin: [string, string];
  let peeringDb: PeeringDbTestServer;
  let dir: string;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, PEERINGDB_URL: process.env.PEERINGDB_URL };
  const members = () => t.db.dataSource.manager.count(Member);

  beforeAll(async () => {
    peeringDb = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR });
    t = await startApiTestApp({ env: { PEERINGDB_URL: peeringDb.url } });
    admin = bearer(t.users.admin);
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-hostile-'));
    process.env.DATABASE_URL = t.db.url;
    process.env.PEERINGDB_URL = peeringDb.url;
  });
  afterAll(async () => {
    process.env.DATABASE_URL = saved.DATABASE_URL;
    process.env.PEERINGDB_URL = saved.PEERINGDB_URL;
    await rm(dir, { recursive: true, force: true });
    await t.close();
    await peeringDb.close();
  });

  it('the seeded test exchange holds its documentation ASNs by an explicit, recorded override', async () => {
    const rows = await t.db.dataSource.query<{ reason: string | null; by: string | null }[]>(
      `SELECT bogon_asn_reason AS reason, bogon_asn_allowed_by AS by FROM member`,
    );
    expect(rows.length).toBe(4);
    expect(rows.every((r) => r.reason === LAB_BOGON_ASN_REASON && r.by === 'cli:test')).toBe(true);
  });

  it.each(BOGONS)('POST /members refuses AS%i (400 naming asn and the value)', async (asn, kind) => {
    const res = await t.http
      .post('/api/v1/members')
      .set(...admin)
      .send({ asn, name: 'Bogon Networks' })
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_value', field: 'asn', value: asn });
    expect(res.body.error.message).toMatch(kind);
  });

  it('refuses an empty reason, and lets only staff allow one', async () => {
    const empty = await t.http
      .post('/api/v1/members')
      .set(...admin)
      .send({ asn: 64500, name: 'Lab', allowBogonAsn: '  ' })
      .expect(400);
    expect(empty.body.error).toMatchObject({ field: 'allowBogonAsn', value: '  ' });
    await t.http
      .post('/api/v1/members')
      .set(...bearer(t.users.adminA))
      .send({ asn: 64500, name: 'Lab', allowBogonAsn: 'mine' })
      .expect(403);
    expect(await t.db.dataSource.manager.findOneBy(Member, { asn: 64500 })).toBeNull();
  });

  it('staff allow a bogon ASN with a reason: stored with who and when, and audited', async () => {
    const before = Date.now();
    await t.http
      .post('/api/v1/members')
      .set(...admin)
      .send({ asn: 'AS64500', name: 'Training Lab', allowBogonAsn: 'training exchange for new NOC staff' })
      .expect(201);
    const member = await t.db.dataSource.manager.findOneByOrFail(Member, { asn: 64500 });
    expect(member).toMatchObject({
      bogonAsnReason: 'training exchange for new NOC staff',
      bogonAsnAllowedBy: 'token:test(staff@ix.example.net)',
    });
    expect(member.bogonAsnAllowedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const audit = await t.db.dataSource.manager.findOneByOrFail(AuditRecord, {
      action: 'member.allow_bogon_asn',
      entityId: String(member.id),
    });
    expect(audit.after).toMatchObject({ asn: 64500, reason: 'training exchange for new NOC staff' });
    const list = await t.http
      .get('/api/v1/audit?entityType=member')
      .set(...admin)
      .expect(200);
    expect(JSON.stringify(list.body)).toContain('training exchange for new NOC staff');
  });

  it('a public ASN needs no override and gets none', async () => {
    await t.http
      .post('/api/v1/members')
      .set(...admin)
      .send({ asn: 3333, name: 'Public Networks', allowBogonAsn: 'not needed' })
      .expect(201);
    expect(await t.db.dataSource.manager.findOneByOrFail(Member, { asn: 3333 })).toMatchObject({
      bogonAsnReason: null,
      bogonAsnAllowedBy: null,
      bogonAsnAllowedAt: null,
    });
  });

  it('ixora member add refuses a bogon ASN, and takes --allow-bogon-asn "reason"', async () => {
    const refused = await ixora('member', 'add', '--asn', '65001', '--name', 'Private Co');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^ixora: asn: 65001 is a bogon ASN \(private-use ASNs \(RFC 6996\)\).*--allow-bogon-asn/,
    );
    const allowed = await ixora(
      ...['member', 'add', '--asn', '65001', '--name', 'Private Co', '--json'],
      ...['--allow-bogon-asn', 'lab router of the NOC'],
    );
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.out)).toMatchObject({
      asn: 65001,
      bogonAsnReason: 'lab router of the NOC',
      bogonAsnAllowedBy: expect.stringMatching(/^cli:/),
    });
  });

  it('an IX-F import that would create a bogon-ASN member fails whole, naming the JSON path; the reason lets it through', async () => {
    // The seeded four exist already (unchanged); the fifth, AS64500... is taken above, so use six.
    const doc = buildIxfExport({ members: 6 });
    const count = await members();
    const res = await t.http
      .post('/api/v1/ixf/import')
      .set(...admin)
      .send(doc)
      .expect(400);
    expect(res.body.error).toMatchObject({ field: '$.member_list[5].asnum', value: 64501 });
    expect(res.body.error.message).toMatch(/bogon ASN \(documentation ASNs/);
    expect(await members()).toBe(count);

    const file = path.join(dir, 'ixf.json');
    await writeFile(file, JSON.stringify(doc));
    const cli = await ixora('import', 'ixf', file);
    expect(cli.code).not.toBe(0);
    expect(cli.err).toContain('$.member_list[5].asnum: 64501 is a bogon ASN');
    expect(await members()).toBe(count);

    const ok = await t.http
      .post(`/api/v1/ixf/import?allowBogonAsn=${encodeURIComponent('lab exchange')}`)
      .set(...admin)
      .send(doc)
      .expect(200);
    expect(ok.body.members).toMatchObject({ created: 1 });
    expect(await t.db.dataSource.manager.findOneByOrFail(Member, { asn: 64501 })).toMatchObject({
      bogonAsnReason: 'lab exchange',
      bogonAsnAllowedBy: 'token:test(staff@ix.example.net)',
    });
    expect(
      await t.db.dataSource.manager.countBy(AuditRecord, { action: 'member.allow_bogon_asn' }),
    ).toBeGreaterThanOrEqual(3);
  });

  it('PeeringDB onboarding (API and CLI) refuses a bogon-ASN network unless staff give the reason', async () => {
    const res = await t.http
      .post('/api/v1/peeringdb/members')
      .set(...admin)
      .send({ asn: 64502 })
      .expect(400);
    expect(res.body.error).toMatchObject({ field: 'asn', value: 64502 });
    await t.http
      .post('/api/v1/peeringdb/members')
      .set(...admin)
      .send({ asn: 64502, allowBogonAsn: LAB_BOGON_ASN_REASON })
      .expect(201);
    const cli = await ixora('member', 'add', '--asn', '64503', '--from-peeringdb');
    expect(cli.code).toBe(1);
    expect(cli.err).toMatch(/^ixora: asn: 64503 is a bogon ASN/);
    const allowed = await ixora(
      ...['member', 'add', '--asn', '64503', '--from-peeringdb'],
      ...['--allow-bogon-asn', LAB_BOGON_ASN_REASON],
    );
    expect(allowed.code).toBe(0);
    expect(await t.db.dataSource.manager.findOneByOrFail(Member, { asn: 64503 })).toMatchObject({
      bogonAsnReason: LAB_BOGON_ASN_REASON,
    });
  });
});
