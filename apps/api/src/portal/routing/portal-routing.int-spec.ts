import supertest from 'supertest';
import { bearer } from '../../testing/api-test.app.js';
import { postLogin } from '../../web/web.test-helper.js';
import {
  MEMBER_ONE,
  MEMBER_TWO,
  startRoutingTestApp,
  type RoutingTestApp,
} from './portal-routing.test-helper.js';

// A member's routes and routing hygiene, as pages and over the API, from the looking glass's
// snapshot of a replayed BIRD 2.0.12 and the member's data in real PostgreSQL.

describe('member routes and routing hygiene', () => {
  let t: RoutingTestApp;

  beforeAll(async () => {
    t = await startRoutingTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  async function signedIn(email: string, password: string) {
    const browser = supertest.agent(t.api.app.getHttpServer() as Parameters<typeof supertest.agent>[0]);
    expect((await postLogin(browser, email, password)).status).toBe(303);
    return browser;
  }

  describe('GET /api/v1/members/{asn}/routes', () => {
    it('lists the sessions and the filtered routes first, each with its reason and what to do', async () => {
      const res = await t.api.http
        .get(`/api/v1/members/AS${MEMBER_ONE}/routes`)
        .query({ state: 'filtered' })
        .set(...bearer(t.one))
        .expect(200);
      expect(res.body.sessions).toEqual([
        expect.objectContaining({
          id: 'rs1/AS65001_1',
          routeServer: 'rs1',
          address: '127.0.0.2',
          filtered: 4,
        }),
      ]);
      expect(res.body.total).toBe(4);
      const byPrefix = new Map(
        (res.body.items as { prefix: string; reason: { key: string }; advice: string }[]).map((r) => [
          r.prefix,
          r,
        ]),
      );
      expect(byPrefix.get('203.0.113.0/24')).toMatchObject({
        state: 'filtered',
        session: 'rs1/AS65001_1',
        reason: { code: 9, key: 'irr_prefix' },
        advice:
          'no route object for 203.0.113.0/24 with origin AS65001 in the IRR data of AS-ONE (read from RIPE and RADB): create one in RIPE or RADB; the route server takes it in at its next IRR refresh',
      });
      expect(byPrefix.get('198.51.100.0/24')!.advice).toMatch(
        /^the ROA for 198.51.100.0\/23 allows AS65001 up to \/23, and you announce 198.51.100.0\/24, a \/24/,
      );
      expect(byPrefix.get('10.1.2.0/25')!.advice).toMatch(/up to \/24: announce 10.1.2.0\/24 instead/);
      expect(byPrefix.get('10.255.1.0/24')!.advice).toMatch(/^10.255.1.0\/24 is in 10.0.0.0\/8, private use/);
    });

    it('pages accepted and filtered routes, and filters by session', async () => {
      const first = await t.api.http
        .get(`/api/v1/members/${MEMBER_ONE}/routes?limit=3`)
        .set(...bearer(t.one))
        .expect(200);
      expect(first.body).toMatchObject({ total: 9, limit: 3, offset: 0 });
      expect(first.body.items.map((r: { state: string }) => r.state)).toEqual([
        'filtered',
        'filtered',
        'filtered',
      ]);
      const last = await t.api.http
        .get(`/api/v1/members/${MEMBER_ONE}/routes?limit=3&offset=8`)
        .set(...bearer(t.one))
        .expect(200);
      expect(last.body.items).toEqual([
        expect.objectContaining({ state: 'accepted', reason: null, advice: null }),
      ]);
      const accepted = await t.api.http
        .get(`/api/v1/members/${MEMBER_ONE}/routes`)
        .query({ state: 'accepted', session: 'rs1/AS65001_1' })
        .set(...bearer(t.one))
        .expect(200);
      expect(accepted.body.total).toBe(5);
      const none = await t.api.http
        .get(`/api/v1/members/${MEMBER_ONE}/routes`)
        .query({ session: 'rs1/AS65002_1' })
        .set(...bearer(t.one))
        .expect(200);
      expect(none.body.total).toBe(0);
    });

    it('names the bad field', async () => {
      for (const [query, field] of [
        [{ session: 'rs1 AS65001_1' }, 'session'],
        [{ state: 'maybe' }, 'state'],
        [{ limit: '100000' }, 'limit'],
      ] as const) {
        const res = await t.api.http
          .get(`/api/v1/members/${MEMBER_ONE}/routes`)
          .query(query)
          .set(...bearer(t.one))
          .expect(400);
        expect(res.body.error).toMatchObject({ field });
      }
    });

    it("answers 404 for another member's ASN, and staff may read any", async () => {
      await t.api.http
        .get(`/api/v1/members/${MEMBER_ONE}/routes`)
        .set(...bearer(t.two))
        .expect(404);
      await t.api.http
        .get(`/api/v1/members/${MEMBER_ONE}/hygiene`)
        .set(...bearer(t.two))
        .expect(404);
      await t.api.http.get(`/api/v1/members/${MEMBER_ONE}/routes`).expect(401);
      const staff = await t.api.http
        .get(`/api/v1/members/${MEMBER_ONE}/routes`)
        .set(...bearer(t.api.users.admin))
        .expect(200);
      expect(staff.body.total).toBe(9);
      const own = await t.api.http
        .get(`/api/v1/members/${MEMBER_TWO}/routes`)
        .set(...bearer(t.two))
        .expect(200);
      expect(own.body.total).toBe(3);
    });
  });

  it('documents both endpoints in OpenAPI, with the advice and the RPKI state', async () => {
    const doc = (await t.api.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    };
    expect(doc.paths['/api/v1/members/{asn}/routes']?.get?.responses['200']).toBeDefined();
    expect(doc.paths['/api/v1/members/{asn}/hygiene']?.get?.responses['404']).toBeDefined();
    expect(JSON.stringify(doc.paths['/api/v1/members/{asn}/routes'])).toContain('what to do about it');
  });

  describe('GET /api/v1/members/{asn}/hygiene', () => {
    it('says per prefix IRR, RPKI and where it is announced, and what to do', async () => {
      const res = await t.api.http
        .get(`/api/v1/members/${MEMBER_ONE}/hygiene`)
        .set(...bearer(t.one))
        .expect(200);
      const row = (prefix: string) =>
        (res.body.prefixes as { prefix: string }[]).find((candidate) => candidate.prefix === prefix);
      expect(row('10.1.3.0/24')).toMatchObject({
        irr: 'exact',
        rpki: 'valid',
        acceptedBy: ['rs1'],
        isAnnounced: true,
      });
      expect(row('198.51.100.0/24')).toMatchObject({
        irr: 'exact',
        rpki: 'invalid',
        roas: ['198.51.100.0/23-23 AS65001'],
        filteredBy: [{ routeServer: 'rs1', reason: 'RPKI origin validation: invalid' }],
      });
      expect(row('203.0.113.0/24')).toMatchObject({ irr: 'none', rpki: 'unknown' });
      expect(row('10.9.0.0/24')).toMatchObject({ irr: 'exact', isAnnounced: false });
      expect(row('10.255.1.0/24')).toMatchObject({ isAnnounced: true, isNeverRouted: true });
      const todos = res.body.todos as { key: string; prefixes: string[] }[];
      expect(todos.find((todo) => todo.key === 'stale_route_objects')!.prefixes).toEqual(['10.9.0.0/24']);
      expect(todos.find((todo) => todo.key === 'fix_rpki_invalid')!.prefixes).toEqual(['198.51.100.0/24']);
      expect(todos.find((todo) => todo.key === 'create_route_objects')!.prefixes).toContain('203.0.113.0/24');
    });

    it('asks a member without an AS-SET to set one in PeeringDB', async () => {
      const res = await t.api.http
        .get(`/api/v1/members/${MEMBER_TWO}/hygiene`)
        .set(...bearer(t.two))
        .expect(200);
      expect(res.body.todos[0]).toMatchObject({ key: 'set_as_set' });
    });
  });

  describe('pages', () => {
    it('/portal/routes shows the member its filtered routes with why and what to do', async () => {
      const browser = await signedIn(t.one.email, t.one.password);
      const page = await browser.get('/portal/routes?state=filtered').expect(200);
      expect(page.text).toContain('Routes of AS65001');
      expect(page.text).toContain('203.0.113.0/24');
      expect(page.text).toContain('prefix is not in the member');
      expect(page.text).toContain(
        'No route object for 203.0.113.0/24 with origin AS65001 in the IRR data of AS-ONE',
      );
      expect(page.text).toContain('Routes 1–4 of 4.');
      const other = await browser.get('/portal/routes?session=rs1/AS65002_1').expect(200);
      expect(other.text).toContain('No routes match.');
      const bad = await browser.get('/portal/routes?state=%3Cscript%3E').expect(200);
      expect(bad.text).toContain('state');
      expect(bad.text).not.toContain('<script>');
    });

    it('/portal/routes counts all routes, filtered first, on one page when they fit', async () => {
      const browser = await signedIn(t.one.email, t.one.password);
      const page = await browser.get('/portal/routes').expect(200);
      expect(page.text).toContain('Routes 1–9 of 9.');
      expect(page.text).not.toContain('rel="next"');
    });

    it('/portal/hygiene shows the to-do list and every prefix', async () => {
      const browser = await signedIn(t.one.email, t.one.password);
      const page = await browser.get('/portal/hygiene').expect(200);
      expect(page.text).toContain('Routing hygiene of AS65001');
      expect(page.text).toMatch(/This IRR route object is announced to no route server: 10.9.0.0\/24/);
      expect(page.text).toContain('198.51.100.0/23-23 AS65001');
      expect(page.text).toMatch(
        /<a href="\/portal\/routes\?state(=|&#x3D;)filtered">See the filtered routes<\/a>/,
      );
    });

    it('shows each member only its own routes, and staff are sent to the console', async () => {
      const browser = await signedIn(t.two.email, t.two.password);
      const page = await browser.get('/portal/routes').expect(200);
      expect(page.text).toContain('Routes of AS65002');
      expect(page.text).not.toContain('203.0.113.0/24');
      const staff = await signedIn(t.api.users.admin.email, t.api.users.admin.password);
      await staff.get('/portal/routes').expect(303);
      await supertest(t.api.app.getHttpServer() as Parameters<typeof supertest>[0])
        .get('/portal/hygiene')
        .expect(303)
        .expect('Location', '/login');
    });
  });
});
