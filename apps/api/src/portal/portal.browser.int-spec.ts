import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { BirdReplayServer } from '@ixora/bird-client';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  launchTestChromium,
  TestClock,
  TEST_CHROMIUM_PATH,
} from '@ixora/testing';
import { startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';
import { WEB_ENV } from '../web/web.test-helper.js';
import { sessionsOf, startRecordedRouteServers, type PortalSessions } from './portal.test-helper.js';

// A member_admin in headless Chromium: signs in, reads its sessions' live state on the portal's
// home page (the looking glass reading BIRD's recorded replies), disables and re-enables a
// session on the sessions page, creates an API token on the users page; every page passes
// axe-core and fits a 360 px wide screen.

const describeWithChromium = existsSync(TEST_CHROMIUM_PATH) ? describe : describe.skip;
if (!existsSync(TEST_CHROMIUM_PATH))
  console.log(`portal browser test skipped: ${TEST_CHROMIUM_PATH} is missing (apt-get install chromium)`);

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
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
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
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.route('**/*', (route) =>
      route.request().url().startsWith(base) ? route.continue() : route.abort(),
    );
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail address').fill(api.users.adminA.email);
    await page.getByLabel('Password').fill(api.users.adminA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
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
    await context.close();
  });
});
