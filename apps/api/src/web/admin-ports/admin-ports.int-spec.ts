import supertest from 'supertest';
import { TestClock } from '@ixora/testing';
import { MEMBER_B, startApiTestApp, type ApiTestApp } from '../../testing/api-test.app.js';
import {
  csrfOf,
  enrolmentSecretOf,
  postForm,
  postLogin,
  totpAt,
  WEB_ENV,
  type Browser,
} from '../web.test-helper.js';

describe('staff console: /admin/ports and /admin/interfaces', () => {
  let t: ApiTestApp;
  let clock: TestClock;
  let staff: Browser;
  const browser = (): Browser =>
    supertest.agent(t.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);

  beforeAll(async () => {
    clock = new TestClock();
    t = await startApiTestApp({ clock, env: WEB_ENV });
    staff = browser();
    await postLogin(staff, t.users.admin.email, t.users.admin.password);
    const enrol = await staff.get('/account/two-factor').expect(200);
    await staff
      .post('/account/two-factor')
      .type('form')
      .send({ _csrf: csrfOf(enrol.text), code: await totpAt(enrolmentSecretOf(enrol.text), clock) })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists ports with filters, adds a switch and a LAG port, and shows refusals naming field and value', async () => {
    const list = await staff.get('/admin/ports').expect(200);
    expect(list.text).toContain('sw1.kgl1');
    expect(list.text).toContain(`AS${MEMBER_B}`);
    const filtered = await staff.get(`/admin/ports?member=${MEMBER_B}&switch=sw2.kgl2`).expect(200);
    expect(filtered.text).not.toContain('AS64496 ');

    await postForm(
      staff,
      '/admin/ports',
      { name: 'sw3.kgl3', colo: 'Example DC 3', managementAddress: '2001:db8:ffff::3' },
      '/admin/switches',
    ).then((r) => expect(r.headers['location']).toBe('/admin/ports?done=switch-added'));
    const [sw3] = await t.db.dataSource.query<{ id: number }[]>(
      `SELECT id FROM switch WHERE name = 'sw3.kgl3'`,
    );
    const switchPage = `/admin/switches/${sw3!.id}`;
    const badSwitch = await postForm(
      staff,
      switchPage,
      { name: 'sw3.kgl3', managementAddress: '::ffff:192.0.2.3' },
      `${switchPage}/edit`,
    );
    expect(badSwitch.status).toBe(400);
    expect(badSwitch.text).toContain('managementAddress: &quot;::ffff:192.0.2.3&quot;');
    const editedSwitch = await postForm(
      staff,
      switchPage,
      { name: 'sw3.kgl3', colo: 'Example DC 3b', city: 'Kigali' },
      `${switchPage}/edit`,
    );
    expect(editedSwitch.headers['location']).toBe(`${switchPage}?done=switch-changed`);
    expect((await staff.get(switchPage).expect(200)).text).toContain('value="Example DC 3b"');

    const added = await postForm(staff, '/admin/ports', {
      member: String(MEMBER_B),
      switch: 'sw3.kgl3',
      portName: 'ae5',
      isLag: 'on',
      lagMembers: 'et-0/0/5, et-0/0/6',
      linkSpeedMbps: '10000',
      state: 'active',
    });
    expect(added.status).toBe(303);
    const location = added.headers['location'] as string;
    expect(location).toMatch(/^\/admin\/ports\/\d+\?done=port-added$/);
    const port = await staff.get(location).expect(200);
    expect(port.text).toContain('The port was added.');
    expect(port.text).toContain('et-0/0/5, et-0/0/6');
    expect(port.text).toContain('20G');

    const refused = await postForm(staff, '/admin/ports', {
      member: '64498',
      switch: 'sw3.kgl3',
      portName: 'et-0/0/6',
      state: 'active',
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('portName: &quot;et-0/0/6&quot; is already used on switch sw3.kgl3');
    expect(refused.text).toContain('value="et-0/0/6"'); // the form keeps what was typed

    const id = /\/admin\/ports\/(\d+)/.exec(location)![1]!;
    const moved = await postForm(
      staff,
      `/admin/ports/${id}`,
      { switch: 'sw3.kgl3', portName: 'ae6', lagMembers: '' },
      `/admin/ports/${id}/move`,
    );
    expect(moved.headers['location']).toBe(`/admin/ports/${id}?done=port-moved`);
    const removed = await postForm(staff, `/admin/ports/${id}`, {}, `/admin/ports/${id}/remove`);
    expect(removed.headers['location']).toBe('/admin/ports?done=port-removed');
  });

  it('adds an IPv6-only interface, refuses an address outside the LAN, and refuses removal while sessions are enabled', async () => {
    const [lan] = await t.db.dataSource.query<{ id: number }[]>(`SELECT id FROM peering_lan`);
    const outside = await postForm(staff, '/admin/interfaces', {
      member: String(MEMBER_B),
      peeringLanId: String(lan!.id),
      portId: '',
      ipv6Address: '2001:db8:1::5',
      isRouteServerClient: 'on',
    });
    expect(outside.status).toBe(400);
    expect(outside.text).toContain(
      'ipv6Address: &quot;2001:db8:1::5&quot; is not inside the peering LAN prefix 2001:db8::/64',
    );
    const added = await postForm(staff, '/admin/interfaces', {
      member: String(MEMBER_B),
      peeringLanId: String(lan!.id),
      portId: '',
      ipv6Address: '2001:db8::b:5',
      isRouteServerClient: 'on',
    });
    expect(added.status).toBe(303);
    const location = added.headers['location'] as string;
    const shown = await staff.get(location).expect(200);
    expect(shown.text).toContain('rs1 IPv6 enabled');
    const id = /\/admin\/interfaces\/(\d+)/.exec(location)![1]!;
    const refused = await postForm(staff, location, {}, `/admin/interfaces/${id}/remove`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(`member interface ${id} still has 1 enabled route-server session`);
    const removed = await postForm(
      staff,
      location,
      { removeSessions: 'on' },
      `/admin/interfaces/${id}/remove`,
    );
    expect(removed.headers['location']).toBe(`/admin/interfaces?member=${MEMBER_B}&done=interface-removed`);
  });

  it('shows every exchange setting and the policy table with where each value comes from, and changes them', async () => {
    const page = await staff.get('/admin/settings').expect(200);
    expect(page.text).toContain('maxPrefixHeadroomPercent');
    expect(page.text).toMatch(
      /<code>maxAsPathLength<\/code>.*?<td>64<\/td><td>—<\/td><td><strong>64<\/strong><\/td><td>built-in default<\/td>/s,
    );

    const saved = await postForm(
      staff,
      '/admin/settings',
      { level: 'ixp', ixp: '', member: '', session: '', maxAsPathLength: '40', rpkiPolicy: '' },
      '/admin/settings/policy',
    );
    expect(saved.headers['location']).toBe('/admin/settings?done=policy-saved');
    const member = await postForm(
      staff,
      `/admin/settings?member=${MEMBER_B}`,
      { level: 'member', ixp: '', member: String(MEMBER_B), session: '', maxAsPathLength: '32' },
      '/admin/settings/policy',
    );
    expect(member.headers['location']).toBe(`/admin/settings?member=${MEMBER_B}&done=policy-saved`);
    const shown = await staff.get(`/admin/settings?member=${MEMBER_B}`).expect(200);
    expect(shown.text).toMatch(
      /<code>maxAsPathLength<\/code>.*?<td>64<\/td><td>40<\/td><td>32<\/td><td><strong>32<\/strong><\/td><td>member override<\/td>/s,
    );
    expect(shown.text).toMatch(/<code>maxAsPathLength<\/code>/);
    expect(shown.text).toMatch(
      /maxPrefixV4<\/code><\/th><td>\d+<\/td><td>(member override|exchange default|PeeringDB)/,
    );

    const bad = await postForm(
      staff,
      '/admin/settings',
      { level: 'ixp', maxAsPathLength: '999' },
      '/admin/settings/policy',
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('policy.maxAsPathLength: 999');
    const ixp = await postForm(
      staff,
      '/admin/settings',
      { maxPrefixHeadroomPercent: '25' },
      '/admin/settings/ixp',
    );
    expect(ixp.headers['location']).toBe('/admin/settings?done=settings-saved');
    const [audit] = await t.db.dataSource.query<{ before: any; after: any }[]>(
      `SELECT before, after FROM audit_record WHERE action = 'ixp.settings' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.before.maxPrefixHeadroomPercent).toBe(10);
    expect(audit!.after.maxPrefixHeadroomPercent).toBe(25);
    expect(audit!.after.transitFreeAsns).toEqual(audit!.before.transitFreeAsns);
  });

  it('answers 404 to a member user, and refuses a form without the CSRF token', async () => {
    const member = browser();
    await postLogin(member, t.users.userB.email, t.users.userB.password);
    await member.get('/admin/ports').expect(404);
    await member.get('/admin/interfaces').expect(404);
    await member.get('/admin/settings').expect(404);
    await staff.post('/admin/ports').type('form').send({ member: '64497' }).expect(403);
  });
});
