import {
  describeWithChromium,
  LAB_BOGON_ASN_REASON,
  launchTestChromium,
  newRecordingPage,
} from '@ixora/testing';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BirdReplayServer } from '@ixora/bird-client';
import { cliActor, MemberService, RouteServer } from '@ixora/domain';
import { LookingGlassService, recordedSocketAnswers } from '@ixora/looking-glass';
import { startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';
import { listenOnLoopback } from '../web/web.browser-test.helper.js';

// The looking-glass pages in headless Chromium (Debian `chromium`), on a phone-sized and a desktop
// viewport, over BIRD 2.0.12 recordings on a replay socket. Screenshots go to a temp dir; the
// assertions are on the page content.

describeWithChromium('looking-glass pages in headless Chromium', () => {
  let api: ApiTestApp;
  let bird: BirdReplayServer;
  let browser: Browser;
  let dir: string;
  let shots: string;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-pages-'));
    // IXORA_SCREENSHOT_DIR keeps the screenshots for a person to look at.
    shots = process.env['IXORA_SCREENSHOT_DIR'] ?? dir;
    await mkdir(shots, { recursive: true });
    bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), recordedSocketAnswers());
    api = await startApiTestApp();
    await api.db.dataSource
      .getRepository(RouteServer)
      .update({ name: 'rs1' }, { socketPath: bird.socketPath, asn: 65000 });
    // A description with markup: the pages must show it as text.
    await new MemberService(api.db.dataSource).create(cliActor('test'), {
      asn: 65003,
      name: 'Member Three',
      allowBogonAsn: LAB_BOGON_ASN_REASON,
      isHiddenFromPublic: true,
    });
    await api.app.get(LookingGlassService).refresh();
    base = await listenOnLoopback(api);
    browser = await launchTestChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(url: string, viewport: { width: number; height: number }): Promise<Page> {
    // Nothing on the pages may reach beyond the server itself.
    const page = await newRecordingPage(browser, [base], viewport);
    const response = await page.goto(`${base}${url}`);
    expect(response?.status()).toBe(200);
    return page;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    const file = path.join(shots, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect((await stat(file)).size).toBeGreaterThan(1000);
  }

  it('/ lists the route server and its public neighbors', async () => {
    const page = await open('/', { width: 1280, height: 800 });
    await screenshot(page, 'index-desktop');
    await expect(page.locator('h2').first().textContent()).resolves.toContain('rs1');
    const rows = page.locator('table.neighbors tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toContain('Member One Ltd');
    await expect(page.locator('body').textContent()).resolves.not.toContain('AS65003');
    await page.context().close();
  });

  it('is readable on a phone: no horizontal page overflow', async () => {
    const page = await open('/', { width: 375, height: 740 });
    await screenshot(page, 'index-phone');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('a neighbor page shows accepted routes and filtered routes with their reasons', async () => {
    const page = await open('/', { width: 1280, height: 800 });
    await page.locator('table.neighbors a', { hasText: 'AS65001' }).click();
    await page.waitForURL(/\/routeservers\/rs1\/neighbors\/AS65001_1/);
    await screenshot(page, 'neighbor');
    await expect(page.locator('h1').textContent()).resolves.toBe('AS65001 Member One Ltd');
    const filtered = page.locator('table.routes').first().locator('tbody tr');
    await expect(filtered.count()).resolves.toBe(2);
    await expect(filtered.nth(0).locator('td.reason').textContent()).resolves.toBe(
      'prefix is longer than allowed',
    );
    await expect(filtered.nth(1).locator('td.reason').textContent()).resolves.toContain('bogon prefix');
    await expect(page.locator('table.routes').nth(1).textContent()).resolves.toContain('10.1.3.0/24');
    await page.context().close();
  });

  it('the search box finds a prefix across route servers', async () => {
    const page = await open('/', { width: 375, height: 740 });
    await page.fill('form.search input[name=q]', '10.1.2.77');
    await page.click('form.search button');
    await page.waitForURL(/\/search\?q=10\.1\.2\.77/);
    await screenshot(page, 'search');
    await expect(page.locator('body').textContent()).resolves.toContain('prefix is longer than allowed');
    await expect(page.locator('table.routes').textContent()).resolves.toContain('10.1.2.0/25');
    await page.context().close();
  });

  it('a bad search is a 400 page that shows the input as text', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(response?.status()).toBe(400);
    await expect(page.locator('p.error').textContent()).resolves.toContain('<script>');
    await expect(page.locator('script').count()).resolves.toBe(0);
    await page.context().close();
  });
});
