import type { Browser } from 'playwright-core';

/** Debian's Chromium (package `chromium`); browser tests skip, saying so, where it is missing. */
export const TEST_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium for page tests. The background-networking flags keep it from reaching out to
 * Google's services, which the test machines' closed network refuses. playwright-core is a dev
 * dependency, loaded only here: the demo's parts of this lib also run from the release archive.
 */
export async function launchTestChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: TEST_CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
