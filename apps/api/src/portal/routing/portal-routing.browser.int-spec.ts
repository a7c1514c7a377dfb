import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  launchTestChromium,
  TEST_CHROMIUM_PATH,
} from '@ixora/testing';
import { startRoutingTestApp, type RoutingTestApp } from './portal-routing.test-helper.js';

// A member signs in in headless Chromium and reads on /portal/routes why a route was filtered and
// what to do about it, under the app's strict CSP, by keyboard-reachable controls, at 360 px.

const describeWithChromium = existsSync(TEST_CHROMIUM_PATH) ? describe : describe.skip;
if (!existsSync(TEST_CHROMIUM_PATH))
  console.log(
    `portal routes browser test skipped: ${TEST_CHROMIUM_PATH} is missing (apt-get install chromium)`,
  );

const RECORD_VIOLATIONS = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__violations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
  });
`;

describeWithChromium('portal routes and hygiene in headless Chromium', () => {
  let t: RoutingTestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startRoutingTestApp();
    await t.api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.api.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchTestChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.route('**/*', (route) =>
      route.request().url().startsWith(base) ? route.continue() : route.abort(),
    );
    await page.addInitScript(RECORD_VIOLATIONS);
    return page;
  }

  /** Screenshots for a person to look at, when IXORA_SCREENSHOT_DIR names a folder. */
  async function shoot(page: Page, name: string): Promise<void> {
    const dir = process.env['IXORA_SCREENSHOT_DIR'];
    if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
  }

  it('a member reads a filtered route’s reason and fix, filters by state, and reads its hygiene', async () => {
    const page = await newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail address').fill(t.one.email);
    await page.getByLabel('Password').fill(t.one.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/portal`);

    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Routes' }).click();
    await page.waitForURL(`${base}/portal/routes`);
    await page.getByLabel('Show').selectOption('filtered');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(`${base}/portal/routes?session=&state=filtered`);
    const route = page.locator('li.route', { hasText: '203.0.113.0/24' });
    await expect(route.textContent()).resolves.toContain("Why: prefix is not in the member's IRR data");
    await expect(route.textContent()).resolves.toContain(
      'What to do: No route object for 203.0.113.0/24 with origin AS65001 in the IRR data of AS-ONE (read from RIPE and RADB): create one in RIPE or RADB',
    );
    const rpki = page.locator('li.route', { hasText: '198.51.100.0/24' });
    await expect(rpki.textContent()).resolves.toContain(
      'What to do: The ROA for 198.51.100.0/23 allows AS65001 up to /23',
    );
    await expect(page.locator('li.route').count()).resolves.toBe(4);
    await expectFitsWidth(page, 360);
    await expectNoSeriousAxeViolations(page);
    await shoot(page, 'portal-routes.png');

    await page.goto(`${base}/portal/hygiene`);
    await expect(page.locator('ol.todos').textContent()).resolves.toContain(
      'This IRR route object is announced to no route server: 10.9.0.0/24',
    );
    await expectFitsWidth(page, 360);
    await expectNoSeriousAxeViolations(page);
    await shoot(page, 'portal-hygiene.png');
    expect(await page.evaluate<string[]>('window.__violations ?? []')).toEqual([]);
    await page.context().close();
  });
});
