import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { Clock } from '@ixora/config';
import type { ApiTestApp } from '../testing/api-test.app.js';
import { totpAt } from './web.test-helper.js';

// Steps the browser tests share: the test app on a loopback port, signing in through the form,
// staff enrolling their second factor.

/** Makes the test app listen on 127.0.0.1 (any free port): its base URL, without a slash. */
export async function listenOnLoopback(api: ApiTestApp): Promise<string> {
  await api.app.listen(0, '127.0.0.1');
  const server = api.app.getHttpServer() as Server;
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Opens `/login` and signs in through the form; the caller waits for where it lands. */
export async function signInThroughForm(
  page: Page,
  base: string,
  user: { email: string; password: string },
): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * On the enrolment page a staff sign-in lands on: turns two-factor sign-in on with the code of the
 * key the page shows, at the clock's time. The page then shows the recovery codes; the secret.
 */
export async function enrolInTwoFactor(page: Page, base: string, clock: Clock): Promise<string> {
  await page.waitForURL(`${base}/account/two-factor`);
  const secret = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
  await page.getByLabel('Code').fill(await totpAt(secret, clock));
  await page.getByRole('button', { name: 'Turn on' }).click();
  return secret;
}

/** Staff sign in through the form, enrol their second factor and continue to the console (/admin). */
export async function signInStaffThroughForm(
  page: Page,
  base: string,
  staff: { email: string; password: string },
  clock: Clock,
): Promise<void> {
  await signInThroughForm(page, base, staff);
  await enrolInTwoFactor(page, base, clock);
  await page.getByRole('link', { name: 'Continue' }).click();
  await page.waitForURL(`${base}/admin`);
}
