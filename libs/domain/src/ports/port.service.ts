import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { conflict, invalidValue, notFound } from '@ixora/errors';
import { Member } from '../entities/member.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { Port, PORT_STATES } from '../entities/port.entity.js';
import { Switch } from '../entities/switch.entity.js';
import { isAdmin, requireAdmin, requireMemberVisible, type Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import { parseAsn, parseId } from '../services/validate.js';
import { removeInterfaces, type RemovalOptions } from './interface-removal.js';
import {
  oneOf,
  optionalBoolean,
  optionalLinkType,
  optionalSpeedMbps,
  parsePortName,
} from './port-input.rules.js';
import { findSwitch } from './switch.service.js';

export interface PortInput {
  /** The member's ASN (only when creating). */
  member?: unknown;
  /** Switch id or name (when creating; `move` changes it). */
  switch?: unknown;
  /** The port's name on the switch; for a LAG, the LAG's own name (`Port-Channel12`, `ae12`). */
  portName?: unknown;
  isLag?: unknown;
  /** A LAG's physical member ports on the same switch (`Ethernet1/1`, …). */
  lagMembers?: unknown;
  /** Speed of each physical link in Mbit/s (a LAG's members all run at one speed, as LACP needs). */
  linkSpeedMbps?: unknown;
  /** The optic or medium of each link, e.g. `10GBASE-LR`. */
  linkType?: unknown;
  state?: unknown;
}

export interface PortMoveInput {
  switch?: unknown;
  portName?: unknown;
  lagMembers?: unknown;
}

export interface PortFilter {
  /** The member's ASN. */
  member?: unknown;
  /** Switch id or name. */
  switch?: unknown;
}

export interface PortView {
  readonly port: Port;
  readonly memberAsn: number;
  readonly memberName: string;
  readonly switchName: string | null;
  /** The member interfaces (addresses) over this port. */
  readonly memberInterfaceIds: number[];
}

function parseLagMembers(value: unknown, field = 'lagMembers'): string[] {
  const items = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
  if (!Array.isArray(items) || items.length === 0)
    throw invalidValue(
      field,
      value ?? null,
      'must list the physical member ports of the LAG (e.g. Ethernet1/1)',
    );
  if (items.length > 32) throw invalidValue(field, value, 'lists more than 32 member ports');
  const names: string[] = [];
  for (const [i, item] of items.entries()) {
    const name = parsePortName(item, `${field}[${i}]`);
    if (names.includes(name)) throw invalidValue(`${field}[${i}]`, name, 'is listed twice');
    names.push(name);
  }
  return names;
}

/** Ports (physical or LAG) of members: where they are, how fast, and what is configured over them. */
@Injectable()
export class PortService {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, filter: PortFilter = {}): Promise<PortView[]> {
    const m = this.dataSource.manager;
    const where: Record<string, unknown> = {};
    if (filter.member !== undefined && filter.member !== '') {
      const asn = parseAsn(filter.member, 'member');
      const member = await m.findOneBy(Member, { asn });
      if (!member || (!isAdmin(actor) && actor.memberId !== member.id)) return [];
      where.memberId = member.id;
    }
    if (!isAdmin(actor)) where.memberId = actor.memberId ?? -1;
    if (filter.switch !== undefined && filter.switch !== '') {
      if (!isAdmin(actor)) throw invalidValue('switch', filter.switch, 'is a filter for IXP staff');
      where.switchId = (await findSwitch(m, filter.switch)).id;
    }
    const ports = await m.find(Port, { where, order: { id: 'ASC' } });
    return this.viewsOf(m, ports);
  }

  async get(actor: Actor, idInput: unknown): Promise<PortView> {
    const id = parseId(idInput);
    const m = this.dataSource.manager;
    const port = await m.findOneBy(Port, { id });
    if (!port) throw notFound('port', id);
    requireMemberVisible(actor, port.memberId, 'port', id);
    return (await this.viewsOf(m, [port]))[0]!;
  }

  async create(actor: Actor, input: PortInput): Promise<PortView> {
    requireAdmin(actor);
    const asn = parseAsn(input.member, 'member');
    if (input.switch === undefined || input.switch === null || input.switch === '')
      throw invalidValue('switch', input.switch ?? null, 'is required: the switch id or name');
    const portName = parsePortName(input.portName);
    return this.dataSource.transaction(async (tx) => {
      const member = await tx.findOneBy(Member, { asn });
      if (!member) throw invalidValue('member', input.member, 'is not a member');
      const sw = await findSwitch(tx, input.switch);
      const port = tx.create(Port, {
        memberId: member.id,
        ixpId: sw.ixpId,
        switchId: sw.id,
        portName,
        isLag: optionalBoolean(input.isLag, 'isLag') ?? false,
        state: oneOf(input.state, PORT_STATES, 'state') ?? 'active',
        interfaces: [],
      });
      this.applyLinks(port, input, null);
      await this.requirePortNamesFree(tx, port, sw);
      const saved = await tx.save(port);
      await writeAudit(tx, actor, 'port.create', 'port', saved.id, null, saved);
      return (await this.viewsOf(tx, [saved]))[0]!;
    });
  }

  /** Speed, optic, state, LAG or not and its members; the place changes through `move`. */
  async update(actor: Actor, idInput: unknown, input: PortInput): Promise<PortView> {
    requireAdmin(actor);
    const id = parseId(idInput);
    for (const key of ['member', 'switch', 'portName'] as const)
      if (input[key] !== undefined)
        throw invalidValue(
          key,
          input[key],
          key === 'member'
            ? 'cannot be changed: remove the port and add it to the other member'
            : 'is changed by moving the port',
        );
    return this.dataSource.transaction(async (tx) => {
      const port = await tx.findOneBy(Port, { id });
      if (!port) throw notFound('port', id);
      const before = { ...port };
      const wasLag = port.isLag;
      const isLag = optionalBoolean(input.isLag, 'isLag');
      if (isLag !== undefined) port.isLag = isLag;
      const state = oneOf(input.state, PORT_STATES, 'state');
      if (state) port.state = state;
      this.applyLinks(port, input, wasLag);
      if (port.switchId !== null)
        await this.requirePortNamesFree(tx, port, await tx.findOneByOrFail(Switch, { id: port.switchId }));
      const saved = await tx.save(port);
      await writeAudit(tx, actor, 'port.update', 'port', saved.id, before, saved);
      return (await this.viewsOf(tx, [saved]))[0]!;
    });
  }

  /**
   * Moves a port to another switch and/or port name (a recabling); its member interfaces and
   * sessions stay with it. A LAG moved to another switch takes new member ports when given.
   */
  async move(actor: Actor, idInput: unknown, input: PortMoveInput): Promise<PortView> {
    requireAdmin(actor);
    const id = parseId(idInput);
    if (input.switch === undefined && input.portName === undefined && input.lagMembers === undefined)
      throw invalidValue('switch', null, 'or portName is required: where the port moves to');
    return this.dataSource.transaction(async (tx) => {
      const port = await tx.findOneBy(Port, { id });
      if (!port) throw notFound('port', id);
      const before = { ...port };
      let sw = port.switchId === null ? null : await tx.findOneByOrFail(Switch, { id: port.switchId });
      if (input.switch !== undefined) {
        sw = await findSwitch(tx, input.switch);
        if (sw.ixpId !== port.ixpId)
          throw invalidValue('switch', input.switch, 'belongs to another Ixp than the port');
        port.switchId = sw.id;
      }
      if (input.portName !== undefined) port.portName = parsePortName(input.portName);
      if (sw === null) throw invalidValue('switch', null, 'is required: the port has no switch yet');
      if (port.portName === null)
        throw invalidValue('portName', null, 'is required: the port has no name yet');
      const first = port.interfaces[0];
      if (port.isLag) {
        if (input.lagMembers !== undefined) {
          const names = parseLagMembers(input.lagMembers);
          port.interfaces = names.map((name) => ({
            name,
            speedMbps: first?.speedMbps ?? null,
            type: first?.type ?? null,
          }));
        }
      } else {
        if (input.lagMembers !== undefined)
          throw invalidValue('lagMembers', input.lagMembers, 'is only for a LAG port (isLag)');
        port.interfaces = [
          { name: port.portName, speedMbps: first?.speedMbps ?? null, type: first?.type ?? null },
        ];
      }
      await this.requirePortNamesFree(tx, port, sw);
      const saved = await tx.save(port);
      await writeAudit(tx, actor, 'port.move', 'port', saved.id, before, saved);
      return (await this.viewsOf(tx, [saved]))[0]!;
    });
  }

  /**
   * Removes a port and the member interfaces over it (the member leaves that connection). An
   * enabled route-server session on one of them refuses the removal unless `removeSessions`.
   */
  async remove(actor: Actor, idInput: unknown, options: RemovalOptions = {}): Promise<void> {
    requireAdmin(actor);
    const id = parseId(idInput);
    await this.dataSource.transaction(async (tx) => {
      const port = await tx.findOneBy(Port, { id });
      if (!port) throw notFound('port', id);
      const interfaces = await tx.find(MemberInterface, { where: { portId: id }, order: { id: 'ASC' } });
      await removeInterfaces(
        tx,
        actor,
        interfaces,
        options,
        `port ${id}${port.portName ? ` (${port.portName})` : ''}`,
      );
      await tx.delete(Port, { id });
      await writeAudit(tx, actor, 'port.delete', 'port', id, port, null);
    });
  }

  /**
   * Sets `interfaces` and `speedMbps` from the link inputs, keeping what is not given. `wasLag`:
   * whether the port was a LAG before this change (null: a new port).
   */
  private applyLinks(port: Port, input: PortInput, wasLag: boolean | null): void {
    const isNew = wasLag === null;
    const first = port.interfaces[0];
    const speed =
      input.linkSpeedMbps !== undefined || isNew
        ? optionalSpeedMbps(input.linkSpeedMbps, 'linkSpeedMbps')
        : (first?.speedMbps ?? null);
    const type =
      input.linkType !== undefined || isNew ? optionalLinkType(input.linkType) : (first?.type ?? null);
    let names: (string | null)[];
    if (input.lagMembers !== undefined && input.lagMembers !== null) {
      if (!port.isLag) throw invalidValue('lagMembers', input.lagMembers, 'is only for a LAG port (isLag)');
      names = parseLagMembers(input.lagMembers);
    } else if (!port.isLag) names = [port.portName];
    else if (isNew || !wasLag) names = parseLagMembers(input.lagMembers);
    // A LAG imported from IX-F knows how many member ports it has, not their names.
    else
      names = port.interfaces.length
        ? port.interfaces.map((i) => i.name ?? null)
        : parseLagMembers(undefined);
    port.interfaces = names.map((name) => ({ name, speedMbps: speed, type }));
    port.speedMbps = speed === null ? null : speed * port.interfaces.length;
  }

  /** A name is used once per switch, whether as a port's name or as a LAG's member port. */
  private async requirePortNamesFree(tx: EntityManager, port: Port, sw: Switch): Promise<void> {
    const mine = [port.portName, ...(port.isLag ? port.interfaces.map((i) => i.name) : [])].filter(
      (n): n is string => !!n,
    );
    if (port.isLag && port.interfaces.some((i) => i.name === port.portName))
      throw invalidValue('lagMembers', port.portName, "is the LAG's own name, not one of its member ports");
    const others = (await tx.findBy(Port, { switchId: sw.id })).filter((p) => p.id !== port.id);
    for (const other of others) {
      const used = new Set(
        [other.portName, ...other.interfaces.map((i) => i.name)].filter((n): n is string => !!n),
      );
      const clash = mine.find((n) => used.has(n));
      if (clash === undefined) continue;
      const member = await tx.findOneByOrFail(Member, { id: other.memberId });
      const field = clash === port.portName ? 'portName' : 'lagMembers';
      throw conflict(
        `${field}: ${JSON.stringify(clash)} is already used on switch ${sw.name} by port ${other.id}${other.portName && other.portName !== clash ? ` (${other.portName})` : ''} of AS${member.asn}`,
        { field, value: clash, reason: `is already used on switch ${sw.name}` },
      );
    }
  }

  private async viewsOf(m: EntityManager, ports: readonly Port[]): Promise<PortView[]> {
    if (ports.length === 0) return [];
    const memberIds = [...new Set(ports.map((p) => p.memberId))];
    const switchIds = [...new Set(ports.map((p) => p.switchId).filter((s): s is number => s !== null))];
    const [members, switches, interfaces] = await Promise.all([
      m.findBy(Member, { id: In(memberIds) }),
      switchIds.length ? m.findBy(Switch, { id: In(switchIds) }) : Promise.resolve([] as Switch[]),
      m.find(MemberInterface, { where: { portId: In(ports.map((p) => p.id)) }, order: { id: 'ASC' } }),
    ]);
    const memberById = new Map(members.map((x) => [x.id, x]));
    const switchName = new Map(switches.map((s) => [s.id, s.name]));
    return ports.map((port) => ({
      port,
      memberAsn: memberById.get(port.memberId)!.asn,
      memberName: memberById.get(port.memberId)!.name,
      switchName: port.switchId === null ? null : (switchName.get(port.switchId) ?? null),
      memberInterfaceIds: interfaces.filter((i) => i.portId === port.id).map((i) => i.id),
    }));
  }
}
