import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { BirdReplayServer } from '@ixora/bird-client';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  describeWithChromium,
  launchTestChromium,
  newRecordingPage,
  TestClock,
} from '@ixora/testing';
import { MEMBER_B, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';
import { listenOnLoopback, signInThroughForm } from '../web/web.browser-test.helper.js';
import { WEB_ENV } from '../web/web.test-helper.js';
import { sessionsOf, startRecordedRouteServers, type PortalSessions } from './portal.test-helper.js';

// A member_admin in headless Chromium: signs in, reads its sessions' live state on the portal's
// home page (the looking glass reading BIRD's recorded replies), disables and re-enables a
// session on the sessions page, creates an API token on the users page; every page passes
// axe-core and fits a 360 px wide screen. The same browser is refused another member's session and
// a staff page (404), and a form another site makes it post without the form token (403).

describeWithChromium('member portal in headless Chromium', () => {
  let api: ApiTestApp;
  let browser: Browser;
  let bird: BirdReplayServer;
  let dir: string;
  let base: string;
  let ids: PortalSessions;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-portal-browser-'));
    api = await startApiTestApp({ clock: new TestClock(), env: WEB_ENV });
    ids = await sessionsOf(api);
    bird = await startRecordedRouteServers(api, dir, ids);
    base = await listenOnLoopback(api);
    browser = await launchTestChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** axe-core and 360 px; a full-page screenshot in IXORA_SCREENSHOT_DIR when set (for review). */
  async function checkPage(page: Page): Promise<void> {
    await expectNoSeriousAxeViolations(page);
    await expectFitsWidth(page, 360);
    const shots = process.env['IXORA_SCREENSHOT_DIR'];
    if (shots) {
      const name = new URL(page.url()).pathname.replace(/\W+/g, '-').replace(/^-|-$/g, '');
      await page.screenshot({ path: path.join(shots, `${name}-360.png`), fullPage: true });
    }
  }

  it('shows a member its sessions with state and counts, and lets it disable and enable one', async () => {
    const page = await newRecordingPage(browser, [base]);
    await signInThroughForm(page, base, api.users.adminA);
    await page.waitForURL(`${base}/portal`);

    const row = page.locator(`tr[data-session="${ids.a4}"]`);
    await expect(row.locator('td.state').textContent()).resolves.toBe('Established');
    await expect(row.locator('td.max-prefix').textContent()).resolves.toContain('7 / 8 (87 %)');
    await expect(row.locator('td.max-prefix .warning').count()).resolves.toBe(1);
    await expect(page.getByText('Route server rs2 could not be read just now').count()).resolves.toBe(1);
    await checkPage(page);

    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Sessions' }).click();
    await page.waitForURL(`${base}/portal/sessions`);
    await checkPage(page);
    const session = page.locator('section.session', { has: page.locator(`#session-${ids.a4}`) });
    await session.getByRole('button', { name: 'Disable this session' }).click();
    await page.waitForURL(`${base}/portal/sessions?done=disable`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('next config build');
    await expect(session.locator('dd.state').textContent()).resolves.toBe('disabled');
    await checkPage(page);
    await session.getByRole('button', { name: 'Enable this session' }).click();
    await page.waitForURL(`${base}/portal/sessions?done=enable`);
    await expect(session.locator('dd.state').textContent()).resolves.toBe('enabled');

    await page.goto(`${base}/portal`);
    await expect(row.locator('td.state').textContent()).resolves.toBe('Established');

    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(`${base}/portal/users`);
    await checkPage(page);
    await page.getByLabel('Name (what it is for)').fill('monitoring');
    await page.getByRole('button', { name: 'Create the token' }).click();
    await expect(page.locator('code.new-token').textContent()).resolves.toMatch(/^ixora_/);
    await checkPage(page);
    await page.context().close();
  });

  it("refuses another member's pages and sessions (404) and a form posted from another site (403)", async () => {
    const isEnabled = async (id: number): Promise<boolean> => {
      const [row] = await api.db.dataSource.query<{ is_enabled: boolean }[]>(
        `SELECT is_enabled FROM route_server_session WHERE id = $1`,
        [id],
      );
      return row!.is_enabled;
    };
    // Another site on this machine whose page posts a form at the portal, without the form token.
    const attacker: Server = createServer((_request, response) => {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(
        `<!doctype html><title>prize</title><form method="post" action="${base}/portal/sessions/${ids.a4}/disable">` +
          `<button type="submit">Claim your prize</button></form>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const attackerBase = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    const page = await newRecordingPage(browser, [base, attackerBase]);
    try {
      await signInThroughForm(page, base, api.users.adminA);
      await page.waitForURL(`${base}/portal`);

      // A staff page and another member's session, with this browser's own valid form token.
      expect((await page.goto(`${base}/admin/members/AS${MEMBER_B}`))?.status()).toBe(404);
      await expect(page.locator('h1').textContent()).resolves.toBe('Not found');
      await page.goto(`${base}/portal/sessions`);
      const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value');
      const other = await page.request.post(`${base}/portal/sessions/${ids.b4}/disable`, {
        form: { _csrf: csrf ?? '' },
        maxRedirects: 0,
      });
      expect(other.status()).toBe(404);
      expect(await isEnabled(ids.b4)).toBe(true);
      // The member's own session with the same token: the form works (then undone).
      const own = await page.request.post(`${base}/portal/sessions/${ids.a4}/disable`, {
        form: { _csrf: csrf ?? '' },
        maxRedirects: 0,
      });
      expect(own.status()).toBe(303);
      expect(await isEnabled(ids.a4)).toBe(false);
      await page.request.post(`${base}/portal/sessions/${ids.a4}/enable`, {
        form: { _csrf: csrf ?? '' },
        maxRedirects: 0,
      });
      expect(await isEnabled(ids.a4)).toBe(true);

      // The signed-in browser visits the other site and submits its form: the cookie goes along,
      // the form token does not.
      await page.goto(`${attackerBase}/`);
      const [answer] = await Promise.all([
        page.waitForResponse((response) => response.url().startsWith(`${base}/portal/sessions/`)),
        page.getByRole('button', { name: 'Claim your prize' }).click(),
      ]);
      expect(answer.status()).toBe(403);
      await expect(page.locator('h1').textContent()).resolves.toBe('The form was refused');
      expect(await isEnabled(ids.a4)).toBe(true);
    } finally {
      await page.context().close();
      await new Promise<void>((resolve) => attacker.close(() => resolve()));
    }
  });
});
