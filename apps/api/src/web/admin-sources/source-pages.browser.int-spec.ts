import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { JobRunner } from '@ixora/domain';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  describeWithChromium,
  launchTestChromium,
  newRecordingPage,
  TestClock,
} from '@ixora/testing';
import { startApiTestApp, type ApiTestApp } from '../../testing/api-test.app.js';
import { listenOnLoopback, signInStaffThroughForm, signInThroughForm } from '../web.browser-test.helper.js';
import { WEB_ENV } from '../web.test-helper.js';

// The console's data-sources page in headless Chromium: freshness of PeeringDB, IRR and RPKI, a
// button that queues a refresh job, the job with its outcome and the run record it wrote.

describeWithChromium('console data-sources page in headless Chromium', () => {
  let api: ApiTestApp;
  let browser: Browser;
  let clock: TestClock;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-sources-'));
    const vrps = path.join(dir, 'vrps.json');
    await writeFile(
      vrps,
      JSON.stringify({ roas: [{ asn: 'AS64496', prefix: '192.0.2.0/24', maxLength: 24, ta: 'ripe' }] }),
    );
    clock = new TestClock();
    api = await startApiTestApp({ clock, env: { ...WEB_ENV, RPKI_VRP_URL: vrps } });
    base = await listenOnLoopback(api);
    browser = await launchTestChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows each source, queues an RPKI refresh from its button, and shows the job and its run', async () => {
    const page = await newRecordingPage(browser, [base]);
    await signInStaffThroughForm(page, base, api.users.admin, clock);

    await page
      .getByRole('navigation', { name: 'Staff console' })
      .getByRole('link', { name: 'Data sources' })
      .click();
    await page.waitForURL(`${base}/admin/sources`);
    const rows = page.locator('main table').first().locator('tbody tr');
    await expect(rows.allTextContents()).resolves.toEqual([
      expect.stringMatching(/PeeringDB\s*never synced/),
      expect.stringMatching(/IRR\s*never fetched/),
      expect.stringMatching(/RPKI\s*never loaded/),
    ]);
    await expectNoSeriousAxeViolations(page);
    await expectFitsWidth(page, 360);
    await page.setViewportSize({ width: 1024, height: 768 });

    await page.getByRole('button', { name: 'Refresh RPKI' }).click();
    await page.waitForURL(`${base}/admin/sources?queued=rpki.refresh`);
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^An RPKI refresh was queued\./);
    await expect(page.locator('tr', { hasText: 'rpki.refresh' }).textContent()).resolves.toMatch(/queued/);

    expect(await api.app.get(JobRunner).drain()).toBe(1);
    await page.reload();
    await expect(page.locator('tr', { hasText: 'rpki.refresh' }).textContent()).resolves.toMatch(/succeeded/);
    await expect(rows.nth(2).textContent()).resolves.toMatch(
      /RPKI.*UTC.*1 VRPs from .*vrps\.json.*succeeded/s,
    );
    await expect(page.getByRole('region', { name: 'Runs' }).textContent()).resolves.toMatch(
      /RPKI.*succeeded/s,
    );
    await expectNoSeriousAxeViolations(page);
    await expectFitsWidth(page, 360);
    await page.context().close();
  });

  it('is not there for a member user (404), and a form without its CSRF token is refused', async () => {
    const page = await newRecordingPage(browser, [base]);
    await signInThroughForm(page, base, api.users.userB);
    await page.waitForURL(`${base}/portal`);
    expect((await page.goto(`${base}/admin/sources`))?.status()).toBe(404);
    const answer = await page.request.post(`${base}/admin/sources/rpki`, { form: { _csrf: 'forged' } });
    expect(answer.status()).toBe(403);
    await page.context().close();
  });
});
