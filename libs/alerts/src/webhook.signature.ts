import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidValue } from '@ixora/errors';
import { IpAddress } from '@ixora/net';

/** Header with the Unix time (seconds) the delivery was signed at. */
export const TIMESTAMP_HEADER = 'x-ixora-timestamp';
/** Header with `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` under the webhook's secret. */
export const SIGNATURE_HEADER = 'x-ixora-signature';

/** A new webhook secret: 32 random bytes, base64url (shown once, at creation). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Signs the timestamp and the body together, so a captured delivery cannot be replayed later
 * with a new timestamp; receivers check the signature and that the timestamp is recent.
 */
export function signWebhook(secret: string, timestampS: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): the signature matches, and the timestamp is within `toleranceS` of `nowS`. */
export function verifyWebhook(
  secret: string,
  headers: { readonly timestamp: string | undefined; readonly signature: string | undefined },
  body: string,
  nowS: number,
  toleranceS = 300,
): boolean {
  if (headers.timestamp === undefined || headers.signature === undefined) return false;
  if (!/^\d+$/.test(headers.timestamp)) return false;
  const timestampS = Number(headers.timestamp);
  if (Math.abs(nowS - timestampS) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, timestampS, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (!IpAddress.isValid(host)) return false;
  return host === '::1' || /^127\./.test(host);
}

/**
 * A webhook URL: HTTPS, or HTTP only to this machine (loopback), so deliveries and their
 * signatures never cross a network in clear text. No credentials in the URL.
 */
export function parseWebhookUrl(value: string, field = 'url'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidValue(field, value, 'is not a URL');
  }
  if (url.username || url.password) throw invalidValue(field, value, 'must not hold a user name or password');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw invalidValue(field, value, 'must be an https:// URL (http:// only to 127.0.0.1, ::1 or localhost)');
}
