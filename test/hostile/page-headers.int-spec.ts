import {
  describeWithChromium,
  LAB_BOGON_ASN_REASON,
  launchTestChromium,
  newRecordingPage,
  violationsOf,
} from '@ixora/testing';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BirdReplayServer } from '@ixora/bird-client';
import { cliActor, MemberService, RouteServer } from '@ixora/domain';
import { LookingGlassService, recordedSocketAnswers } from '@ixora/looking-glass';
import { findWebTemplatesDir } from '../../apps/api/src/pages/page.renderer.js';
import { checkPageTemplate } from '../../apps/api/src/pages/show.helper.js';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';
import { servedRoutes } from '../../apps/api/src/testing/routes.js';
import { listenOnLoopback } from '../../apps/api/src/web/web.browser-test.helper.js';

/**
 * Issue 11 item 16: every page and API answer carries the security headers (a CSP without inline
 * style or script, nosniff, no framing, Referrer-Policy); a member's name with a right-to-left
 * override or another hidden character shows as a visible escape; and in headless Chromium the
 * looking-glass pages load under that CSP without a violation, styled by their stylesheet file.
 */

/** The member the replayed BIRD knows as AS65001_1, named to flip the text after it right to left. */
const HOSTILE_ASN = 65001;
const HOSTILE_NAME = 'Evil\u202Egnp.exe <b>\u2066x\u2069</b>';
const HOSTILE_SHOWN = 'Evil\\u202Egnp.exe &lt;b&gt;\\u2066x\\u2069&lt;/b&gt;';
const HIDDEN_CHARACTERS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

const SAMPLE: Record<string, string> = {
  asn: '64496',
  id: '1',
  name: 'rs1',
  shortname: 'EX-IX',
  routeServerId: 'rs1',
  neighborId: 'AS65001_1',
};
const fill = (route: string): string => route.replace(/:(\w+)/g, (_, name: string) => SAMPLE[name] ?? '1');

/** A Content-Security-Policy header as directive -> sources. */
function directives(header: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...sources] = part.split(/\s+/);
        return [name, sources.join(' ')];
      }),
  );
}

const PAGE_POLICY = {
  'default-src': "'none'",
  'style-src': "'self'",
  'img-src': "'self'",
  'form-action': "'self'",
  'base-uri': "'none'",
  'frame-ancestors': "'none'",
};

function expectSecurityHeaders(what: string, headers: Record<string, string | undefined>): void {
  const found = {
    what,
    nosniff: headers['x-content-type-options'],
    frameOptions: headers['x-frame-options'],
    referrer: headers['referrer-policy'],
    frameAncestors: directives(headers['content-security-policy'])['frame-ancestors'],
  };
  expect(found).toEqual({
    what,
    nosniff: 'nosniff',
    frameOptions: 'DENY',
    referrer: 'no-referrer',
    frameAncestors: "'none'",
  });
}

async function templatesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.hbs'))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('hostile: page security headers and hidden characters', () => {
  let t: ApiTestApp;
  let bird: BirdReplayServer;
  let dir: string;
  let admin: [string, string];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-page-headers-'));
    bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), recordedSocketAnswers());
    t = await startApiTestApp();
    admin = bearer(t.users.admin);
    await t.db.dataSource
      .getRepository(RouteServer)
      .update({ name: 'rs1' }, { socketPath: bird.socketPath, asn: 65000 });
    await new MemberService(t.db.dataSource).create(cliActor('test'), {
      asn: HOSTILE_ASN,
      name: HOSTILE_NAME,
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await t.app.get(LookingGlassService).refresh();
  });

  afterAll(async () => {
    await t?.close();
    await bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('every GET route answers with the headers, with and without a token', async () => {
    const routes = servedRoutes(t.app).filter((route) => route.method === 'GET');
    expect(routes.length).toBeGreaterThan(30);
    const statuses = new Map<string, number>();
    for (const route of routes) {
      for (const token of [undefined, admin]) {
        const request = t.http.get(fill(route.path));
        const res = await (token ? request.set(...token) : request);
        expectSecurityHeaders(`GET ${route.path} ${token ? 'as staff' : 'without a token'}`, res.headers);
        if (token) statuses.set(route.path, res.status);
      }
    }
    // The routes answered for real, not only with errors.
    for (const route of [
      '/',
      '/search',
      '/routeservers/:routeServerId/neighbors/:neighborId',
      '/assets/ixora.css',
      '/api/v1/members',
      '/api/v1/members/:asn',
      '/api/lg/v1/routeservers/:routeServerId/neighbors',
      '/api/docs-json',
    ])
      expect([route, statuses.get(route)]).toEqual([route, 200]);
  });

  it('pages and the API get the strict policy: no script, no inline style, same-origin stylesheets', async () => {
    for (const url of ['/', '/search?q=10.1.2.77', '/api/v1/health', '/api/lg/v1/routeservers']) {
      const res = await t.http.get(url).expect(200);
      expect([url, directives(res.headers['content-security-policy'])]).toEqual([url, PAGE_POLICY]);
    }
  });

  it('the OpenAPI UI may run its own same-origin scripts, never inline ones, and is not framed', async () => {
    const res = await t.http.get('/api/docs/').expect(200);
    const policy = directives(res.headers['content-security-policy']);
    expect(policy['script-src']).toBe("'self'");
    expect(policy['frame-ancestors']).toBe("'none'");
    expectSecurityHeaders('/api/docs/', res.headers);
  });

  it.each([
    ['an unmatched path', () => t.http.get('/no/such/page'), 404],
    ['a NUL byte in the path', () => t.http.get('/routeservers/rs1%00'), 400],
    ['a missing token', () => t.http.get('/api/v1/members'), 401],
    ['an unknown neighbor page', () => t.http.get('/routeservers/rs1/neighbors/AS1_1'), 400],
    [
      'a body too large before sign-in',
      () =>
        t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('x'.repeat(100_000)),
      413,
    ],
  ] as const)('errors carry them too: %s', async (what, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expectSecurityHeaders(what, res.headers);
    expect(directives(res.headers['content-security-policy'])).toEqual(PAGE_POLICY);
  });

  it('the stylesheet is CSS, cached for good at its versioned address, revalidated at the plain one', async () => {
    const page = await t.http.get('/').expect(200);
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page.text)?.[1]?.replace(/&#x3D;/g, '=');
    expect(href).toMatch(/^\/assets\/ixora\.css\?v=[0-9a-f]{16}$/);
    const versioned = await t.http.get(href!).expect(200);
    expect(versioned.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const css = await readFile(path.join(findWebTemplatesDir(), 'ixora.css'), 'utf8');
    expect(versioned.text).toBe(css);
    const plain = await t.http.get('/assets/ixora.css').expect(200);
    expect(plain.headers['cache-control']).toBe('public, no-cache');
    const etag = plain.headers['etag'];
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    await t.http.get('/assets/ixora.css').set('if-none-match', etag!).expect(304);
    expect((await t.http.get('/assets/ixora.css?v=0000').expect(200)).headers['cache-control']).toBe(
      'public, no-cache',
    );
  });

  it("a member's name with a right-to-left override shows the override as an escape, on the index and its neighbor page", async () => {
    for (const url of ['/', '/routeservers/rs1/neighbors/AS65001_1']) {
      const res = await t.http.get(url).expect(200);
      expect(res.text).toContain(`AS${HOSTILE_ASN} ${HOSTILE_SHOWN}`);
      expect(res.text).not.toMatch(HIDDEN_CHARACTERS);
      expect(res.text).not.toContain('<b>');
    }
    // The API keeps the name as the member wrote it: escaping is the page's business.
    const api = await t.http
      .get('/api/lg/v1/routeservers/rs1/neighbors/AS65001_1/routes/received')
      .expect(200);
    expect((api.body as { neighbor: { description: string } }).neighbor.description).toBe(
      `AS${HOSTILE_ASN} ${HOSTILE_NAME}`,
    );
  });

  it('search echoes a query with hidden characters escaped', async () => {
    const res = await t.http.get('/search').query({ q: '10.1.2.77\u202E' }).expect(400);
    expect(res.text).toContain('10.1.2.77\\u202E');
    expect(res.text).not.toMatch(HIDDEN_CHARACTERS);
  });

  it('every template under templates/web prints only through {{show}}', async () => {
    const root = findWebTemplatesDir();
    const files = await templatesUnder(root);
    expect(files).toEqual(expect.arrayContaining(['layout.hbs', 'index.hbs', 'routes.partial.hbs']));
    for (const file of files) {
      const source = await readFile(path.join(root, file), 'utf8');
      expect(() =>
        checkPageTemplate(file, source, { rawAllowed: path.basename(file) === 'layout.hbs' ? ['body'] : [] }),
      ).not.toThrow();
    }
  });
});

describeWithChromium('hostile: the looking-glass pages under their CSP in headless Chromium', () => {
  let t: ApiTestApp;
  let bird: BirdReplayServer;
  let browser: Browser;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-page-csp-'));
    bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), recordedSocketAnswers());
    t = await startApiTestApp();
    await t.db.dataSource
      .getRepository(RouteServer)
      .update({ name: 'rs1' }, { socketPath: bird.socketPath, asn: 65000 });
    await new MemberService(t.db.dataSource).create(cliActor('test'), {
      asn: HOSTILE_ASN,
      name: HOSTILE_NAME,
      allowBogonAsn: LAB_BOGON_ASN_REASON,
    });
    await t.app.get(LookingGlassService).refresh();
    base = await listenOnLoopback(t);
    browser = await launchTestChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  interface Visit {
    readonly page: Page;
    readonly status: number | undefined;
    readonly violations: string[];
  }

  /** Opens `url` and returns CSP violations from both the DOM event and the console. */
  async function visit(url: string): Promise<Visit> {
    const page = await newRecordingPage(browser, [base], { width: 1280, height: 720 });
    const response = await page.goto(`${base}${url}`, { waitUntil: 'load' });
    return { page, status: response?.status(), violations: await violationsOf(page) };
  }

  it('notices a violation when there is one (an inline style under the same policy)', async () => {
    const policy = (await fetch(`${base}/`)).headers.get('content-security-policy') ?? '';
    const page = await newRecordingPage(browser, [base], { width: 1280, height: 720 });
    const consoleViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) consoleViolations.push(message.text());
    });
    await page.route(`${base}/csp-probe`, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html', 'content-security-policy': policy },
        body: '<!doctype html><html><head><style>body { margin: 0 }</style></head><body>x</body></html>',
      }),
    );
    await page.goto(`${base}/csp-probe`, { waitUntil: 'load' });
    expect(await page.evaluate<string[]>('window.__violations')).toEqual(['style-src-elem inline']);
    expect(consoleViolations.length).toBeGreaterThan(0);
    await page.context().close();
  });

  it.each([
    ['the route servers', '/', 200],
    ['a neighbor page', '/routeservers/rs1/neighbors/AS65001_1', 200],
    ['search', '/search?q=10.1.2.77', 200],
    ['an error page', '/search?q=%3Cscript%3E', 400],
  ])('%s load with no CSP violation, styled by the stylesheet', async (_, url, status) => {
    const { page, status: answered, violations } = await visit(url);
    expect(answered).toBe(status);
    expect(violations).toEqual([]);
    const styled = await page.evaluate<{
      sheets: number;
      rules: number;
      bodyMargin: string;
      headerDisplay: string;
      font: string;
    }>(`({
      sheets: document.styleSheets.length,
      rules: document.styleSheets[0] ? document.styleSheets[0].cssRules.length : 0,
      bodyMargin: getComputedStyle(document.body).margin,
      headerDisplay: getComputedStyle(document.querySelector('header')).display,
      font: getComputedStyle(document.body).fontSize,
    })`);
    expect(styled).toEqual({
      sheets: 1,
      rules: expect.any(Number),
      bodyMargin: '0px',
      headerDisplay: 'flex',
      font: '15px',
    });
    expect(styled.rules).toBeGreaterThan(10);
    await page.context().close();
  });

  it('the OpenAPI UI runs under its own policy without a violation', async () => {
    const { page, status, violations } = await visit('/api/docs/');
    expect(status).toBe(200);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
    expect(violations).toEqual([]);
    // Swagger UI renders after the load event: look again once it has.
    expect(await page.evaluate<string[]>('window.__violations')).toEqual([]);
    await page.context().close();
  });

  it("shows the member's name with the override as visible text", async () => {
    const { page, violations } = await visit('/routeservers/rs1/neighbors/AS65001_1');
    expect(violations).toEqual([]);
    const heading = (await page.locator('h1').textContent()) ?? '';
    expect(heading).not.toMatch(HIDDEN_CHARACTERS);
    expect(heading).toContain(`AS${HOSTILE_ASN} Evil\\u202Egnp.exe <b>\\u2066x\\u2069</b>`);
    await page.context().close();
  });
});
