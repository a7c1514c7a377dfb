import { addressBits, IpAddress, IpPrefix } from '@ixora/net';

/** At most this many addresses are tried, so a nearly full LAN never makes a page slow. */
const MAX_TRIED = 65_536;

/**
 * The first `count` addresses of a peering LAN that nobody holds: not in `used` (members' and
 * route servers' addresses), not the LAN's network or broadcast address, not its IPv6
 * subnet-router anycast address (RFC 4291 §2.6.1). Pure; in LAN order, from the bottom.
 */
export function suggestFreeAddresses(lanPrefix: string, used: Iterable<string>, count: number): string[] {
  const prefix = IpPrefix.parse(lanPrefix);
  const taken = new Set<bigint>();
  for (const address of used) {
    const ip = IpAddress.parse(address);
    if (ip.family === prefix.family) taken.add(ip.toBigInt());
  }
  const first = prefix.firstAddress.toBigInt();
  const last = prefix.lastAddress.toBigInt();
  const isPointToPoint = prefix.length >= addressBits(prefix.family) - 1;
  const from = isPointToPoint ? first : first + 1n;
  // IPv4's broadcast address is reserved; IPv6 has none.
  const to = isPointToPoint || prefix.family === 6 ? last : last - 1n;
  const free: string[] = [];
  let tried = 0;
  for (let value = from; value <= to && free.length < count && tried < MAX_TRIED; value++, tried++) {
    if (!taken.has(value)) free.push(IpAddress.fromBigInt(value, prefix.family).toString());
  }
  return free;
}
