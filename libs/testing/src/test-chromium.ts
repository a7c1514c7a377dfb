import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

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

type Describe = (name: string, body: () => void) => void;
/**
 * Jest's `describe`, taken from the test run's globals: this lib is also built into the release
 * archive (the demo uses it), which compiles without Jest's types.
 */
const jestGlobals = globalThis as unknown as { describe: Describe & { skip: Describe } };

/**
 * `describe` where Chromium is installed; elsewhere `describe.skip`, with a line saying what was
 * skipped and why. `ready` (default: true) adds other needs of a test (BIRD, root), `needs` says them.
 */
export function describeWithChromium(
  name: string,
  body: () => void,
  options: { ready?: boolean; needs?: string } = {},
): void {
  if (existsSync(TEST_CHROMIUM_PATH) && options.ready !== false) {
    jestGlobals.describe(name, body);
    return;
  }
  const needs = options.needs ?? `${TEST_CHROMIUM_PATH} (apt-get install chromium)`;
  console.log(`${name}: skipped, needs ${needs}`);
  jestGlobals.describe.skip(name, body);
}

/** Collects the CSP violations a page reports, from before its first byte is parsed. */
const RECORD_VIOLATIONS = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__violations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
  });
`;

/** What the console of each recording page showed about the CSP. */
const consoleViolations = new WeakMap<Page, string[]>();

/**
 * A page in a new context of `browser` that reaches only `origins` (every other request is
 * aborted, so nothing leaves the machine) and records the CSP violations it meets: read them with
 * `violationsOf(page)`. Close it with `page.context().close()`.
 */
export async function newRecordingPage(
  browser: Browser,
  origins: readonly string[],
  viewport: { width: number; height: number } = { width: 1024, height: 768 },
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.route('**/*', (route) =>
    origins.some((origin) => route.request().url().startsWith(origin)) ? route.continue() : route.abort(),
  );
  await page.addInitScript(RECORD_VIOLATIONS);
  const seen: string[] = [];
  consoleViolations.set(page, seen);
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) seen.push(message.text());
  });
  return page;
}

/** The CSP violations a recording page's console showed and its current document reported. */
export async function violationsOf(page: Page): Promise<string[]> {
  return [
    ...(consoleViolations.get(page) ?? []),
    ...(await page.evaluate<string[]>('window.__violations ?? []')),
  ];
}
