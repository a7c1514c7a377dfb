import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  describeWithChromium,
  launchTestChromium,
  newRecordingPage,
  seriousAxeFindings,
  TestClock,
  violationsOf,
} from '@ixora/testing';
import { MEMBER_A, startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';
import { listenOnLoopback, signInThroughForm } from './web.browser-test.helper.js';
import { totpAt, WEB_ENV } from './web.test-helper.js';

// Signing in through the real pages in headless Chromium (Debian `chromium`), with and without a
// second factor, under the app's own strict Content-Security-Policy (no script, no inline style,
// same-origin images only): the page reports every violation. TOTP codes are computed from the
// secret the page shows, at the app's injected clock.

describeWithChromium('sign-in pages in headless Chromium', () => {
  let api: ApiTestApp;
  let browser: Browser;
  let clock: TestClock;
  let base: string;
  let dir: string;
  let shots: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-sign-in-'));
    shots = process.env['IXORA_SCREENSHOT_DIR'] ?? dir;
    await mkdir(shots, { recursive: true });
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

  function newPage(viewport = { width: 1024, height: 768 }): Promise<Page> {
    return newRecordingPage(browser, [base], viewport);
  }

  function signIn(page: Page, email: string, password: string): Promise<void> {
    return signInThroughForm(page, base, { email, password });
  }

  async function enrol(page: Page): Promise<string> {
    await page.waitForURL(`${base}/account/two-factor`);
    const qrWidth = await page
      .locator('img.qr')
      .evaluate((img: { naturalWidth: number }) => img.naturalWidth);
    expect(qrWidth).toBe(200);
    expect(await violationsOf(page)).toEqual([]);
    const secret = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Code').fill(await totpAt(secret, clock));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Two-factor sign-in is on');
    await expect(page.locator('ul.codes li').count()).resolves.toBe(10);
    return secret;
  }

  it('signs a member user in without a second factor and shows the portal', async () => {
    const page = await newPage({ width: 360, height: 740 });
    await page.goto(`${base}/login`);
    await expectFitsWidth(page, 360);
    await expectNoSeriousAxeViolations(page);
    // The stylesheet file applies (a strict CSP would block an inline one).
    const background = await page
      .getByRole('button', { name: 'Sign in' })
      .evaluate(
        (button) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
          ).getComputedStyle(button).backgroundColor,
      );
    expect(background).toBe('rgb(11, 92, 173)');
    await page.screenshot({ path: path.join(shots, 'login-phone.png'), fullPage: true });

    await signIn(page, api.users.userB.email, api.users.userB.password);
    await page.waitForURL(`${base}/portal`);
    const text = await page.locator('main').textContent();
    expect(text).toContain(api.users.userB.email);
    expect(text).toContain('member user');
    expect(text).toContain('AS64497');
    await expectFitsWidth(page, 360);
    await expectNoSeriousAxeViolations(page);
    // The portal's sections are reachable from its navigation.
    await expect(page.getByRole('navigation', { name: 'Portal' }).getByRole('link').count()).resolves.toBe(7);
    await page.screenshot({ path: path.join(shots, 'portal.png'), fullPage: true });
    expect((await stat(path.join(shots, 'portal.png'))).size).toBeGreaterThan(1000);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/login?signed_out=1`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('signed out');
    await page.goto(`${base}/portal`);
    expect(page.url()).toBe(`${base}/login`);
    expect(await violationsOf(page)).toEqual([]);
    await page.context().close();
  });

  it('finds what axe-core calls serious on a page that breaks the rules (the check can fail)', async () => {
    const page = await newPage();
    await page.goto(`${base}/login`);
    // An input without a label and text that cannot be read against its background.
    await page.evaluate(`(() => {
      const input = document.createElement('input');
      input.type = 'text';
      document.querySelector('main').append(input);
      const p = document.createElement('p');
      p.textContent = 'faint';
      p.style.color = '#eee'; // through the CSSOM, which the CSP allows (a style attribute it blocks)
      document.querySelector('main').append(p);
    })()`);
    const ids = (await seriousAxeFindings(page)).map((finding) => finding.id);
    expect(ids).toEqual(expect.arrayContaining(['label', 'color-contrast']));
    await page.evaluate(`document.querySelector('main').style.width = '900px'`);
    await expect(expectFitsWidth(page, 360)).rejects.toThrow(/wider than 360 px/);
    await page.context().close();
  });

  it('enrols a member user in two-factor sign-in, then signs in with password and code', async () => {
    const page = await newPage();
    await signIn(page, api.users.userA.email, api.users.userA.password);
    await page.waitForURL(`${base}/portal`);
    await page.getByRole('link', { name: 'turn it on' }).click();
    const secret = await enrol(page);
    await page.screenshot({ path: path.join(shots, 'recovery-codes.png'), fullPage: true });
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/portal`);
    await expect(page.locator('main').textContent()).resolves.toContain('on (10 recovery codes unused)');
    await page.getByRole('button', { name: 'Sign out' }).click();

    clock.advance(30_000); // the next code: each is good once
    await signIn(page, api.users.userA.email, api.users.userA.password);
    await page.waitForURL(`${base}/login/two-factor`);
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not right');
    await page.getByLabel('Code').fill(await totpAt(secret, clock));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/portal`);
    await expect(page.locator('main').textContent()).resolves.toContain(`AS${MEMBER_A}`);
    expect(await violationsOf(page)).toEqual([]);
    await page.context().close();
  });

  it('makes staff enrol before the staff console, then opens it; a member user gets 404 there', async () => {
    const page = await newPage();
    await signIn(page, api.users.admin.email, api.users.admin.password);
    await page.screenshot({ path: path.join(shots, 'enrol.png'), fullPage: true });
    await enrol(page);
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/admin`);
    const text = await page.locator('main').textContent();
    expect(text).toContain('staff (admin)');
    expect(text).toContain(api.users.admin.email);
    await expectNoSeriousAxeViolations(page);
    await expect(page.getByRole('navigation', { name: 'Staff console' }).isVisible()).resolves.toBe(true);

    const member = await newPage();
    await signIn(member, api.users.userB.email, api.users.userB.password);
    await member.waitForURL(`${base}/portal`);
    const answer = await member.goto(`${base}/admin`);
    expect(answer?.status()).toBe(404);
    expect(await violationsOf(page)).toEqual([]);
    expect(await violationsOf(member)).toEqual([]);
    await page.context().close();
    await member.context().close();
  });
});
