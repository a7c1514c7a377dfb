import { servedRoutes, type RouteEntry } from '../testing/routes.js';
import { startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';

/** Sample values for path parameters: real objects of the seeded exchange. */
const SAMPLE: Record<string, string> = { asn: '64496', id: '1', name: 'rs1' };

const fill = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => SAMPLE[name] ?? '1');
const key = (r: RouteEntry) => `${r.method} ${r.path}`;

/** The API routes anyone may call; every other route needs a token. */
const PUBLIC_ROUTES = ['GET /api/v1/health', 'POST /api/v1/auth/login', 'GET /api/v1/ixf/export'];

/**
 * The looking glass is public by design (DESIGN §2, §8): its API under /api/lg/ and the web pages
 * outside /api, /portal (members) and /admin (staff) must answer without a token.
 */
const isLookingGlass = (r: RouteEntry) => r.path.startsWith('/api/lg/');
const isPublicPage = (r: RouteEntry) => !/^\/(api|portal|admin)(\/|$)/.test(r.path);
const isPublicByDesign = (r: RouteEntry) =>
  PUBLIC_ROUTES.includes(key(r)) || isLookingGlass(r) || isPublicPage(r);
/** The JSON API, documented in OpenAPI; web pages are HTML and are not. */
const isJsonApi = (r: RouteEntry) => r.path.startsWith('/api/');

/** The OpenAPI UI, its assets and the document itself are public too (Swagger UI serves them, not Nest). */
const isDocs = (r: RouteEntry) => /^\/api\/docs([/-]|$)/.test(r.path);

function send(t: ApiTestApp, route: RouteEntry, authorization?: string) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'put';
  const request = t.http[method](fill(route.path));
  if (authorization) request.set('Authorization', authorization);
  return route.method === 'GET' || route.method === 'DELETE' ? request : request.send({});
}

describe('every route is guarded', () => {
  let t: ApiTestApp;
  let appRoutes: RouteEntry[];
  let docsRoutes: RouteEntry[];

  beforeAll(async () => {
    t = await startApiTestApp();
    const routes = servedRoutes(t.app);
    appRoutes = routes.filter((r) => !isDocs(r));
    docsRoutes = routes.filter(isDocs);
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds all the routes the server answers (so the checks below see them)', () => {
    const keys = appRoutes.map(key);
    for (const expected of [
      'GET /api/v1/members',
      'GET /api/v1/members/:asn',
      'PATCH /api/v1/members/:asn',
      'DELETE /api/v1/member-interfaces/:id',
      'POST /api/v1/sessions/:id/enable',
      'POST /api/v1/ixf/import',
      'GET /api/v1/audit',
      'POST /api/v1/auth/tokens',
    ]) {
      expect(keys).toContain(expected);
    }
    expect(appRoutes.length).toBeGreaterThanOrEqual(28);
  });

  it('answers 401 with the error JSON on every non-public route when no token is sent', async () => {
    const open: string[] = [];
    for (const route of appRoutes) {
      const res = await send(t, route);
      if (res.status === 401) {
        expect(res.body).toEqual({
          error: { code: 'unauthorized', message: expect.any(String), status: 401 },
        });
        expect(res.headers['www-authenticate']).toBe('Bearer realm="ixora"');
      } else {
        open.push(key(route));
      }
    }
    expect(open.sort()).toEqual(appRoutes.filter(isPublicByDesign).map(key).sort());
  });

  it('answers 401 on every non-public route for a wrong, a malformed and a non-Bearer credential', async () => {
    const guarded = appRoutes.filter((r) => !isPublicByDesign(r));
    const wrongToken = `Bearer ixora_0123456789ab_${'A'.repeat(43)}`;
    const realTokenOtherScheme = `Basic ${t.users.admin.token}`;
    for (const authorization of [wrongToken, 'Bearer not-a-token', realTokenOtherScheme]) {
      for (const route of guarded) {
        const res = await send(t, route, authorization);
        expect({ route: key(route), authorization, status: res.status }).toEqual({
          route: key(route),
          authorization,
          status: 401,
        });
      }
    }
  });

  it('stops answering a token once it is revoked', async () => {
    const user = await t.addUser('revoked@network2.example.net', 'member_user', 64498);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${user.token}`).expect(200);
    await t.db.dataSource.query(`UPDATE api_token SET revoked_at = now() WHERE token_prefix = $1`, [
      user.token.split('_')[1],
    ]);
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${user.token}`).expect(401);
  });

  it('documents every served API route in the OpenAPI document at /api/docs-json', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
    const served = appRoutes.filter(isJsonApi).map(key).sort();
    expect(documented).toEqual(served);
    // Bodies and queries come from the zod schemas: fields, enums and the bearer scheme are there.
    const memberPost = doc.paths['/api/v1/members']!.post as {
      requestBody: { content: Record<string, { schema: { properties: object } }> };
    };
    expect(Object.keys(memberPost.requestBody.content['application/json']!.schema.properties)).toEqual(
      expect.arrayContaining(['asn', 'name', 'asSets', 'maxPrefixV4']),
    );
    const sessionsGet = doc.paths['/api/v1/sessions']!.get as { parameters: { name: string; in: string }[] };
    expect(sessionsGet.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['query:limit', 'query:offset', 'query:memberAsn', 'query:routeServer']),
    );
    // Bearer everywhere except on the public operations.
    expect((doc as unknown as { security: unknown }).security).toEqual([{ bearer: [] }]);
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([m, op]) => ({
        key: `${m.toUpperCase()} ${path}`,
        op: op as { security?: unknown; responses: object },
      })),
    );
    const publicOps = operations
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map(({ key }) => key);
    expect(publicOps.sort()).toEqual(
      appRoutes
        .filter((r) => isJsonApi(r) && isPublicByDesign(r))
        .map((r) => key(r).replace(/:(\w+)/g, '{$1}'))
        .sort(),
    );
    for (const { key, op } of operations) {
      expect({ key, has401: '401' in op.responses }).toEqual({ key, has401: !publicOps.includes(key) });
    }
  });

  it('serves only GET routes under /api/docs, none of them behind the token guard', async () => {
    expect(docsRoutes.map(key)).toEqual(
      expect.arrayContaining(['GET /api/docs', 'GET /api/docs-json', 'GET /api/docs-yaml']),
    );
    for (const route of docsRoutes) {
      expect(route.method).toBe('GET');
      const res = await send(t, route);
      expect({ route: key(route), isGuarded: res.status === 401 || res.status === 403 }).toEqual({
        route: key(route),
        isGuarded: false,
      });
    }
  });

  it('serves the OpenAPI UI at /api/docs', async () => {
    const res = await t.http.get('/api/docs').redirects(1);
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });
});

describe('public routes', () => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports health with the database state', async () => {
    expect((await t.http.get('/api/v1/health').expect(200)).body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('publishes the IX-F Member Export without a token', async () => {
    const res = await t.http.get('/api/v1/ixf/export').expect(200);
    expect(res.body.version).toBe('1.0');
    expect((res.body.member_list as { asnum: number }[]).map((m) => m.asnum)).toEqual([
      64496, 64497, 64498, 64499,
    ]);
  });
});
