import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict, invalidValue, notFound } from '@ixora/errors';
import { checkAgentUrl } from '@ixora/net';
import { Member } from '../entities/member.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { RouteServer } from '../entities/route-server.entity.js';
import { NetworkRepository } from '../repositories/network.repository.js';
import { requireAdmin, type Actor } from './actor.js';
import { writeAudit } from './audit.writer.js';
import { findRouteServerWithAddress, reservedLanAddressReason } from './lan-address.rules.js';
import { optionalAddress, parseAddressOfFamily, parseAsn } from './validate.js';

export interface RouteServerInput {
  name?: unknown;
  asn?: unknown;
  routerId?: unknown;
  ipv4Address?: unknown;
  ipv6Address?: unknown;
  socketPath?: unknown;
  agentUrl?: unknown;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** How the looking glass and deploys reach a route server's BIRD: its socket, its agent, or neither (BIRD_SOCKET). */
function parseReach(input: RouteServerInput): { socketPath: string | null; agentUrl: string | null } {
  if (input.socketPath !== undefined && input.socketPath !== null && typeof input.socketPath !== 'string')
    throw invalidValue('socketPath', input.socketPath, 'must be a path');
  const socketPath = input.socketPath ?? null;
  if (socketPath !== null && (!socketPath.startsWith('/') || /[\s"'\\]/.test(socketPath))) {
    throw invalidValue('socketPath', input.socketPath, 'must be an absolute path without spaces or quotes');
  }
  if (input.agentUrl !== undefined && input.agentUrl !== null && typeof input.agentUrl !== 'string')
    throw invalidValue('agentUrl', input.agentUrl, 'must be a URL');
  const agentUrl = input.agentUrl ?? null;
  if (agentUrl !== null) {
    if (/[\s"]/.test(agentUrl))
      throw invalidValue('agentUrl', agentUrl, 'must be a URL without spaces or quotes');
    checkAgentUrl(agentUrl, 'agentUrl');
  }
  if (socketPath !== null && agentUrl !== null)
    throw invalidValue('agentUrl', agentUrl, 'cannot be combined with socketPath');
  return { socketPath, agentUrl };
}

@Injectable()
export class RouteServerService {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<RouteServer[]> {
    return new NetworkRepository(this.dataSource.manager).listRouteServers();
  }

  async getByName(name: string): Promise<RouteServer> {
    const rs = await new NetworkRepository(this.dataSource.manager).findRouteServerByName(name);
    if (!rs) throw notFound('route server', name);
    return rs;
  }

  /**
   * Adds a route server to the PeeringLan whose prefix holds its address(es) and creates the
   * sessions with every member interface flagged for the route servers on that LAN.
   */
  async add(
    actor: Actor,
    input: RouteServerInput,
  ): Promise<{ routeServer: RouteServer; sessionsCreated: number }> {
    requireAdmin(actor);
    if (typeof input.name !== 'string' || !NAME.test(input.name)) {
      throw invalidValue(
        'name',
        input.name,
        'must be 1-63 letters, digits, "_", "." or "-", starting with a letter or digit',
      );
    }
    const name = input.name;
    const asn = parseAsn(input.asn);
    const routerId = parseAddressOfFamily(input.routerId, 4, 'routerId');
    const ipv4Address = optionalAddress(input.ipv4Address, 4, 'ipv4Address');
    const ipv6Address = optionalAddress(input.ipv6Address, 6, 'ipv6Address');
    if (ipv4Address === null && ipv6Address === null)
      throw invalidValue('ipv4Address', null, 'or ipv6Address is required');
    const { socketPath, agentUrl } = parseReach(input);

    return this.dataSource.transaction(async (tx) => {
      const network = new NetworkRepository(tx);
      if (await network.findRouteServerByName(name))
        throw conflict(`route server ${name} already exists`, { field: 'name', value: name });
      const member = await tx.findOneBy(Member, { asn });
      // BIRD treats a neighbor in the route server's own AS as iBGP, which cannot be an RS client.
      if (member)
        throw invalidValue(
          'asn',
          asn,
          `is the ASN of member ${member.name}; a route server needs an ASN of its own`,
        );
      const lanIds = new Set<number>();
      for (const [field, address] of [
        ['ipv4Address', ipv4Address],
        ['ipv6Address', ipv6Address],
      ] as const) {
        if (address === null) continue;
        const lans = await network.findLansContaining(address);
        if (lans.length === 0) throw invalidValue(field, address, 'is not inside any peering LAN prefix');
        lans.forEach((l) => lanIds.add(l.id));
        for (const lan of lans) {
          const reason = reservedLanAddressReason(
            address,
            (field === 'ipv4Address' ? lan.prefixV4 : lan.prefixV6)!,
          );
          if (reason) throw invalidValue(field, address, reason);
        }
        const other = await findRouteServerWithAddress(tx, address);
        if (other)
          throw conflict(`${field}: ${address} is the address of route server ${other.name}`, {
            field,
            value: address,
          });
        const column = field === 'ipv4Address' ? 'ipv4Address' : 'ipv6Address';
        const memberInterface = await tx.findOneBy(MemberInterface, { [column]: address });
        if (memberInterface)
          throw conflict(`${field}: ${address} is the address of member interface ${memberInterface.id}`, {
            field,
            value: address,
          });
      }
      if (lanIds.size !== 1) {
        throw invalidValue(
          'ipv6Address',
          ipv6Address,
          `and ipv4Address ${ipv4Address} are on different peering LANs`,
        );
      }
      const [peeringLanId] = [...lanIds] as [number];
      const saved = await tx.save(
        tx.create(RouteServer, {
          name,
          asn,
          routerId,
          ipv4Address,
          ipv6Address,
          socketPath,
          agentUrl,
          peeringLanId,
        }),
      );
      const { created } = await network.reconcileSessions(peeringLanId);
      await writeAudit(tx, actor, 'route_server.create', 'route_server', saved.id, null, saved);
      return { routeServer: saved, sessionsCreated: created };
    });
  }

  /**
   * Changes how a route server's BIRD is reached: `socketPath` or `agentUrl` (one of them), or
   * neither, which falls back to BIRD_SOCKET. Its name, ASN and addresses shape every session and
   * config, so they are not changed here: add a new route server for those.
   */
  async setReach(
    actor: Actor,
    name: string,
    input: Pick<RouteServerInput, 'socketPath' | 'agentUrl'>,
  ): Promise<RouteServer> {
    requireAdmin(actor);
    const { socketPath, agentUrl } = parseReach(input);
    return this.dataSource.transaction(async (tx) => {
      const routeServer = await new NetworkRepository(tx).findRouteServerByName(name);
      if (!routeServer) throw notFound('route server', name);
      if (routeServer.socketPath === socketPath && routeServer.agentUrl === agentUrl) return routeServer;
      const before = { ...routeServer };
      routeServer.socketPath = socketPath;
      routeServer.agentUrl = agentUrl;
      const saved = await tx.save(routeServer);
      await writeAudit(tx, actor, 'route_server.update', 'route_server', saved.id, before, saved);
      return saved;
    });
  }
}
