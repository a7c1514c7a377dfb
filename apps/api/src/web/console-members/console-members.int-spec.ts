import supertest from 'supertest';
import {
  LAB_BOGON_ASN_REASON,
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  TestClock,
  type PeeringDbTestServer,
} from '@ixora/testing';
import { MEMBER_A, startApiTestApp, type ApiTestApp } from '../../testing/api-test.app.js';
import { csrfOf, postLogin, WEB_ENV, type Browser } from '../web.test-helper.js';
import { HARBOUR_LINK, signInStaff } from './console.test-helper.js';

/** The hidden fields of the review page's form, as a browser would send them back. */
function hiddenFieldsOf(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([A-Za-z0-9_]+)" value="([^"]*)">/g))
    fields[m[1]!] = m[2]!
      .replace(/&#x3D;/g, '=')
      .replace(/&amp;/g, '&')
      .replace(/&#x27;/g, "'");
  return fields;
}

describe('staff console: onboarding wizard, members, users, audit (supertest)', () => {
  let t: ApiTestApp;
  let pdb: PeeringDbTestServer;
  let staff: Browser;
  const clock = new TestClock();

  beforeAll(async () => {
    pdb = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR, objects: HARBOUR_LINK });
    t = await startApiTestApp({ clock, env: { ...WEB_ENV, PEERINGDB_URL: pdb.url } });
    staff = (await signInStaff(t, clock)).browser;
  });
  afterAll(async () => {
    await t.close();
    await pdb.close();
  });

  it('keeps the console to staff: a member user gets 404, a form without its CSRF token 403', async () => {
    const member = supertest.agent(t.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);
    await postLogin(member, t.users.userB.email, t.users.userB.password);
    for (const path of [
      '/admin/onboard',
      '/admin/members',
      `/admin/members/AS${MEMBER_A}`,
      '/admin/users',
      '/admin/audit',
    ])
      await member.get(path).expect(404);
    await member.post('/admin/onboard/preview').type('form').send({ _csrf: 'x', asn: '64505' }).expect(403);
    await staff.post('/admin/onboard/preview').type('form').send({ asn: '64505' }).expect(403);
    await supertest(t.app.getHttpServer() as Parameters<typeof supertest>[0])
      .get('/admin/members')
      .expect(303)
      .expect('location', '/login');
  });

  it('onboards a member from PeeringDB in three steps and one transaction', async () => {
    const start = await staff.get('/admin/onboard').expect(200);
    const bad = await staff
      .post('/admin/onboard/preview')
      .type('form')
      .send({ _csrf: csrfOf(start.text), asn: 'AS-HARBOUR' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('asn: &quot;AS-HARBOUR&quot;');
    const existing = await staff
      .post('/admin/onboard/preview')
      .type('form')
      .send({ _csrf: csrfOf(start.text), asn: String(MEMBER_A) });
    expect(existing.status).toBe(409);
    expect(existing.text).toContain(`href="/admin/members/AS${MEMBER_A}"`);

    const choose = await staff
      .post('/admin/onboard/preview')
      .type('form')
      .send({ _csrf: csrfOf(start.text), asn: 'AS64505' })
      .expect(200);
    expect(choose.text).toContain('<dd>Harbour Link</dd>');
    expect(choose.text).toContain('<dd>12 IPv4, 4 IPv6</dd>');
    // This exchange's connection from PeeringDB, preselected, then free addresses of the LAN.
    expect(choose.text).toMatch(
      /value="192\.0\.2\.50" checked> <code>192\.0\.2\.50<\/code> <span class="muted">in PeeringDB/,
    );
    expect(choose.text).toMatch(/value="192\.0\.2\.2"> <code>192\.0\.2\.2<\/code> <span class="muted">free/);
    expect(choose.text).toContain('value="AS-HARBOUR"');
    expect(choose.text).toContain('id="maxPrefixV4" name="maxPrefixV4" value="14"');

    // The reason for a bogon ASN given in step 1 goes on with the form.
    const withReason = await staff
      .post('/admin/onboard/preview')
      .type('form')
      .send({ _csrf: csrfOf(start.text), asn: 'AS64505', allowBogonAsn: 'lab' })
      .expect(200);
    expect(withReason.text).toContain('<input type="hidden" name="allowBogonAsn" value="lab">');

    const lanId = /<option value="(\d+)" selected>/.exec(
      choose.text.slice(choose.text.indexOf('peeringLanId')),
    )![1]!;
    const choices = {
      _csrf: csrfOf(choose.text),
      step: 'choose',
      asn: '64505',
      name: 'Harbour Link',
      asSets: 'AS-HARBOUR',
      maxPrefixV4: '14',
      maxPrefixV6: '8',
      status: 'onboarding',
      peeringLanId: lanId,
      ipv4Address: '192.0.2.50',
      ipv6Address: 'other',
      ipv6Other: '2001:db8::50',
      isRouteServerClient: 'on',
      portName: 'et-0/0/7',
      speedMbps: '10000',
    };
    // A documentation ASN is refused like everywhere else, unless staff say why.
    const refused = await staff.post('/admin/onboard/review').type('form').send(choices);
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/asn: 64505 is a bogon ASN/);
    expect(refused.text).toContain('value="2001:db8::50"');

    const review = await staff
      .post('/admin/onboard/review')
      .type('form')
      .send({ ...choices, allowBogonAsn: LAB_BOGON_ASN_REASON })
      .expect(200);
    expect(review.text).toContain('<dd>192.0.2.50, 2001:db8::50, route-server client</dd>');
    expect(review.text).toContain('<dd>rs1 IPv4, rs1 IPv6</dd>');
    expect(review.text).toContain('PeeringDB knows AS64505 as Harbour Link');
    expect(review.text).toContain(
      'The member’s interfaces match its 1 PeeringDB connection to this exchange.',
    );
    expect(review.text).toContain('AS-HARBOUR is expanded for IPv4 once the member is created');
    expect(await t.db.dataSource.query(`SELECT count(*)::int AS n FROM member WHERE asn = 64505`)).toEqual([
      { n: 0 },
    ]);

    const created = await staff
      .post('/admin/onboard/create')
      .type('form')
      .send({ ...hiddenFieldsOf(review.text), _csrf: csrfOf(review.text) })
      .expect(303);
    expect(created.headers['location']).toBe('/admin/members/AS64505?onboarded=1');
    const [member] = await t.db.dataSource.query<{ id: number; status: string; as_sets: string[] }[]>(
      `SELECT id, status, as_sets FROM member WHERE asn = 64505`,
    );
    expect(member).toMatchObject({ status: 'onboarding', as_sets: ['AS-HARBOUR'] });
    const sessions = await t.db.dataSource.query(
      `SELECT s.family FROM route_server_session s JOIN member_interface i ON i.id = s.member_interface_id
        JOIN port p ON p.id = i.port_id WHERE i.member_id = $1 AND p.port_name = 'et-0/0/7' ORDER BY s.family`,
      [member!.id],
    );
    expect(sessions).toEqual([{ family: 4 }, { family: 6 }]);
    const audit = await t.db.dataSource.query<{ action: string; actor: string }[]>(
      `SELECT action, actor FROM audit_record WHERE actor = $1 AND entity_type <> 'user' ORDER BY id`,
      [`user:${t.users.admin.email}`],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'member.create',
      'member.allow_bogon_asn',
      'port.create',
      'member_interface.create',
      'session.create',
      'session.create',
      'job.enqueue',
    ]);
    const [link] = await t.db.dataSource.query<{ follow: string[] }[]>(
      `SELECT follow FROM peeringdb_member_link WHERE member_id = $1`,
      [member!.id],
    );
    // Staff kept PeeringDB's name, AS-SET and IPv4 limit; the IPv6 limit is theirs.
    expect(link!.follow).toEqual(['name', 'asSets', 'maxPrefixV4']);

    const page = await staff.get('/admin/members/AS64505?onboarded=1').expect(200);
    expect(page.text).toContain('were created');
    expect(page.text).toContain('<td>rs1</td><td>IPv6</td>');
    expect(page.text).toMatch(/AS-HARBOUR has not been expanded for IPv4 yet/);

    // The same form again is refused: the addresses and the ASN are taken now.
    const again = await staff
      .post('/admin/onboard/create')
      .type('form')
      .send({ ...hiddenFieldsOf(review.text), _csrf: csrfOf(review.text) });
    expect(again.status).toBe(409);
  });

  it('lists members with filters and changes a member’s staff fields', async () => {
    const onboarding = await staff.get('/admin/members?status=onboarding').expect(200);
    expect(onboarding.text).toContain('<a href="/admin/members/AS64505">AS64505</a>');
    expect(onboarding.text).not.toContain(`AS${MEMBER_A}</a>`);
    const stale = await staff.get('/admin/members?irr_stale=no').expect(200);
    expect(stale.text).toContain('No member matches these filters.');
    const all = await staff.get('/admin/members?irr_stale=yes&rs=yes').expect(200);
    expect(all.text).toContain(`AS${MEMBER_A}</a>`);

    const page = await staff.get('/admin/members/AS64505').expect(200);
    const saved = await staff
      .post('/admin/members/AS64505')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        status: 'active',
        name: 'Harbour Link',
        asSets: 'AS-HARBOUR',
        maxPrefixV4: '14',
        maxPrefixV6: '',
      })
      .expect(303);
    expect(saved.headers['location']).toBe('/admin/members/AS64505?saved=1');
    const bad = await staff
      .post('/admin/members/AS64505')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        status: 'active',
        name: 'Harbour Link',
        asSets: 'AS-FOO;',
        maxPrefixV4: '',
        maxPrefixV6: '',
      });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/asSets/);
    await staff.get('/admin/members/AS64999').expect(404);
  });

  it('shows every user by member and the audit log, filtered and paged', async () => {
    const users = await staff.get('/admin/users').expect(200);
    expect(users.text).toContain(t.users.admin.email);
    expect(users.text).toMatch(
      new RegExp(`AS${MEMBER_A} Example Network 0[^<]*</a></h2>[\\s\\S]*?${t.users.userA.email}`),
    );

    const created = await staff.get('/admin/audit?what=member.create&who=USER:STAFF').expect(200);
    expect(created.text).toContain('1 record, newest first.');
    expect(created.text).toMatch(/<td>member \d+<\/td>/);
    const none = await staff.get('/admin/audit?who=nobody&from=2026-01-01&to=2026-01-02').expect(200);
    expect(none.text).toContain('No record matches these filters.');
    const wrong = await staff.get('/admin/audit?from=yesterday').expect(200);
    expect(wrong.text).toContain('“from” yesterday is not a date');
    await t.db.dataSource.query(
      `INSERT INTO audit_record (actor, action, entity_type, entity_id) SELECT 'cli:test', 'test.bulk', 'member', g::text FROM generate_series(1, 60) g`,
    );
    const paged = await staff.get('/admin/audit?what=test.bulk&page=2').expect(200);
    expect(paged.text).toContain('60 records, newest first.');
    expect(paged.text).toContain('<span>page 2 of 2</span>');
    expect(paged.text).toContain('<a href="/admin/audit?what&#x3D;test.bulk" rel="prev">Previous</a>');
    expect(paged.text).toContain('<td>member 10</td>');
  });
});
