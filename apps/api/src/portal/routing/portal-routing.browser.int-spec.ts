import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  describeWithChromium,
  launchTestChromium,
  newRecordingPage,
  violationsOf,
} from '@ixora/testing';
import { listenOnLoopback, signInThroughForm } from '../../web/web.browser-test.helper.js';
import { startRoutingTestApp, type RoutingTestApp } from './portal-routing.test-helper.js';

// A member signs in in headless Chromium and reads on /portal/routes why a route was filtered and
// what to do about it, under the app's strict CSP, by keyboard-reachable controls, at 360 px.

describeWithChromium('portal routes and hygiene in headless Chromium', () => {
  let t: RoutingTestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startRoutingTestApp();
    base = await listenOnLoopback(t.api);
    browser = await launchTestChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Screenshots for a person to look at, when IXORA_SCREENSHOT_DIR names a folder. */
  async function shoot(page: Page, name: string): Promise<void> {
    const dir = process.env['IXORA_SCREENSHOT_DIR'];
    if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
  }

  it('a member reads a filtered route’s reason and fix, filters by state, and reads its hygiene', async () => {
    const page = await newRecordingPage(browser, [base], { width: 360, height: 740 });
    await signInThroughForm(page, base, t.one);
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
    expect(await violationsOf(page)).toEqual([]);
    await page.context().close();
  });
});
