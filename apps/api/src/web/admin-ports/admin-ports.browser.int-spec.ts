import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  describeWithChromium,
  launchTestChromium,
  newRecordingPage,
  TestClock,
} from '@ixora/testing';
import { MEMBER_B, startApiTestApp, type ApiTestApp } from '../../testing/api-test.app.js';
import { listenOnLoopback, signInStaffThroughForm } from '../web.browser-test.helper.js';
import { WEB_ENV } from '../web.test-helper.js';

// Staff add a port and an interface over it through the console in headless Chromium, by
// keyboard-reachable forms, under the app's strict CSP; the pages pass axe-core and fit 360 px.

describeWithChromium('console ports and interfaces in headless Chromium', () => {
  let api: ApiTestApp;
  let browser: Browser;
  let clock: TestClock;
  let base: string;
  let dir: string;
  let shots: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-console-ports-'));
    shots = process.env['IXORA_SCREENSHOT_DIR'] ?? dir;
    clock = new TestClock();
    api = await startApiTestApp({ clock, env: WEB_ENV });
    base = await listenOnLoopback(api);
    browser = await launchTestChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function signInStaff(): Promise<Page> {
    const page = await newRecordingPage(browser, [base]);
    await signInStaffThroughForm(page, base, api.users.admin, clock);
    return page;
  }

  it('creates a LAG port and an interface over it through the console', async () => {
    const page = await signInStaff();
    await page
      .getByRole('navigation', { name: 'Staff console' })
      .getByRole('link', { name: 'Ports' })
      .click();
    await page.waitForURL(`${base}/admin/ports`);
    await expectNoSeriousAxeViolations(page);

    await page.getByLabel('Member ASN', { exact: true }).last().fill(String(MEMBER_B));
    await page.locator('#port-switch').selectOption('sw2.kgl2');
    await page.getByLabel(/^Port name on the switch/).fill('ae9');
    await page.getByLabel('A LAG (link aggregation group)').check();
    await page.getByLabel(/^LAG member ports/).fill('et-0/0/8, et-0/0/9');
    await page.getByLabel(/^Speed of each link/).fill('100000');
    // Submitted by keyboard: Enter in the last text field.
    await page.getByLabel(/^Optic or medium/).fill('100GBASE-LR4');
    await page.getByLabel(/^Optic or medium/).press('Enter');
    await page.waitForURL(/\/admin\/ports\/\d+\?done=port-added$/);
    const portId = /\/admin\/ports\/(\d+)/.exec(page.url())![1]!;
    await expect(page.getByRole('status').textContent()).resolves.toContain('The port was added.');
    await expect(page.locator('main dl').textContent()).resolves.toContain('et-0/0/8, et-0/0/9');
    await expectNoSeriousAxeViolations(page);
    await expectFitsWidth(page, 360);
    await page.screenshot({ path: path.join(shots, 'admin-port-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });

    await page.getByRole('link', { name: `Interfaces of AS${MEMBER_B}` }).click();
    await page.waitForURL(`${base}/admin/interfaces?member=${MEMBER_B}`);
    await page.locator('#iface-port').selectOption(portId);
    await page.getByLabel('IPv4 address').fill('192.0.2.209');
    await page.getByLabel('IPv6 address').fill('2001:db8::209');
    await page.getByLabel(/^MAC addresses/).fill('02:00:5e:00:d1:09');
    await page.getByRole('button', { name: 'Add interface' }).click();
    await page.waitForURL(/\/admin\/interfaces\/\d+\?done=interface-added$/);
    const details = (await page.locator('main dl').textContent()) ?? '';
    expect(details).toContain('192.0.2.209');
    expect(details).toContain('2001:db8::209');
    expect(details).toContain('sw2.kgl2 ae9');
    expect(details).toContain('rs1 IPv6 enabled');
    await expectNoSeriousAxeViolations(page);
    await expectFitsWidth(page, 360);

    await page.goto(`${base}/admin/interfaces?member=${MEMBER_B}`);
    await expectNoSeriousAxeViolations(page);
    await expectFitsWidth(page, 360);
    await page.goto(`${base}/admin/ports?member=${MEMBER_B}`);
    await expectFitsWidth(page, 360);
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(shots, 'admin-ports.png'), fullPage: true });
    const [row] = await api.db.dataSource.query<{ port_name: string; is_lag: boolean }[]>(
      `SELECT port_name, is_lag FROM port WHERE id = $1`,
      [Number(portId)],
    );
    expect(row).toEqual({ port_name: 'ae9', is_lag: true });

    // The settings page: a member's override through its form, then where the value comes from.
    await page.setViewportSize({ width: 1024, height: 768 });
    await page
      .getByRole('navigation', { name: 'Staff console' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.waitForURL(`${base}/admin/settings`);
    await page.getByLabel('Member ASN').fill(String(MEMBER_B));
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(new RegExp(`/admin/settings\\?member=${MEMBER_B}`));
    await page.locator('#member-rpkiPolicy').selectOption('tag-only');
    await page.getByRole('button', { name: `Save Member AS${MEMBER_B}` }).click();
    await page.waitForURL(/done=policy-saved$/);
    const rpki = page.getByRole('row', { name: /rpkiPolicy/ });
    await expect(rpki.textContent()).resolves.toMatch(/tag-only\s*member override/);
    await page.screenshot({ path: path.join(shots, 'admin-settings.png'), fullPage: true });
    await expectNoSeriousAxeViolations(page);
    await expectFitsWidth(page, 360);

    await page.goto(`${base}/admin/ports`);
    await page.getByRole('link', { name: 'sw2.kgl2', exact: true }).click();
    await page.waitForURL(/\/admin\/switches\/\d+$/);
    await expectNoSeriousAxeViolations(page);
    await expectFitsWidth(page, 360);
    await page.context().close();
  });
});
