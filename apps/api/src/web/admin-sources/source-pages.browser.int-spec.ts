import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { JobRunner } from '@ixora/domain';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  launchTestChromium,
  TestClock,
  TEST_CHROMIUM_PATH,
} from '@ixora/testing';
import { startApiTestApp, type ApiTestApp } from '../../testing/api-test.app.js';
import { totpAt, WEB_ENV } from '../web.test-helper.js';

// The console's data-sources page in headless Chromium: freshness of PeeringDB, IRR and RPKI, a
// button that queues a refresh job, the job with its outcome and the run record it wrote.

const canRun = existsSync(TEST_CHROMIUM_PATH);
if (!canRun) console.log(`data-sources page test skipped: ${TEST_CHROMIUM_PATH} is missing`);

(canRun ? describe : describe.skip)('console data-sources page in headless Chromium', () => {
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
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchTestChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.route('**/*', (route) =>
      route.request().url().startsWith(base) ? route.continue() : route.abort(),
    );
    return page;
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('shows each source, queues an RPKI refresh from its button, and shows the job and its run', async () => {
    const page = await newPage();
    await signIn(page, api.users.admin.email, api.users.admin.password);
    await page.waitForURL(`${base}/account/two-factor`);
    const secret = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Code').fill(await totpAt(secret, clock));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/admin`);

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
    const page = await newPage();
    await signIn(page, api.users.userB.email, api.users.userB.password);
    await page.waitForURL(`${base}/portal`);
    expect((await page.goto(`${base}/admin/sources`))?.status()).toBe(404);
    const answer = await page.request.post(`${base}/admin/sources/rpki`, { form: { _csrf: 'forged' } });
    expect(answer.status()).toBe(403);
    await page.context().close();
  });
});
