import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { conflict, invalidValue, notFound } from '@ixora/errors';
import { Member } from '../entities/member.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { PeeringLan } from '../entities/peering-lan.entity.js';
import { Port } from '../entities/port.entity.js';
import { RouteServer } from '../entities/route-server.entity.js';
import { RouteServerSession } from '../entities/route-server-session.entity.js';
import { Switch } from '../entities/switch.entity.js';
import { NetworkRepository } from '../repositories/network.repository.js';
import { isAdmin, requireAdmin, requireMemberVisible, type Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import { requireMemberAddressUsable } from '../services/lan-address.rules.js';
import {
  optionalAddress,
  optionalPositiveInt,
  parseAsn,
  parseId,
  parseMacAddresses,
  requireAddressInside,
} from '../services/validate.js';
import { removeInterfaces, type RemovalOptions } from './interface-removal.js';
import { optionalBoolean } from './port-input.rules.js';

export interface MemberInterfaceInput {
  peeringLanId?: unknown;
  portId?: unknown;
  ipv4Address?: unknown;
  ipv6Address?: unknown;
  macAddresses?: unknown;
  isRouteServerClient?: unknown;
  maxPrefixV4?: unknown;
  maxPrefixV6?: unknown;
}

export interface MemberInterfaceFilter {
  /** The member's ASN. */
  member?: unknown;
  peeringLanId?: unknown;
  portId?: unknown;
}

export interface MemberInterfaceSessionView {
  readonly id: number;
  readonly routeServerName: string;
  readonly family: 4 | 6;
  readonly isEnabled: boolean;
}

export interface MemberInterfaceView {
  readonly memberInterface: MemberInterface;
  readonly memberAsn: number;
  readonly peeringLanName: string;
  readonly portName: string | null;
  readonly switchName: string | null;
  readonly sessions: MemberInterfaceSessionView[];
}

/**
 * A member's addresses (IPv4, IPv6, MACs) on a peering LAN, over one of its ports. Every way in
 * (API, CLI, pages) goes through the same checks: the address inside the LAN's prefix, not a
 * reserved or IPv4-mapped address, not a route server's, not another interface's on the LAN.
 */
@Injectable()
export class MemberInterfaceService {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, filter: MemberInterfaceFilter = {}): Promise<MemberInterfaceView[]> {
    const m = this.dataSource.manager;
    const where: Record<string, unknown> = {};
    if (filter.member !== undefined && filter.member !== '') {
      const member = await m.findOneBy(Member, { asn: parseAsn(filter.member, 'member') });
      if (!member || (!isAdmin(actor) && actor.memberId !== member.id)) return [];
      where.memberId = member.id;
    }
    if (!isAdmin(actor)) where.memberId = actor.memberId ?? -1;
    if (filter.peeringLanId !== undefined && filter.peeringLanId !== '')
      where.peeringLanId = parseId(filter.peeringLanId, 'peeringLanId');
    if (filter.portId !== undefined && filter.portId !== '') where.portId = parseId(filter.portId, 'portId');
    const interfaces = await m.find(MemberInterface, { where, order: { id: 'ASC' } });
    return viewsOf(m, interfaces);
  }

  async get(actor: Actor, idInput: unknown): Promise<MemberInterfaceView> {
    const id = parseId(idInput);
    const m = this.dataSource.manager;
    const iface = await m.findOneBy(MemberInterface, { id });
    if (!iface) throw notFound('member interface', id);
    requireMemberVisible(actor, iface.memberId, 'member interface', id);
    return (await viewsOf(m, [iface]))[0]!;
  }

  async create(actor: Actor, asnInput: unknown, input: MemberInterfaceInput): Promise<MemberInterface> {
    requireAdmin(actor);
    const asn = parseAsn(asnInput, 'member');
    return this.dataSource.transaction(async (tx) => {
      const member = await tx.findOneBy(Member, { asn });
      if (!member) throw notFound('member', `AS${asn}`);
      const iface = tx.create(MemberInterface, { memberId: member.id, macAddresses: [] });
      await applyInterfaceInput(tx, iface, input, true);
      const saved = await tx.save(iface);
      await new NetworkRepository(tx).reconcileSessions(saved.peeringLanId);
      await writeAudit(tx, actor, 'member_interface.create', 'member_interface', saved.id, null, saved);
      return saved;
    });
  }

  async update(actor: Actor, idInput: unknown, input: MemberInterfaceInput): Promise<MemberInterface> {
    requireAdmin(actor);
    const id = parseId(idInput);
    return this.dataSource.transaction(async (tx) => {
      const iface = await tx.findOneBy(MemberInterface, { id });
      if (!iface) throw notFound('member interface', id);
      const before = { ...iface };
      await applyInterfaceInput(tx, iface, input, false);
      const saved = await tx.save(iface);
      const network = new NetworkRepository(tx);
      await network.reconcileSessions(saved.peeringLanId);
      if (before.peeringLanId !== saved.peeringLanId) await network.reconcileSessions(before.peeringLanId);
      await writeAudit(tx, actor, 'member_interface.update', 'member_interface', saved.id, before, saved);
      return saved;
    });
  }

  /** Refused while the interface has an enabled route-server session, unless `removeSessions`. */
  async remove(actor: Actor, idInput: unknown, options: RemovalOptions = {}): Promise<void> {
    requireAdmin(actor);
    const id = parseId(idInput);
    await this.dataSource.transaction(async (tx) => {
      const iface = await tx.findOneBy(MemberInterface, { id });
      if (!iface) throw notFound('member interface', id);
      await removeInterfaces(tx, actor, [iface], options, `member interface ${id}`);
    });
  }
}

async function applyInterfaceInput(
  tx: EntityManager,
  iface: MemberInterface,
  input: MemberInterfaceInput,
  isNew: boolean,
): Promise<void> {
  if (input.peeringLanId !== undefined || isNew) {
    if (input.peeringLanId === undefined || input.peeringLanId === null || input.peeringLanId === '')
      throw invalidValue('peeringLanId', input.peeringLanId ?? null, 'is required: the id of a peering LAN');
    const lanId = parseId(input.peeringLanId, 'peeringLanId');
    if (!(await tx.findOneBy(PeeringLan, { id: lanId })))
      throw invalidValue('peeringLanId', input.peeringLanId, 'is not a peering LAN');
    iface.peeringLanId = lanId;
  }
  const lan = await tx.findOneByOrFail(PeeringLan, { id: iface.peeringLanId });
  if (input.portId !== undefined) {
    const portId = input.portId === null || input.portId === '' ? null : parseId(input.portId, 'portId');
    if (portId !== null) {
      const port = await tx.findOneBy(Port, { id: portId, memberId: iface.memberId });
      if (!port) throw invalidValue('portId', input.portId, "is not one of this member's ports");
      if (port.ixpId !== lan.ixpId)
        throw invalidValue('portId', input.portId, `is at another Ixp than the peering LAN ${lan.name}`);
    }
    iface.portId = portId;
  } else if (!isNew && iface.portId !== null && input.peeringLanId !== undefined) {
    // The interface moves to another LAN over the same port: both must be at one Ixp.
    const port = await tx.findOneByOrFail(Port, { id: iface.portId });
    if (port.ixpId !== lan.ixpId)
      throw invalidValue('peeringLanId', input.peeringLanId, `is at another Ixp than port ${port.id}`);
  }
  if (input.ipv4Address !== undefined || isNew)
    iface.ipv4Address = optionalAddress(input.ipv4Address, 4, 'ipv4Address');
  if (input.ipv6Address !== undefined || isNew)
    iface.ipv6Address = optionalAddress(input.ipv6Address, 6, 'ipv6Address');
  if (iface.ipv4Address === null && iface.ipv6Address === null)
    throw invalidValue('ipv6Address', input.ipv6Address ?? null, 'or ipv4Address is required');
  requireAddressInside(iface.ipv4Address, lan.prefixV4, 'ipv4Address');
  requireAddressInside(iface.ipv6Address, lan.prefixV6, 'ipv6Address');
  await requireMemberAddressUsable(tx, iface.ipv4Address, lan.prefixV4, 'ipv4Address');
  await requireMemberAddressUsable(tx, iface.ipv6Address, lan.prefixV6, 'ipv6Address');
  if (input.macAddresses !== undefined) iface.macAddresses = parseMacAddresses(input.macAddresses);
  await requireUnusedOnLan(tx, iface);
  const rs = optionalBoolean(input.isRouteServerClient, 'isRouteServerClient');
  if (rs !== undefined) iface.isRouteServerClient = rs;
  if (input.maxPrefixV4 !== undefined)
    iface.maxPrefixV4 = optionalPositiveInt(input.maxPrefixV4, 'maxPrefixV4');
  if (input.maxPrefixV6 !== undefined)
    iface.maxPrefixV6 = optionalPositiveInt(input.maxPrefixV6, 'maxPrefixV6');
}

/** An address or MAC is one interface's on a LAN; the answer names who holds it. */
async function requireUnusedOnLan(tx: EntityManager, iface: MemberInterface): Promise<void> {
  const others = (await tx.findBy(MemberInterface, { peeringLanId: iface.peeringLanId })).filter(
    (o) => o.id !== iface.id,
  );
  const holder = async (other: MemberInterface) => {
    const member = await tx.findOneByOrFail(Member, { id: other.memberId });
    return `member interface ${other.id} of AS${member.asn}`;
  };
  for (const field of ['ipv4Address', 'ipv6Address'] as const) {
    const address = iface[field];
    const other = address === null ? undefined : others.find((o) => o[field] === address);
    if (other)
      throw conflict(
        `${field}: ${JSON.stringify(address)} is already used on this peering LAN by ${await holder(other)}`,
        {
          field,
          value: address,
          reason: 'is already used on this peering LAN',
        },
      );
  }
  const seen = new Set<string>();
  for (const [i, mac] of iface.macAddresses.entries()) {
    const field = `macAddresses[${i}]`;
    if (seen.has(mac)) throw invalidValue(field, mac, 'is listed twice');
    seen.add(mac);
    const other = others.find((o) => o.macAddresses.includes(mac));
    if (other && other.memberId !== iface.memberId)
      throw conflict(
        `${field}: ${JSON.stringify(mac)} is already used on this peering LAN by ${await holder(other)}`,
        {
          field,
          value: mac,
          reason: 'is already used on this peering LAN',
        },
      );
  }
}

async function viewsOf(
  m: EntityManager,
  interfaces: readonly MemberInterface[],
): Promise<MemberInterfaceView[]> {
  if (interfaces.length === 0) return [];
  const ids = interfaces.map((i) => i.id);
  const portIds = [...new Set(interfaces.map((i) => i.portId).filter((p): p is number => p !== null))];
  const [members, lans, ports, sessions, routeServers] = await Promise.all([
    m.findBy(Member, { id: In([...new Set(interfaces.map((i) => i.memberId))]) }),
    m.findBy(PeeringLan, { id: In([...new Set(interfaces.map((i) => i.peeringLanId))]) }),
    portIds.length ? m.findBy(Port, { id: In(portIds) }) : Promise.resolve([] as Port[]),
    m.find(RouteServerSession, { where: { memberInterfaceId: In(ids) }, order: { id: 'ASC' } }),
    m.find(RouteServer),
  ]);
  const switchIds = [...new Set(ports.map((p) => p.switchId).filter((s): s is number => s !== null))];
  const switches = switchIds.length ? await m.findBy(Switch, { id: In(switchIds) }) : [];
  const asn = new Map(members.map((x) => [x.id, x.asn]));
  const lanName = new Map(lans.map((l) => [l.id, l.name]));
  const portById = new Map(ports.map((p) => [p.id, p]));
  const switchName = new Map(switches.map((s) => [s.id, s.name]));
  const rsName = new Map(routeServers.map((rs) => [rs.id, rs.name]));
  return interfaces.map((i) => {
    const port = i.portId === null ? undefined : portById.get(i.portId);
    return {
      memberInterface: i,
      memberAsn: asn.get(i.memberId)!,
      peeringLanName: lanName.get(i.peeringLanId)!,
      portName: port?.portName ?? null,
      switchName: port?.switchId ? (switchName.get(port.switchId) ?? null) : null,
      sessions: sessions
        .filter((s) => s.memberInterfaceId === i.id)
        .map((s) => ({
          id: s.id,
          routeServerName: rsName.get(s.routeServerId) ?? String(s.routeServerId),
          family: s.family,
          isEnabled: s.isEnabled,
        })),
    };
  });
}
