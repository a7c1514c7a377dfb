import { invalidValue } from '@ixora/errors';
import { IpAddress } from '@ixora/net';

/** IANA port of RPKI-to-Router over TCP (RFC 8210 §9 / RFC 6810 §14). */
export const DEFAULT_RTR_PORT = 323;

/**
 * Splits an RTR cache endpoint as `RPKI_RTR_HOST` gives it — `host`, `host:port`, `192.0.2.5:3323`,
 * `[2001:db8::5]:3323` or a bare IPv6 address — into the `rtrHost`/`rtrPort` of the model's
 * `rpki` section. The host is checked again when the model is normalised.
 */
export function parseRtrEndpoint(
  text: string,
  field = 'RPKI_RTR_HOST',
): { rtrHost: string; rtrPort: number } {
  const value = typeof text === 'string' ? text.trim() : '';
  if (value === '') throw invalidValue(field, text, 'is empty (expected host or host:port)');
  const bracketed = /^\[([^\]]+)\](?::([0-9]+))?$/.exec(value);
  if (bracketed) return { rtrHost: bracketed[1]!, rtrPort: port(bracketed[2], field, text) };
  if (IpAddress.isValid(value)) return { rtrHost: value, rtrPort: DEFAULT_RTR_PORT };
  const colon = value.lastIndexOf(':');
  if (colon > 0 && !value.slice(0, colon).includes(':')) {
    return { rtrHost: value.slice(0, colon), rtrPort: port(value.slice(colon + 1), field, text) };
  }
  if (value.includes(':')) throw invalidValue(field, text, 'is not host, host:port or [IPv6]:port');
  return { rtrHost: value, rtrPort: DEFAULT_RTR_PORT };
}

function port(digits: string | undefined, field: string, text: string): number {
  if (digits === undefined) return DEFAULT_RTR_PORT;
  const value = Number(digits);
  if (!/^[0-9]{1,5}$/.test(digits) || value < 1 || value > 65535)
    throw invalidValue(field, text, 'has a port outside 1..65535');
  return value;
}
