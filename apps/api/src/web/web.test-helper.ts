import { generate } from 'otplib';
import { SMTPServer } from 'smtp-server';
import supertest from 'supertest';
import type { Clock } from '@ixora/config';

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789-abcdef';

/** The environment that turns the sign-in pages on. */
export const WEB_ENV = Object.freeze({ WEB_SIGN_IN: 'true', SESSION_SECRET: TEST_SESSION_SECRET });

export type Browser = ReturnType<typeof supertest.agent>;

/** The hidden `_csrf` value of the (first) form of a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no _csrf field in ${html.slice(0, 200)}`);
  return match[1]!;
}

/** Opens `/login` and posts the form as a browser would: the answer of the POST. */
export async function postLogin(
  browser: Browser,
  email: string,
  password: string,
): Promise<supertest.Response> {
  const form = await browser.get('/login').expect(200);
  return browser
    .post('/login')
    .type('form')
    .send({ _csrf: csrfOf(form.text), email, password });
}

/** Opens `path` and posts its form with `fields` and the page's CSRF token. */
export async function postForm(
  browser: Browser,
  path: string,
  fields: Record<string, string>,
  action = path,
): Promise<supertest.Response> {
  const page = await browser.get(path);
  return browser
    .post(action)
    .type('form')
    .send({ _csrf: csrfOf(page.text), ...fields });
}

/** The TOTP code an authenticator app shows at the clock's time (RFC 6238: SHA-1, 6 digits, 30 s). */
export function totpAt(secret: string, clock: Clock): Promise<string> {
  return generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
}

/** The key shown on the enrolment page (grouped in fours). */
export function enrolmentSecretOf(html: string): string {
  const match = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(html);
  if (!match) throw new Error('no secret on the enrolment page');
  return match[1]!.replace(/ /g, '');
}

export function recoveryCodesOf(html: string): string[] {
  return [...html.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
}

export interface ReceivedMail {
  readonly to: string[];
  readonly raw: string;
}

/** A local SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps what it receives. */
export async function startTestSmtpServer(): Promise<{
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The body of a raw mail with quoted-printable soft breaks undone. */
export function mailText(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}
