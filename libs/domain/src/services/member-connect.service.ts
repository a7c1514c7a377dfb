import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict, invalidValue } from '@ixora/errors';
import { Member, MEMBER_STATUSES, type MemberStatus } from '../entities/member.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { PeeringLan } from '../entities/peering-lan.entity.js';
import { Port } from '../entities/port.entity.js';
import { RouteServer } from '../entities/route-server.entity.js';
import { RouteServerSession } from '../entities/route-server-session.entity.js';
import { Switch } from '../entities/switch.entity.js';
import { publicMemberUrl } from '../ixf/ixf.exporter.js';
import { NetworkRepository } from '../repositories/network.repository.js';
import { requireAdmin, type Actor } from './actor.js';
import { writeAudit } from './audit.writer.js';
import { auditBogonAsnOverride, bogonAsnOverrideFor, parseBogonAsnReason } from './bogon-asn.rules.js';
import { suggestFreeAddresses } from './free-address.suggester.js';
import { requireMemberAddressUsable } from './lan-address.rules.js';
import { optionalSpeedMbps, parsePortName } from '../ports/port-input.rules.js';
import {
  optionalAddress,
  optionalPositiveInt,
  optionalText,
  parseAsn,
  parseAsSetNames,
  parseId,
  parseMacAddresses,
  requireAddressInside,
} from './validate.js';

/** Everything staff decide when a member is connected: the member, its port, its interface. */
export interface MemberConnectInput {
  asn?: unknown;
  name?: unknown;
  url?: unknown;
  peeringPolicy?: unknown;
  asSets?: unknown;
  maxPrefixV4?: unknown;
  maxPrefixV6?: unknown;
  /** Default `onboarding`: the member is set `active` when it is turned up. */
  status?: unknown;
  /** Staff's reason for allowing a bogon ASN; without it such an ASN is refused (bogon-asn.rules.ts). */
  allowBogonAsn?: unknown;
  peeringLanId?: unknown;
  ipv4Address?: unknown;
  ipv6Address?: unknown;
  macAddresses?: unknown;
  isRouteServerClient?: unknown;
  switchId?: unknown;
  portName?: unknown;
  speedMbps?: unknown;
}

/** The input, checked: what `connect` writes. */
export interface MemberConnectPlan {
  readonly asn: number;
  readonly member: {
    readonly name: string;
    readonly url: string | null;
    readonly peeringPolicy: string | null;
    readonly asSets: string[];
    readonly maxPrefixV4: number | null;
    readonly maxPrefixV6: number | null;
    readonly status: MemberStatus;
  };
  readonly bogonAsnReason: string | null;
  readonly lan: PeeringLan;
  readonly ixpId: number;
  readonly memberInterface: {
    readonly ipv4Address: string | null;
    readonly ipv6Address: string | null;
    readonly macAddresses: string[];
    readonly isRouteServerClient: boolean;
  };
  readonly port: {
    readonly switchId: number | null;
    readonly switchName: string | null;
    readonly portName: string | null;
    readonly speedMbps: number | null;
  };
  /** The sessions that will be created: route server name and family. */
  readonly sessions: readonly { readonly routeServer: string; readonly family: 4 | 6 }[];
}

export interface MemberConnectResult {
  readonly member: Member;
  readonly port: Port;
  readonly memberInterface: MemberInterface;
  readonly sessions: RouteServerSession[];
}

/** Free addresses of a peering LAN to offer, per family. */
export interface LanAddressChoices {
  readonly lan: PeeringLan;
  readonly ipv4: string[];
  readonly ipv6: string[];
}

function parseBoolean(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'on' || value === 'true') return true;
  if (value === 'false' || value === '') return false;
  throw invalidValue(field, value, 'must be true or false');
}

/**
 * Connecting a new member in one step (the staff console's onboarding): the member, its port,
 * its interface on a peering LAN and its route-server sessions, in one transaction, each audited.
 * Every rule of the separate steps holds: the ASN's bogon rule, addresses inside the LAN, not
 * reserved, not a route server's, not another member's.
 */
@Injectable()
export class MemberConnectService {
  constructor(private readonly dataSource: DataSource) {}

  /** Checks the input as `connect` would, writing nothing. */
  plan(actor: Actor, input: MemberConnectInput): Promise<MemberConnectPlan> {
    return planConnect(this.dataSource.manager, actor, input);
  }

  /**
   * Creates it all in one transaction; `inTransaction` adds the caller's own rows (a PeeringDB
   * link) to the same transaction.
   */
  connect(
    actor: Actor,
    input: MemberConnectInput,
    inTransaction?: (tx: EntityManager, result: MemberConnectResult) => Promise<void>,
  ): Promise<MemberConnectResult> {
    return this.dataSource.transaction(async (tx) => {
      const plan = await planConnect(tx, actor, input);
      const member = await tx.save(
        tx.create(Member, {
          asn: plan.asn,
          ...plan.member,
          policy: {},
          ...bogonAsnOverrideFor(actor, plan.asn, plan.bogonAsnReason),
        }),
      );
      await writeAudit(tx, actor, 'member.create', 'member', member.id, null, member);
      await auditBogonAsnOverride(tx, actor, member);
      const port = await tx.save(
        tx.create(Port, {
          memberId: member.id,
          ixpId: plan.ixpId,
          switchId: plan.port.switchId,
          portName: plan.port.portName,
          speedMbps: plan.port.speedMbps,
          isLag: false,
          interfaces: [{ name: plan.port.portName, speedMbps: plan.port.speedMbps, type: null }],
        }),
      );
      await writeAudit(tx, actor, 'port.create', 'port', port.id, null, port);
      const memberInterface = await tx.save(
        tx.create(MemberInterface, {
          memberId: member.id,
          peeringLanId: plan.lan.id,
          portId: port.id,
          ...plan.memberInterface,
        }),
      );
      await writeAudit(
        tx,
        actor,
        'member_interface.create',
        'member_interface',
        memberInterface.id,
        null,
        memberInterface,
      );
      await new NetworkRepository(tx).reconcileSessions(plan.lan.id);
      const sessions = await tx.find(RouteServerSession, {
        where: { memberInterfaceId: memberInterface.id },
        order: { id: 'ASC' },
      });
      for (const session of sessions)
        await writeAudit(tx, actor, 'session.create', 'route_server_session', session.id, null, session);
      const result = { member, port, memberInterface, sessions };
      if (inTransaction) await inTransaction(tx, result);
      return result;
    });
  }

  /** Free addresses of a LAN to suggest (`count` per family), lowest first. */
  async addressChoices(lanIdInput: unknown, count = 5): Promise<LanAddressChoices> {
    const lanId = parseId(lanIdInput, 'peeringLanId');
    const tx = this.dataSource.manager;
    const lan = await tx.findOneBy(PeeringLan, { id: lanId });
    if (!lan) throw invalidValue('peeringLanId', lanIdInput, 'is not a peering LAN');
    const used = await usedAddresses(tx, lan.id);
    return {
      lan,
      ipv4: lan.prefixV4 ? suggestFreeAddresses(lan.prefixV4, used, count) : [],
      ipv6: lan.prefixV6 ? suggestFreeAddresses(lan.prefixV6, used, count) : [],
    };
  }
}

async function usedAddresses(tx: EntityManager, lanId: number): Promise<string[]> {
  const rows = await tx.query<{ address: string }[]>(
    `SELECT host(ipv4_address) AS address FROM member_interface WHERE peering_lan_id = $1 AND ipv4_address IS NOT NULL
     UNION SELECT host(ipv6_address) FROM member_interface WHERE peering_lan_id = $1 AND ipv6_address IS NOT NULL
     UNION SELECT host(ipv4_address) FROM route_server WHERE ipv4_address IS NOT NULL
     UNION SELECT host(ipv6_address) FROM route_server WHERE ipv6_address IS NOT NULL`,
    [lanId],
  );
  return rows.map((row) => row.address);
}

async function requireAddressFree(
  tx: EntityManager,
  lanId: number,
  address: string | null,
  column: 'ipv4_address' | 'ipv6_address',
  field: string,
): Promise<void> {
  if (address === null) return;
  const [holder] = await tx.query<{ asn: string; name: string }[]>(
    `SELECT m.asn::text AS asn, m.name FROM member_interface i JOIN member m ON m.id = i.member_id
      WHERE i.peering_lan_id = $1 AND i.${column} = $2::inet LIMIT 1`,
    [lanId, address],
  );
  if (holder) {
    const reason = `is already used by AS${holder.asn} ${holder.name}`;
    throw conflict(`${field}: ${address} ${reason}`, { field, value: address, reason });
  }
}

async function planConnect(
  tx: EntityManager,
  actor: Actor,
  input: MemberConnectInput,
): Promise<MemberConnectPlan> {
  requireAdmin(actor);
  const asn = parseAsn(input.asn);
  const bogonAsnReason = parseBogonAsnReason(input.allowBogonAsn);
  const name = optionalText(input.name, 'name');
  if (name === null) throw invalidValue('name', input.name ?? null, 'is required');
  const url = optionalText(input.url, 'url', 2048);
  if (url !== null && publicMemberUrl(url) === null)
    throw invalidValue('url', url, 'must be an http:// or https:// URL');
  const status = input.status === undefined || input.status === '' ? 'onboarding' : input.status;
  if (!MEMBER_STATUSES.includes(status as MemberStatus))
    throw invalidValue('status', status, `must be one of ${MEMBER_STATUSES.join(', ')}`);
  const member = {
    name,
    url,
    peeringPolicy: optionalText(input.peeringPolicy, 'peeringPolicy', 64),
    asSets: parseAsSetNames(input.asSets === '' ? undefined : input.asSets),
    maxPrefixV4: optionalPositiveInt(input.maxPrefixV4, 'maxPrefixV4'),
    maxPrefixV6: optionalPositiveInt(input.maxPrefixV6, 'maxPrefixV6'),
    status: status as MemberStatus,
  };
  if (input.peeringLanId === undefined || input.peeringLanId === '')
    throw invalidValue('peeringLanId', input.peeringLanId ?? null, 'is required: the id of a peering LAN');
  const lanId = parseId(input.peeringLanId, 'peeringLanId');
  const lan = await tx.findOneBy(PeeringLan, { id: lanId });
  if (!lan) throw invalidValue('peeringLanId', input.peeringLanId, 'is not a peering LAN');
  const ipv4Address = optionalAddress(input.ipv4Address, 4, 'ipv4Address');
  const ipv6Address = optionalAddress(input.ipv6Address, 6, 'ipv6Address');
  if (ipv4Address === null && ipv6Address === null)
    throw invalidValue('ipv4Address', input.ipv4Address ?? null, 'or ipv6Address is required');
  requireAddressInside(ipv4Address, lan.prefixV4, 'ipv4Address');
  requireAddressInside(ipv6Address, lan.prefixV6, 'ipv6Address');
  await requireMemberAddressUsable(tx, ipv4Address, lan.prefixV4, 'ipv4Address');
  await requireMemberAddressUsable(tx, ipv6Address, lan.prefixV6, 'ipv6Address');
  await requireAddressFree(tx, lan.id, ipv4Address, 'ipv4_address', 'ipv4Address');
  await requireAddressFree(tx, lan.id, ipv6Address, 'ipv6_address', 'ipv6Address');
  const isRouteServerClient = parseBoolean(input.isRouteServerClient, 'isRouteServerClient');
  const macAddresses = parseMacAddresses(
    typeof input.macAddresses === 'string'
      ? input.macAddresses.split(/[\s,]+/).filter((m) => m !== '')
      : input.macAddresses,
  );
  let switchId: number | null = null;
  let switchName: string | null = null;
  if (input.switchId !== undefined && input.switchId !== null && input.switchId !== '') {
    switchId = parseId(input.switchId, 'switchId');
    const found = await tx.findOneBy(Switch, { id: switchId, ixpId: lan.ixpId });
    if (!found) throw invalidValue('switchId', input.switchId, 'is not a switch of this exchange');
    switchName = found.name;
  }
  const portName =
    input.portName === undefined || input.portName === null || input.portName === ''
      ? null
      : parsePortName(input.portName);
  if (switchId !== null && portName !== null) {
    // A name is used once per switch, as a port's name or as a LAG's member port (PortService).
    const [taken] = await tx.query<{ id: number }[]>(
      `SELECT id FROM port WHERE switch_id = $1 AND (port_name = $2 OR interfaces @> $3::jsonb) LIMIT 1`,
      [switchId, portName, JSON.stringify([{ name: portName }])],
    );
    if (taken) {
      const reason = `is already a port of switch ${switchName}`;
      throw conflict(`portName: ${portName} ${reason}`, { field: 'portName', value: portName, reason });
    }
  }
  const port = {
    switchId,
    switchName,
    portName,
    speedMbps: optionalSpeedMbps(input.speedMbps === '' ? undefined : input.speedMbps, 'speedMbps'),
  };
  if (await tx.findOneBy(Member, { asn }))
    throw conflict(`member AS${asn} already exists`, { field: 'asn', value: asn });
  const routeServer = await tx.findOneBy(RouteServer, { asn });
  if (routeServer) throw invalidValue('asn', asn, `is the ASN of route server ${routeServer.name}`);
  // Last, so every other problem of the input is named first (as MemberService.create does).
  bogonAsnOverrideFor(actor, asn, bogonAsnReason);
  const routeServers = await tx.find(RouteServer, {
    where: { peeringLanId: lan.id },
    order: { name: 'ASC' },
  });
  const sessions = isRouteServerClient
    ? routeServers.flatMap((rs) => [
        ...(rs.ipv4Address !== null && ipv4Address !== null
          ? [{ routeServer: rs.name, family: 4 as const }]
          : []),
        ...(rs.ipv6Address !== null && ipv6Address !== null
          ? [{ routeServer: rs.name, family: 6 as const }]
          : []),
      ])
    : [];
  return {
    asn,
    member,
    bogonAsnReason,
    lan,
    ixpId: lan.ixpId,
    memberInterface: { ipv4Address, ipv6Address, macAddresses, isRouteServerClient },
    port,
    sessions,
  };
}
