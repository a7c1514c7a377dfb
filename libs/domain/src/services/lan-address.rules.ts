import type { EntityManager } from 'typeorm';
import { conflict, invalidValue } from '@ixora/errors';
import { addressBits, IpAddress, IpPrefix } from '@ixora/net';
import { RouteServer } from '../entities/route-server.entity.js';

/**
 * Why an address of a peering LAN cannot be a member's: the LAN's IPv4 network or broadcast
 * address, or its IPv6 subnet-router anycast address (RFC 4291 §2.6.1: all host bits zero). Point-
 * to-point lengths have no such addresses (/31 RFC 3021, /127 RFC 6164) and are left alone.
 * Undefined when the address is usable.
 */
export function reservedLanAddressReason(address: string, lanPrefix: string): string | undefined {
  const ip = IpAddress.parse(address);
  const prefix = IpPrefix.parse(lanPrefix);
  if (ip.family !== prefix.family || !prefix.contains(ip)) return undefined;
  if (prefix.length >= addressBits(prefix.family) - 1) return undefined;
  if (ip.equals(prefix.firstAddress))
    return prefix.family === 4
      ? `is the network address of the peering LAN ${lanPrefix}`
      : `is the subnet-router anycast address of the peering LAN ${lanPrefix} (RFC 4291)`;
  if (prefix.family === 4 && ip.equals(prefix.lastAddress))
    return `is the broadcast address of the peering LAN ${lanPrefix}`;
  return undefined;
}

/**
 * The checks every way a member interface gets an address goes through (API, CLI, IX-F import,
 * PeeringDB onboarding): not a reserved address of its LAN (400), not any route server's own
 * address (409; a session with `neighbor` the route server itself is what this prevents).
 */
export async function requireMemberAddressUsable(
  tx: EntityManager,
  address: string | null,
  lanPrefix: string | null,
  field: string,
): Promise<void> {
  if (address === null) return;
  const reason = lanPrefix === null ? undefined : reservedLanAddressReason(address, lanPrefix);
  if (reason) throw invalidValue(field, address, reason);
  const routeServer = await findRouteServerWithAddress(tx, address);
  if (routeServer) {
    const reason = `is the address of route server ${routeServer.name}`;
    throw conflict(`${field}: ${address} ${reason}`, { field, value: address, reason });
  }
}

export function findRouteServerWithAddress(tx: EntityManager, address: string): Promise<RouteServer | null> {
  const family = IpAddress.parse(address).family;
  return tx.findOneBy(RouteServer, family === 4 ? { ipv4Address: address } : { ipv6Address: address });
}
