import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BirdReplayServer } from '@ixora/bird-client';
import { recordedSocketAnswers } from '@ixora/looking-glass';
import {
  expectFitsWidth,
  expectNoSeriousAxeViolations,
  describeWithChromium,
  launchTestChromium,
  newRecordingPage,
  TestClock,
  violationsOf,
} from '@ixora/testing';
import { startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';
import { listenOnLoopback } from '../web/web.browser-test.helper.js';
import { seedExchangeFigures } from './exchange.test-helper.js';

// `/exchange` in headless Chromium (Debian `chromium`) under the app's own Content-Security-Policy:
// the server-drawn SVG chart and share bars must need no inline style, the page must read well at
// 360 px and have no serious axe-core findings.

describeWithChromium('/exchange in headless Chromium', () => {
  let api: ApiTestApp;
  let bird: BirdReplayServer;
  let browser: Browser;
  let dir: string;
  let shots: string;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-exchange-browser-'));
    shots = process.env['IXORA_SCREENSHOT_DIR'] ?? dir;
    await mkdir(shots, { recursive: true });
    bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), recordedSocketAnswers());
    api = await startApiTestApp({ clock: new TestClock(new Date('2031-07-02T09:30:00Z')) });
    await seedExchangeFigures(api, bird.socketPath);
    base = await listenOnLoopback(api);
    browser = await launchTestChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const page = await newRecordingPage(browser, [base], viewport);
    const response = await page.goto(`${base}/exchange`);
    expect(response?.status()).toBe(200);
    return page;
  }

  it('reads well at 360 px: fits, no serious axe findings, no CSP violation, the chart drawn by the stylesheet', async () => {
    const page = await open({ width: 360, height: 740 });
    await expectFitsWidth(page, 360);
    await expectNoSeriousAxeViolations(page);
    expect(await violationsOf(page)).toEqual([]);
    await expect(
      page.getByRole('img', { name: /Members and route-server participants/ }).count(),
    ).resolves.toBe(1);
    // The series' colours and the lines' missing fill come from the stylesheet file.
    const line = page.locator('polyline.series-members');
    await expect(
      line.evaluate((element) => {
        const style = (
          globalThis as unknown as { getComputedStyle(e: unknown): { stroke: string; fill: string } }
        ).getComputedStyle(element);
        return `${style.stroke} ${style.fill}`;
      }),
    ).resolves.toBe('rgb(11, 92, 173) none');
    const box = await page.locator('figure.chart svg').boundingBox();
    expect(box?.width).toBeGreaterThan(250);
    expect(box?.width).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(shots, 'exchange-phone.png'), fullPage: true });
    expect((await stat(path.join(shots, 'exchange-phone.png'))).size).toBeGreaterThan(1000);
    await page.context().close();
  });

  it('on a desktop: the figures, the MANRS actions and the 12 months, no CSP violation', async () => {
    const page = await open({ width: 1280, height: 900 });
    await expectNoSeriousAxeViolations(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('The exchange in figures');
    await expect(page.locator('ol.manrs li').count()).resolves.toBe(5);
    await expect(page.getByRole('table').locator('tbody tr').count()).resolves.toBe(12);
    await expect(page.getByRole('link', { name: '/api/lg/v1/exchange' }).count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(shots, 'exchange-desktop.png'), fullPage: true });
    expect(await violationsOf(page)).toEqual([]);
    await page.context().close();
  });
});
