import type { Browser, Page } from 'playwright-core';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  describeWithChromium,
  launchTestChromium,
  newRecordingPage,
  TestClock,
  violationsOf,
} from '@ixora/testing';
import {
  MEMBER_A,
  MEMBER_B,
  startApiTestApp,
  type ApiTestApp,
  type TestUser,
} from '../../testing/api-test.app.js';
import { enrolInTwoFactor, listenOnLoopback, signInThroughForm } from '../../web/web.browser-test.helper.js';
import { mailText, startTestSmtpServer, WEB_ENV } from '../../web/web.test-helper.js';

// A bilateral peering request from end to end in headless Chromium: member A's admin sends it
// from the members directory, B's admin gets the mail through the test's SMTP server, signs in and
// accepts it, and A then sees it accepted and B as a bilateral peer. Every page is checked with
// axe-core and at 360 px, under the app's own CSP.

describeWithChromium('a peering request round trip in headless Chromium', () => {
  let api: ApiTestApp;
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let browser: Browser;
  let base: string;
  let adminB: TestUser;
  let clock: TestClock;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    clock = new TestClock();
    api = await startApiTestApp({
      clock,
      env: {
        ...WEB_ENV,
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'https://portal.ix.example.net',
        // Nothing listens there: the staff page must say the IRR query failed.
        IRR_HOST: '127.0.0.1:9',
      },
    });
    adminB = await api.addUser('admin@network1.example.net', 'member_admin', MEMBER_B);
    base = await listenOnLoopback(api);
    browser = await launchTestChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await smtp?.close();
  });

  async function signedInPage(user: TestUser, landing = '/portal'): Promise<Page> {
    const page = await newRecordingPage(browser, [base]);
    await signInThroughForm(page, base, user);
    await page.waitForURL(`${base}${landing}`);
    return page;
  }

  async function checkPage(page: Page): Promise<void> {
    await expectNoSeriousAxeViolations(page);
    await expectFitsWidth(page, 360);
    await page.setViewportSize({ width: 1024, height: 768 });
  }

  it('A asks B, B gets the mail and accepts, A sees B as a bilateral peer', async () => {
    const a = await signedInPage(api.users.adminA);
    await a.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Peers' }).click();
    await a.waitForURL(`${base}/portal/peers`);
    await checkPage(a);

    // The filters work by keyboard and form alone.
    await a.getByLabel('Name or ASN').fill(`AS${MEMBER_B}`);
    await a.getByRole('button', { name: 'Filter' }).click();
    await a.waitForURL(/\/portal\/peers\?/);
    await expect(a.locator('table.peers tbody tr').count()).resolves.toBe(1);

    await a.getByRole('link', { name: `Request peering with AS${MEMBER_B}` }).click();
    await a.waitForURL(`${base}/portal/peers/AS${MEMBER_B}/request`);
    await checkPage(a);
    await a.getByLabel('IPv6').uncheck();
    await a.getByLabel('Message').fill('Hello from AS64496: shall we peer over IPv4?');
    await a.getByRole('button', { name: 'Send request' }).click();
    await a.waitForURL(`${base}/portal/peers?sent=1#requests`);
    await expect(a.locator('main').textContent()).resolves.toContain('request sent');
    await checkPage(a);

    expect(smtp.mails.map((m) => m.to)).toEqual([[adminB.email]]);
    const mail = mailText(smtp.mails[0]!.raw);
    expect(mail).toContain(`AS${MEMBER_A} Example Network 0`);
    expect(mail).toContain(`asks AS${MEMBER_B}`);
    expect(mail).toContain('shall we peer over IPv4?');
    expect(mail).toContain('https://portal.ix.example.net/portal/peers');

    const b = await signedInPage(adminB);
    await b.goto(`${base}/portal/peers`);
    await checkPage(b);
    const received = b.locator('article.peering-request', { hasText: 'shall we peer over IPv4?' });
    await received.getByLabel(/Reply to AS64496/).fill('Welcome! Configured on our side.');
    await received.getByRole('button', { name: 'Accept' }).click();
    await b.waitForURL(`${base}/portal/peers#requests`);
    await expect(received.locator('.state').textContent()).resolves.toBe('accepted');
    await checkPage(b);

    await a.goto(`${base}/portal/peers`);
    const sent = a.locator('article.peering-request', { hasText: 'shall we peer over IPv4?' });
    await expect(sent.locator('.state').textContent()).resolves.toBe('accepted');
    await expect(sent.textContent()).resolves.toContain('Welcome! Configured on our side.');
    const rowOfB = a.locator('table.peers tbody tr', { hasText: `AS${MEMBER_B}` });
    await expect(rowOfB.textContent()).resolves.toContain('yes (request accepted)');
    await expect(a.locator('ul.bilateral').textContent()).resolves.toContain(`AS${MEMBER_B}`);
    await checkPage(a);
    if (process.env['IXORA_SCREENSHOT_DIR'])
      await a.screenshot({ path: `${process.env['IXORA_SCREENSHOT_DIR']}/portal-peers.png`, fullPage: true });
    expect(smtp.mails.map((m) => m.to)).toContainEqual([api.users.adminA.email]);
    expect([...(await violationsOf(a)), ...(await violationsOf(b))]).toEqual([]);
  });

  it('a member proposes a new AS-SET on /portal/requests and staff decide it on /admin/requests', async () => {
    const a = await signedInPage(api.users.adminA);
    await a.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Requests' }).click();
    await a.waitForURL(`${base}/portal/requests`);
    await checkPage(a);
    await a.getByLabel(/^AS-SETs/).fill('AS-EXAMPLE-NEW');
    await a.getByLabel('Why (for the exchange').fill('New downstream customers.');
    await a.getByRole('button', { name: 'Send to staff' }).click();
    await a.waitForURL(`${base}/portal/requests`);
    await expect(a.locator('article.member-request .state').first().textContent()).resolves.toBe('pending');
    await checkPage(a);

    // Staff sign in with a second factor: enrol, then the console.
    const staff = await newRecordingPage(browser, [base]);
    await signInThroughForm(staff, base, api.users.admin);
    await enrolInTwoFactor(staff, base, clock);
    await staff.goto(`${base}/admin/requests`);
    const pending = staff.locator('article.member-request', { hasText: 'AS-EXAMPLE-NEW' });
    await expect(pending.textContent()).resolves.toContain('The IRR query for the proposed AS-SETs failed');
    await checkPage(staff);
    await pending.getByLabel(/^Note for the member/).fill('Not in any IRR we query: register it first.');
    await pending.getByRole('button', { name: 'Decline' }).click();
    await staff.waitForURL(`${base}/admin/requests`);
    await expect(staff.locator('main').textContent()).resolves.toContain('No request is waiting.');
    await checkPage(staff);

    await a.reload();
    await expect(a.locator('main').textContent()).resolves.toContain('register it first');
    expect([...(await violationsOf(a)), ...(await violationsOf(staff))]).toEqual([]);
  });
});
