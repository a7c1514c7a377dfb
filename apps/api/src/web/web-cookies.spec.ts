import {
  cookieHeader,
  csrfTokenFor,
  isCsrfTokenValid,
  parseCookies,
  signCookieValue,
  unsignCookieValue,
} from './web-cookies.js';

const SECRET = 'a-session-secret-of-at-least-32-chars!';

describe('web cookies', () => {
  it('parses a Cookie header, keeping the first of repeated names and skipping bad encodings', () => {
    const cookies = parseCookies('a=1; b="two"; a=3; bad=%E0%A4%A; c=x%3Dy');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['c', 'x=y'],
    ]);
  });

  it('signs a value and refuses it with a changed value or signature or another secret', () => {
    const signed = signCookieValue(SECRET, 'abc');
    expect(unsignCookieValue(SECRET, signed)).toBe('abc');
    expect(unsignCookieValue(SECRET, signed.replace('abc', 'abd'))).toBeUndefined();
    expect(unsignCookieValue(SECRET, `${signed}x`)).toBeUndefined();
    expect(unsignCookieValue(`${SECRET}2`, signed)).toBeUndefined();
    expect(unsignCookieValue(SECRET, 'abc')).toBeUndefined();
  });

  it('accepts the CSRF token of the same binding only', () => {
    const token = csrfTokenFor(SECRET, 'session-1');
    expect(isCsrfTokenValid(SECRET, 'session-1', token)).toBe(true);
    expect(isCsrfTokenValid(SECRET, 'session-2', token)).toBe(false);
    expect(isCsrfTokenValid(SECRET, undefined, token)).toBe(false);
    expect(isCsrfTokenValid(SECRET, 'session-1', [token])).toBe(false);
    expect(isCsrfTokenValid(SECRET, 'session-1', '')).toBe(false);
  });

  it('writes HttpOnly SameSite=Lax cookies, Secure only over HTTPS', () => {
    expect(cookieHeader('s', 'v', { secure: false })).toBe('s=v; Path=/; HttpOnly; SameSite=Lax');
    expect(cookieHeader('s', '', { secure: true, maxAgeSeconds: 0 })).toBe(
      's=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure',
    );
  });
});
