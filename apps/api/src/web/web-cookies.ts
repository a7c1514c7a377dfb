import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'ixora_session';
/** Before sign-in, the forms' CSRF tokens are bound to this random cookie instead of a session. */
export const CSRF_COOKIE = 'ixora_csrf';

/** The `Cookie` header as name -> value (the first of repeated names wins; bad encodings are skipped). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    let value = part.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      if (!cookies.has(name)) cookies.set(name, decodeURIComponent(value));
    } catch {
      // A value that is not valid percent-encoding is no cookie of ours.
    }
  }
  return cookies;
}

function mac(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${value}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `value.signature` (HMAC-SHA256 with `SESSION_SECRET`), so a cookie not made by ixora is refused unread. */
export function signCookieValue(secret: string, value: string): string {
  return `${value}.${mac(secret, 'cookie', value)}`;
}

/** The value of a signed cookie, or undefined when the signature does not match. */
export function unsignCookieValue(secret: string, signed: string | undefined): string | undefined {
  if (signed === undefined) return undefined;
  const at = signed.lastIndexOf('.');
  if (at < 1) return undefined;
  const value = signed.slice(0, at);
  return sameText(signed.slice(at + 1), mac(secret, 'cookie', value)) ? value : undefined;
}

/**
 * The CSRF token of every form: an HMAC of what the request is bound to (the session's id when
 * signed in, else the random pre-sign-in cookie). A page on another site can neither read the
 * cookie nor compute the HMAC, so it cannot post a form that passes.
 */
export function csrfTokenFor(secret: string, binding: string): string {
  return mac(secret, 'csrf', binding);
}

export function isCsrfTokenValid(secret: string, binding: string | undefined, token: unknown): boolean {
  return binding !== undefined && typeof token === 'string' && sameText(token, csrfTokenFor(secret, binding));
}

export function newCsrfBinding(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * A `Set-Cookie` value: HttpOnly and SameSite=Lax always, Secure when the request came over
 * HTTPS. Without `maxAgeSeconds` the cookie lasts until the browser closes; the server's idle
 * and absolute timeouts decide how long it is good for.
 */
export function cookieHeader(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds?: number },
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
