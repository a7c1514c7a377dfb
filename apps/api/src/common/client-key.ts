import { IpAddress } from '@ixora/net';

const V4_MAPPED = 0xffffn << 32n;
const V4_MAPPED_MASK = ~0xffff_ffffn;
const V6_SLASH_64 = ~((1n << 64n) - 1n);

/**
 * What a per-client limit (the looking glass's rate limit, failed logins) counts an address under.
 * An IPv6 client counts by its /64, as one host usually holds a whole /64 and could step through
 * it to dodge a per-address limit; an IPv4 client, also one seen as an IPv4-mapped IPv6 address,
 * by its address. Anything that is no address counts as itself.
 */
export function clientKey(address: string | undefined): string {
  if (address === undefined || !IpAddress.isValid(address)) return address ?? 'unknown';
  const parsed = IpAddress.parse(address);
  if (parsed.family === 4) return parsed.toString();
  const value = parsed.toBigInt();
  if ((value & V4_MAPPED_MASK) === V4_MAPPED) return IpAddress.fromBigInt(value & 0xffff_ffffn, 4).toString();
  return `${IpAddress.fromBigInt(value & V6_SLASH_64, 6).toString()}/64`;
}
