import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { cliActor, JobRunner, PrefixSet, RouteServerConfigService, type Member } from '@ixora/domain';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  describeWithChromium,
  launchTestChromium,
  newRecordingPage,
  TestClock,
  TEST_CHROMIUM_PATH,
} from '@ixora/testing';
import { startApiTestApp, type ApiTestApp } from '../../testing/api-test.app.js';
import { listenOnLoopback, signInStaffThroughForm, signInThroughForm } from '../web.browser-test.helper.js';
import { WEB_ENV } from '../web.test-helper.js';

// The console's route-server pages in headless Chromium, against a real BIRD (in its own network
// namespace): staff compare two config versions and roll back to the older one; the job deploys it.

const canRun =
  spawnSync('bird', ['--version']).error === undefined &&
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['--version']).error === undefined;
const operator = cliActor('test');

describeWithChromium(
  'console route-server pages in headless Chromium',
  () => {
    let api: ApiTestApp;
    let browser: Browser;
    let clock: TestClock;
    let base: string;
    let dir: string;
    let bird: ChildProcess;
    let oldId: number;
    let newId: number;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-rs-pages-'));
      const etc = path.join(dir, 'etc');
      await mkdir(etc, { recursive: true });
      const socket = path.join(dir, 'bird.ctl');
      clock = new TestClock();
      api = await startApiTestApp({ clock, env: { ...WEB_ENV, BIRD_SOCKET: socket, BIRD_CONFIG_DIR: etc } });
      const configs = api.app.get(RouteServerConfigService);
      const old = await configs.build(operator, 'rs1');
      oldId = old.version.id;
      await writeFile(path.join(etc, 'rs1.conf'), old.version.text);
      bird = spawn('unshare', ['--net', 'bird', '-f', '-c', path.join(etc, 'rs1.conf'), '-s', socket], {
        stdio: 'ignore',
      });
      for (
        let i = 0;
        i < 150 &&
        !(await stat(socket).then(
          () => true,
          () => false,
        ));
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      await configs.deploy(operator, 'rs1');
      const [member] = await api.db.dataSource.manager.find<Member>('Member', {
        order: { asn: 'ASC' },
        take: 1,
      });
      await api.db.dataSource.manager.insert(PrefixSet, {
        memberId: member!.id,
        family: 4,
        asns: [member!.asn],
        prefixes: ['198.51.100.0/24'],
        aggregated: ['198.51.100.0/24{24,24}'],
        status: 'ok',
        source: 'RIPE',
        fetchedAt: new Date(),
      });
      newId = (await configs.build(operator, 'rs1')).version.id;
      await configs.deploy(operator, 'rs1');
      base = await listenOnLoopback(api);
      browser = await launchTestChromium();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      bird?.kill('SIGTERM');
      await api?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    function newPage(viewport = { width: 1024, height: 768 }): Promise<Page> {
      return newRecordingPage(browser, [base], viewport);
    }

    function signIn(page: Page, email: string, password: string): Promise<void> {
      return signInThroughForm(page, base, { email, password });
    }

    /** Staff sign in and enrol a second factor (the console needs one), then land on /admin. */
    function signInStaff(page: Page): Promise<void> {
      return signInStaffThroughForm(page, base, api.users.admin, clock);
    }

    it('staff compare two versions and roll back to the older one through the console; the job deploys it', async () => {
      const page = await newPage();
      await signInStaff(page);
      await page
        .getByRole('navigation', { name: 'Staff console' })
        .getByRole('link', { name: 'Route servers' })
        .click();
      await page.waitForURL(`${base}/admin/route-servers`);
      await expect(page.locator('main').textContent()).resolves.toContain(`${newId} (`);
      await expectNoSeriousAxeViolations(page);
      await expectFitsWidth(page, 360);
      await page.setViewportSize({ width: 1024, height: 768 });

      await page.getByRole('link', { name: 'rs1' }).click();
      await page.waitForURL(`${base}/admin/route-servers/rs1`);
      await expectNoSeriousAxeViolations(page);

      // The diff between the two builds: the member's new prefix is the change.
      await page.getByLabel('From').selectOption(String(oldId));
      await page.getByLabel('to', { exact: true }).selectOption(String(newId));
      await page.getByRole('button', { name: 'Show the diff' }).click();
      await page.waitForURL(`${base}/admin/route-servers/rs1?from=${oldId}&to=${newId}`);
      await expect(page.locator('pre.diff .add').allTextContents()).resolves.toEqual(
        expect.arrayContaining([expect.stringContaining('198.51.100.0/24')]),
      );
      await expectNoSeriousAxeViolations(page);
      await expectFitsWidth(page, 360);

      // By keyboard: choose the old version, then the button.
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.getByLabel('Roll back to version').focus();
      await page.getByLabel('Roll back to version').selectOption(String(oldId));
      await page.keyboard.press('Tab');
      await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe('Roll back');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/admin\/route-servers\/rs1\?job=[0-9]+$/);
      await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Job [0-9]+ queued/);
      await expect(page.locator('main').textContent()).resolves.toContain(
        `config.rollback rs=rs1 to=${oldId}`,
      );

      expect(await api.app.get(JobRunner).drain()).toBe(1);
      await page.reload();
      const jobRow = page.locator('tr', { hasText: 'config.rollback' });
      await expect(jobRow.textContent()).resolves.toMatch(/succeeded/);
      const newest = page.locator('table.versions tbody tr').first();
      await expect(newest.textContent()).resolves.toMatch(
        new RegExp(`rollback to ${oldId}[\\s\\S]*deployed`),
      );
      const old = await api.app.get(RouteServerConfigService).version(operator, 'rs1', oldId);
      expect(await readFile(path.join(dir, 'etc', 'rs1.conf'), 'utf8')).toBe(old.text);
      await expectNoSeriousAxeViolations(page);
      await expectFitsWidth(page, 360);

      // A version that is not this route server's: the page says which field and value are wrong.
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.evaluate(`document.querySelector('#rollback-to option').value = '999999'`);
      await page.getByLabel('Roll back to version').selectOption('999999');
      await page.getByRole('button', { name: 'Roll back' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toBe(
        'to: config version 999999 not found',
      );

      // Build, then deploy past the guard (ticked): both buttons queue their jobs.
      await page.goto(`${base}/admin/route-servers/rs1`);
      await page.getByRole('button', { name: 'Build a new config' }).click();
      await page.waitForURL(/\?job=[0-9]+$/);
      expect(await api.app.get(JobRunner).drain()).toBe(1);
      await page.locator('form[action$="/deploy"]').getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Deploy the newest build' }).click();
      await page.waitForURL(/\?job=[0-9]+$/);
      await expect(page.locator('main').textContent()).resolves.toContain('config.deploy rs=rs1 force=true');
      expect(await api.app.get(JobRunner).drain()).toBe(1);
      await page.reload();
      await expect(page.locator('tr', { hasText: 'config.deploy' }).textContent()).resolves.toMatch(
        /succeeded/,
      );
      await expect(page.locator('tr', { hasText: 'config.build' }).textContent()).resolves.toMatch(
        /succeeded/,
      );

      // The route impact of the newest build: read from BIRD (no BGP neighbor here, so no route).
      await page.getByRole('link', { name: 'Route impact of the newest build' }).click();
      await page.waitForURL(`${base}/admin/route-servers/rs1/impact`);
      await expect(page.locator('main').textContent()).resolves.toContain(
        'No route would become filtered or accepted.',
      );
      await expect(page.getByRole('button', { name: 'Deploy the newest build' }).count()).resolves.toBe(1);
      await expectNoSeriousAxeViolations(page);
      await expectFitsWidth(page, 360);
      await page.context().close();
    });

    it('is not there for a member user (404)', async () => {
      const page = await newPage();
      await signIn(page, api.users.userB.email, api.users.userB.password);
      await page.waitForURL(`${base}/portal`);
      expect((await page.goto(`${base}/admin/route-servers/rs1`))?.status()).toBe(404);
      expect((await page.goto(`${base}/admin/route-servers`))?.status()).toBe(404);
      expect((await page.goto(`${base}/admin/route-servers/rs1/impact`))?.status()).toBe(404);
      await page.context().close();
    });
  },
  { ready: canRun, needs: `${TEST_CHROMIUM_PATH}, bird, root and unshare` },
);
