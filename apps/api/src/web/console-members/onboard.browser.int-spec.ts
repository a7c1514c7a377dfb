import type { Browser, Page } from 'playwright-core';
import {
  expectFitsWidth,
  describeWithChromium,
  expectNoSeriousAxeViolations,
  LAB_BOGON_ASN_REASON,
  launchTestChromium,
  newRecordingPage,
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  TestClock,
  violationsOf,
  type PeeringDbTestServer,
} from '@ixora/testing';
import { startApiTestApp, type ApiTestApp } from '../../testing/api-test.app.js';
import { listenOnLoopback } from '../web.browser-test.helper.js';
import { WEB_ENV } from '../web.test-helper.js';
import { HARBOUR_LINK, signInStaff } from './console.test-helper.js';

// The onboarding wizard from end to end in headless Chromium against the test PeeringDB server:
// staff look a network up, take the address PeeringDB lists, name the port, read the readiness
// report and create the member; then the members list, the member's page, the users and the
// audit log. Every page is checked with axe-core and at 360 px, under the app's own CSP.

describeWithChromium('the onboarding wizard in headless Chromium', () => {
  let api: ApiTestApp;
  let pdb: PeeringDbTestServer;
  let browser: Browser;
  let base: string;
  const clock = new TestClock();

  beforeAll(async () => {
    pdb = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR, objects: HARBOUR_LINK });
    api = await startApiTestApp({ clock, env: { ...WEB_ENV, PEERINGDB_URL: pdb.url } });
    base = await listenOnLoopback(api);
    browser = await launchTestChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await pdb?.close();
  });

  /** A staff browser: signed in (with its second factor) the way the sign-in pages do it. */
  async function staffPage(): Promise<Page> {
    const { cookie } = await signInStaff(api, clock);
    const name = cookie.slice(0, cookie.indexOf('='));
    const value = cookie.slice(cookie.indexOf('=') + 1);
    const page = await newRecordingPage(browser, [base]);
    await page.context().addCookies([{ name, value, url: base }]);
    return page;
  }

  async function checkPage(page: Page): Promise<void> {
    await expectNoSeriousAxeViolations(page);
    await expectFitsWidth(page, 360);
    await page.setViewportSize({ width: 1024, height: 768 });
  }

  it('onboards AS64505 from PeeringDB and shows it in the console', async () => {
    const page = await staffPage();
    await page.goto(`${base}/admin`);
    expect(page.url()).toBe(`${base}/admin`);
    await page
      .getByRole('navigation', { name: 'Staff console' })
      .getByRole('link', { name: 'Onboard' })
      .click();
    await page.waitForURL(`${base}/admin/onboard`);
    await checkPage(page);

    await page.getByLabel('ASN', { exact: true }).fill('AS64505');
    await page.getByLabel('Reason to allow a bogon ASN (optional)').fill(LAB_BOGON_ASN_REASON);
    await page.getByRole('button', { name: 'Look up in PeeringDB' }).click();
    await page.waitForURL(`${base}/admin/onboard/preview`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Onboard AS64505');
    await expect(page.locator('main').textContent()).resolves.toContain('Harbour Link');
    await checkPage(page);
    // PeeringDB's address on this exchange is preselected; a free one is offered beside it.
    await expect(page.getByRole('radio', { name: /192\.0\.2\.50 in PeeringDB/ }).isChecked()).resolves.toBe(
      true,
    );
    await expect(page.getByRole('radio', { name: /2001:db8::50 in PeeringDB/ }).isChecked()).resolves.toBe(
      true,
    );
    await expect(page.getByRole('radio', { name: /192\.0\.2\.2 free/ }).count()).resolves.toBe(1);
    await expect(page.getByLabel('Max-prefix IPv4').inputValue()).resolves.toBe('14');
    await page.getByLabel('Port name').fill('et-0/0/9');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.waitForURL(`${base}/admin/onboard/review`);
    const review = (await page.locator('main').textContent()) ?? '';
    expect(review).toContain('rs1 IPv4, rs1 IPv6');
    expect(review).toContain('PeeringDB knows AS64505 as Harbour Link');
    await checkPage(page);

    await page.getByRole('button', { name: 'Create member' }).click();
    await page.waitForURL(`${base}/admin/members/AS64505?onboarded=1`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('were created');
    await expect(page.locator('#readiness').isVisible()).resolves.toBe(true);
    await checkPage(page);
    const [port] = await api.db.dataSource.query<{ port_name: string; speed_mbps: number }[]>(
      `SELECT p.port_name, p.speed_mbps FROM port p JOIN member m ON m.id = p.member_id WHERE m.asn = 64505`,
    );
    expect(port).toEqual({ port_name: 'et-0/0/9', speed_mbps: 10000 });

    await page
      .getByRole('navigation', { name: 'Staff console' })
      .getByRole('link', { name: 'Members' })
      .click();
    await page.waitForURL(`${base}/admin/members`);
    await page.getByLabel('Status').selectOption('onboarding');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(`${base}/admin/members?**`);
    await expect(page.getByRole('link', { name: 'AS64505' }).count()).resolves.toBe(1);
    await checkPage(page);

    for (const path of ['/admin/users', '/admin/audit?what=member.create']) {
      await page.goto(`${base}${path}`);
      await checkPage(page);
    }
    await expect(page.locator('main').textContent()).resolves.toContain('member.create');
    expect(await violationsOf(page)).toEqual([]);
    await page.context().close();
  });
});
