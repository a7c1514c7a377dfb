import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (package `chromium`); browser tests skip, saying so, where it is missing. */
export const TEST_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium for page tests. The background-networking flags keep it from reaching out to
 * Google's services, which the test machines' closed network refuses.
 */
export function launchTestChromium(): Promise<Browser> {
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
