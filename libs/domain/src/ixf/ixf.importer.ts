import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { IxoraError, isIxoraError } from '@ixora/errors';
import { Asn, IpAddress, IpPrefix, ipv4InIpv6Reason } from '@ixora/net';
import { Ixp } from '../entities/ixp.entity.js';
import { Member, MEMBER_TYPES, type MemberType } from '../entities/member.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { PeeringLan } from '../entities/peering-lan.entity.js';
import { Port, PORT_STATES, type PortInterface, type PortState } from '../entities/port.entity.js';
import { recordRun, type RunHandle } from '../runs/run.recorder.js';
import { Switch } from '../entities/switch.entity.js';
import { NetworkRepository } from '../repositories/network.repository.js';
import { requireAdmin, type Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import {
  auditBogonAsnOverride,
  bogonAsnOverrideFor,
  parseBogonAsnReason,
} from '../services/bogon-asn.rules.js';
import { requireMemberAddressUsable } from '../services/lan-address.rules.js';
import { checkJsonValue, MAX_JSON_DEPTH, parseAsSetNames, parseMacAddresses } from '../services/validate.js';
import { ixfSchema, jsonPath, type IxfDocument, type IxfIxp, type IxfMember } from './ixf.schema.js';

export interface ImportCounts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export type IxfImportResult = Record<
  'ixps' | 'peeringLans' | 'switches' | 'members' | 'ports' | 'memberInterfaces',
  ImportCounts
> & {
  sessionsCreated: number;
  sessionsRemoved: number;
};

type Path = (string | number)[];

/** Called after each member: members done, members in the file. */
export type ImportProgress = (done: number, total: number) => void;

export interface IxfImportOptions {
  readonly onProgress?: ImportProgress;
  /**
   * Staff's reason for allowing the bogon ASNs (documentation, private-use, …) of the members this
   * import creates, as for a lab exchange; without it such a member fails the import.
   */
  readonly allowBogonAsn?: unknown;
}

function fail(path: Path, value: unknown, reason: string): never {
  const field = jsonPath(path);
  throw new IxoraError('invalid_value', `${field}: ${JSON.stringify(value)} ${reason}`, { field, value });
}

/** Runs a value parser and re-labels its error with the JSON path of the value. */
function at<T>(path: Path, value: unknown, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isIxoraError(error)) fail(path, value, error.message.replace(/^[^:]*: ("[^"]*"|\S+) /, ''));
    throw error;
  }
}

function zeroCounts(): ImportCounts {
  return { created: 0, updated: 0, deleted: 0, unchanged: 0 };
}

/** Sets the fields that differ; true when something changed (so a re-import changes nothing). */
function assignChanged<T extends object>(entity: T, patch: Partial<T>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    const current = (entity as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(current ?? null, value ?? null)) {
      (entity as Record<string, unknown>)[key] = value;
      changed = true;
    }
  }
  return changed;
}

const PORT_STATE_ALIASES: Record<string, PortState> = {
  active: 'active',
  inactive: 'inactive',
  connected: 'connected',
  disconnected: 'disconnected',
};

/**
 * Imports an IX-F Member Export 1.0: Ixp, switches, PeeringLans, Members, Ports and
 * MemberInterfaces, then makes the route-server sessions match. All or nothing: the first problem
 * is reported with its JSON path and nothing is written. Re-importing the same file changes nothing.
 */
@Injectable()
export class IxfImporter {
  constructor(private readonly dataSource: DataSource) {}

  parse(text: string): IxfDocument {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      const at = position === undefined ? '' : ` (at character ${position})`;
      throw new IxoraError('invalid_value', `$: not JSON${at}`, { field: '$' });
    }
    const problem = checkJsonValue(raw, MAX_JSON_DEPTH, '$');
    if (problem) throw problem;
    const parsed = ixfSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path as Path;
      let value: unknown = raw;
      for (const p of path) value = (value as Record<string | number, unknown> | undefined)?.[p];
      fail(path, value ?? null, issue.message);
    }
    return parsed.data;
  }

  async import(actor: Actor, text: string, options: IxfImportOptions = {}): Promise<IxfImportResult> {
    requireAdmin(actor);
    const bogonAsnReason = parseBogonAsnReason(options.allowBogonAsn);
    const doc = this.parse(text);
    const run = await recordRun(this.dataSource, 'ixf_import');
    try {
      const result = await this.dataSource.transaction(async (tx) => {
        const r = await new IxfImportRun(tx, actor, doc, options.onProgress, bogonAsnReason).run();
        await writeAudit(tx, actor, 'ixf.import', 'ixp', null, null, r);
        return r;
      });
      await this.finishRun(run, 'succeeded', result, null);
      return result;
    } catch (error) {
      await this.finishRun(run, 'failed', null, (error as Error).message);
      throw error;
    }
  }

  private async finishRun(
    run: RunHandle,
    status: 'succeeded' | 'failed',
    result: IxfImportResult | null,
    error: string | null,
  ) {
    const counts: Record<string, number> = {};
    if (result) {
      for (const kind of Object.keys(result) as (keyof IxfImportResult)[]) {
        const c = result[kind];
        if (typeof c === 'number') counts[kind] = c;
        else for (const k of Object.keys(c) as (keyof ImportCounts)[]) counts[`${kind}.${k}`] = c[k];
      }
    }
    await run.finish(counts, { status, error });
  }
}

class IxfImportRun {
  private readonly result: IxfImportResult = {
    ixps: zeroCounts(),
    peeringLans: zeroCounts(),
    switches: zeroCounts(),
    members: zeroCounts(),
    ports: zeroCounts(),
    memberInterfaces: zeroCounts(),
    sessionsCreated: 0,
    sessionsRemoved: 0,
  };
  private readonly ixpByLocalId = new Map<number, Ixp>();
  private readonly lansByLocalIxp = new Map<number, Map<number, PeeringLan>>();
  private readonly switchesByLocalIxp = new Map<number, Map<number, Switch>>();

  constructor(
    private readonly tx: EntityManager,
    private readonly actor: Actor,
    private readonly doc: IxfDocument,
    private readonly onProgress: ImportProgress | undefined,
    private readonly bogonAsnReason: string | null,
  ) {}

  async run(): Promise<IxfImportResult> {
    for (const [i, ixp] of this.doc.ixp_list.entries()) await this.importIxp(ixp, ['ixp_list', i]);
    const seenAsns = new Set<number>();
    for (const [k, member] of this.doc.member_list.entries()) {
      const asn = at(['member_list', k, 'asnum'], member.asnum, () => Asn.parse(member.asnum).value);
      if (seenAsns.has(asn)) fail(['member_list', k, 'asnum'], member.asnum, 'appears twice in member_list');
      seenAsns.add(asn);
      await this.importMember(member, asn, ['member_list', k]);
      this.onProgress?.(k + 1, this.doc.member_list.length);
    }
    const network = new NetworkRepository(this.tx);
    for (const lans of this.lansByLocalIxp.values()) {
      for (const lan of lans.values()) {
        const { created, removed } = await network.reconcileSessions(lan.id);
        this.result.sessionsCreated += created;
        this.result.sessionsRemoved += removed;
      }
    }
    return this.result;
  }

  /**
   * Saves an entity the file created or changed, with its audit record (who, what, before,
   * after), and counts it; an unchanged one is only counted.
   */
  private async persist<T extends { id: number }>(
    kind: Exclude<keyof IxfImportResult, 'sessionsCreated' | 'sessionsRemoved'>,
    entityType: string,
    entity: T,
    before: T | null,
    changed: boolean,
  ): Promise<T> {
    const counts = this.result[kind];
    if (before !== null && !changed) {
      counts.unchanged++;
      return entity;
    }
    const saved = await this.tx.save(entity);
    await writeAudit(
      this.tx,
      this.actor,
      `ixf.import.${before === null ? 'create' : 'update'}`,
      entityType,
      saved.id,
      before,
      saved,
    );
    if (before === null) counts.created++;
    else counts.updated++;
    return saved;
  }

  private async removeAudited<T extends { id: number }>(
    entityClass: new () => T,
    entityType: string,
    rows: T[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.tx.delete(entityClass, { id: In(rows.map((r) => r.id)) });
    for (const row of rows)
      await writeAudit(this.tx, this.actor, 'ixf.import.delete', entityType, row.id, row, null);
  }

  private async importIxp(src: IxfIxp, path: Path): Promise<void> {
    if (this.ixpByLocalId.has(src.ixp_id)) fail([...path, 'ixp_id'], src.ixp_id, 'appears twice in ixp_list');
    if (src.country !== undefined && !/^[A-Z]{2}$/.test(src.country))
      fail([...path, 'country'], src.country, 'is not an ISO 3166 two-letter code');
    let ixp =
      (await this.tx.findOneBy(Ixp, { ixfId: src.ixf_id })) ??
      (await this.tx.findOneBy(Ixp, { shortname: src.shortname }));
    const before = ixp ? { ...ixp } : null;
    ixp ??= this.tx.create(Ixp, { policy: {} });
    const changed = assignChanged(ixp, {
      shortname: src.shortname,
      name: src.name ?? null,
      ixfId: src.ixf_id,
      peeringdbIxId: src.peeringdb_id ?? null,
      country: src.country ?? null,
      url: src.url ?? null,
      supportEmail: src.support_email ?? null,
    });
    ixp = await this.persist('ixps', 'ixp', ixp, before, changed);
    this.ixpByLocalId.set(src.ixp_id, ixp);

    const switches = new Map<number, Switch>();
    for (const [j, sw] of (src.switch ?? []).entries()) {
      let entity = await this.tx.findOneBy(Switch, { ixpId: ixp.id, ixfId: sw.id });
      const swBefore = entity ? { ...entity } : null;
      entity ??= this.tx.create(Switch, { ixpId: ixp.id, ixfId: sw.id });
      if (switches.has(sw.id)) fail([...path, 'switch', j, 'id'], sw.id, 'appears twice');
      const swChanged = assignChanged(entity, {
        name: sw.name,
        colo: sw.colo ?? null,
        city: sw.city ?? null,
        country: sw.country ?? null,
        manufacturer: sw.manufacturer ?? null,
        model: sw.model ?? null,
        peeringdbFacilityId: sw.pdb_facility_id ?? null,
      });
      entity = await this.persist('switches', 'switch', entity, swBefore, swChanged);
      switches.set(sw.id, entity);
    }
    this.switchesByLocalIxp.set(src.ixp_id, switches);

    const lans = new Map<number, PeeringLan>();
    for (const [j, vlan] of (src.vlan ?? []).entries()) {
      const vpath = [...path, 'vlan', j];
      if (lans.has(vlan.id)) fail([...vpath, 'id'], vlan.id, 'appears twice');
      const prefixV4 = vlan.ipv4 ? this.vlanPrefix(vlan.ipv4, 4, [...vpath, 'ipv4']) : null;
      const prefixV6 = vlan.ipv6 ? this.vlanPrefix(vlan.ipv6, 6, [...vpath, 'ipv6']) : null;
      if (!prefixV4 && !prefixV6) continue; // a VLAN without addresses carries no peering
      let lan = await this.tx.findOneBy(PeeringLan, { ixpId: ixp.id, ixfVlanId: vlan.id });
      const lanBefore = lan ? { ...lan } : null;
      lan ??= this.tx.create(PeeringLan, { ixpId: ixp.id, ixfVlanId: vlan.id });
      const lanChanged = assignChanged(lan, {
        name: vlan.name ?? `VLAN ${vlan.id}`,
        vlanId: vlan.id >= 1 && vlan.id <= 4094 ? vlan.id : null,
        prefixV4,
        prefixV6,
      });
      lan = await this.persist('peeringLans', 'peering_lan', lan, lanBefore, lanChanged);
      lans.set(vlan.id, lan);
    }
    this.lansByLocalIxp.set(src.ixp_id, lans);
  }

  private vlanPrefix(v: { prefix: string; mask_length: number }, family: 4 | 6, path: Path): string {
    const text = `${v.prefix}/${v.mask_length}`;
    const prefix = at([...path, 'prefix'], v.prefix, () => IpPrefix.parse(text, { field: 'prefix' }));
    if (prefix.family !== family) fail([...path, 'prefix'], v.prefix, `is not an IPv${family} prefix`);
    const embedded = ipv4InIpv6Reason(prefix);
    if (embedded) fail([...path, 'prefix'], v.prefix, embedded);
    return prefix.toString();
  }

  private async importMember(src: IxfMember, asn: number, path: Path): Promise<void> {
    let member = await this.tx.findOneBy(Member, { asn });
    const before = member ? { ...member } : null;
    const override =
      member === null
        ? at([...path, 'asnum'], asn, () => bogonAsnOverrideFor(this.actor, asn, this.bogonAsnReason))
        : null;
    member ??= this.tx.create(Member, { asn, policy: {}, asSets: [], ...override });
    const memberType = src.member_type ?? 'peering';
    if (!MEMBER_TYPES.includes(memberType as MemberType)) {
      fail([...path, 'member_type'], memberType, `must be one of ${MEMBER_TYPES.join(', ')}`);
    }
    const memberSince =
      src.member_since === undefined ? null : this.date(src.member_since, [...path, 'member_since']);
    const macros: string[] = [];
    const maxPrefix = { v4: null as number | null, v6: null as number | null };
    for (const [c, conn] of src.connection_list.entries()) {
      for (const [v, vlan] of (conn.vlan_list ?? []).entries()) {
        for (const fam of ['ipv4', 'ipv6'] as const) {
          const a = vlan[fam];
          if (!a) continue;
          if (a.as_macro) {
            macros.push(
              ...at([...path, 'connection_list', c, 'vlan_list', v, fam, 'as_macro'], a.as_macro, () =>
                parseAsSetNames(a.as_macro),
              ),
            );
          }
          if (a.max_prefix) {
            const key = fam === 'ipv4' ? 'v4' : 'v6';
            maxPrefix[key] = Math.max(maxPrefix[key] ?? 0, a.max_prefix);
          }
        }
      }
    }
    const name = (src.name ?? `AS${asn}`).trim();
    if (name.length === 0 || name.length > 255 || /[\u0000-\u001f\u007f]/.test(name)) {
      fail([...path, 'name'], src.name, 'must be 1-255 characters without control characters');
    }
    const changed = assignChanged(member, {
      name,
      memberType: memberType as MemberType,
      url: src.url ?? null,
      peeringPolicy: src.peering_policy ?? null,
      memberSince,
      // A file without as_macro or max_prefix for this member leaves what staff set alone.
      ...(macros.length ? { asSets: [...new Set(macros)] } : {}),
      ...(maxPrefix.v4 !== null ? { maxPrefixV4: maxPrefix.v4 } : {}),
      ...(maxPrefix.v6 !== null ? { maxPrefixV6: maxPrefix.v6 } : {}),
    });
    member = await this.persist('members', 'member', member, before, changed);
    if (override) await auditBogonAsnOverride(this.tx, this.actor, member);
    await this.importConnections(member, src, path);
  }

  private date(value: string, path: Path): string {
    const match = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(value);
    if (!match || Number.isNaN(Date.parse(value))) fail(path, value, 'is not a date-time');
    return match[1]!;
  }

  private async importConnections(member: Member, src: IxfMember, path: Path): Promise<void> {
    const fileIxpIds = [...this.ixpByLocalId.values()].map((i) => i.id);
    const existingPorts = await this.tx.find(Port, {
      where: { memberId: member.id, ixpId: In(fileIxpIds) },
      order: { id: 'ASC' },
    });
    const fileLanIds = [...this.lansByLocalIxp.values()].flatMap((m) => [...m.values()].map((l) => l.id));
    const existingIfaces = await this.tx.find(MemberInterface, {
      where: { memberId: member.id, peeringLanId: In(fileLanIds) },
      order: { id: 'ASC' },
    });
    const keptPorts = new Set<number>();
    const keptIfaces = new Set<number>();

    for (const [c, conn] of src.connection_list.entries()) {
      const cpath = [...path, 'connection_list', c];
      const ixp =
        this.ixpByLocalId.get(conn.ixp_id) ??
        fail([...cpath, 'ixp_id'], conn.ixp_id, 'is not an ixp_id of ixp_list');
      const switches = this.switchesByLocalIxp.get(conn.ixp_id)!;
      const lans = this.lansByLocalIxp.get(conn.ixp_id)!;
      const state = conn.state === undefined ? 'active' : PORT_STATE_ALIASES[conn.state];
      if (!state || !PORT_STATES.includes(state))
        fail([...cpath, 'state'], conn.state, `must be one of ${PORT_STATES.join(', ')}`);
      const ifs: PortInterface[] = [];
      let switchId: number | null = null;
      for (const [f, ifc] of (conn.if_list ?? []).entries()) {
        if (ifc.switch_id !== undefined) {
          const sw =
            switches.get(ifc.switch_id) ??
            fail([...cpath, 'if_list', f, 'switch_id'], ifc.switch_id, 'is not a switch of this ixp');
          switchId ??= sw.id;
        }
        ifs.push({ speedMbps: ifc.if_speed ?? null, type: ifc.if_type ?? null });
      }
      const speeds = ifs.map((i) => i.speedMbps).filter((s): s is number => s !== null);
      let port = existingPorts[keptPorts.size];
      const portBefore = port ? { ...port } : null;
      port ??= this.tx.create(Port, { memberId: member.id });
      const portChanged = assignChanged(port, {
        ixpId: ixp.id,
        switchId,
        state,
        interfaces: ifs,
        speedMbps: speeds.length ? speeds.reduce((a, b) => a + b, 0) : null,
      });
      port = await this.persist('ports', 'port', port, portBefore, portChanged);
      keptPorts.add(port.id);

      for (const [v, vlan] of (conn.vlan_list ?? []).entries()) {
        const vpath = [...cpath, 'vlan_list', v];
        let lan: PeeringLan | undefined;
        if (vlan.vlan_id === undefined) {
          if (lans.size !== 1)
            fail([...vpath, 'vlan_id'], null, 'is required when the ixp has several VLANs');
          lan = [...lans.values()][0];
        } else {
          lan =
            lans.get(vlan.vlan_id) ??
            fail([...vpath, 'vlan_id'], vlan.vlan_id, 'is not a VLAN (with a prefix) of this ixp');
        }
        await this.importInterface(member, port, lan!, vlan, vpath, existingIfaces, keptIfaces);
      }
    }
    const stalePorts = existingPorts.filter((p) => !keptPorts.has(p.id));
    const staleIfaces = existingIfaces.filter((i) => !keptIfaces.has(i.id));
    await this.removeAudited(MemberInterface, 'member_interface', staleIfaces);
    await this.removeAudited(Port, 'port', stalePorts);
    this.result.memberInterfaces.deleted += staleIfaces.length;
    this.result.ports.deleted += stalePorts.length;
  }

  private async importInterface(
    member: Member,
    port: Port,
    lan: PeeringLan,
    vlan: NonNullable<IxfMember['connection_list'][number]['vlan_list']>[number],
    path: Path,
    existing: MemberInterface[],
    kept: Set<number>,
  ): Promise<void> {
    const addr = (fam: 'ipv4' | 'ipv6'): string | null => {
      const a = vlan[fam];
      if (!a) return null;
      const ip = at([...path, fam, 'address'], a.address, () => IpAddress.parse(a.address));
      const family = fam === 'ipv4' ? 4 : 6;
      if (ip.family !== family) fail([...path, fam, 'address'], a.address, `is not an IPv${family} address`);
      const prefix = family === 4 ? lan.prefixV4 : lan.prefixV6;
      if (!prefix || !IpPrefix.parse(prefix).contains(ip)) {
        fail(
          [...path, fam, 'address'],
          a.address,
          `is not inside VLAN ${lan.name} (${prefix ?? `no IPv${family} prefix`})`,
        );
      }
      return ip.toString();
    };
    const requireUsable = async (fam: 'ipv4' | 'ipv6', address: string | null): Promise<void> => {
      const prefix = fam === 'ipv4' ? lan.prefixV4 : lan.prefixV6;
      try {
        await requireMemberAddressUsable(this.tx, address, prefix, 'address');
      } catch (error) {
        if (!isIxoraError(error)) throw error;
        const field = jsonPath([...path, fam, 'address']);
        throw new IxoraError(error.code, `${field}: ${error.message.replace(/^address: /, '')}`, {
          field,
          value: address,
        });
      }
    };
    const ipv4Address = addr('ipv4');
    const ipv6Address = addr('ipv6');
    if (!ipv4Address && !ipv6Address) fail(path, vlan, 'has neither ipv4 nor ipv6');
    await requireUsable('ipv4', ipv4Address);
    await requireUsable('ipv6', ipv6Address);
    for (const [fam, address] of [
      ['ipv4', ipv4Address],
      ['ipv6', ipv6Address],
    ] as const) {
      if (!address) continue;
      const column = fam === 'ipv4' ? 'ipv4Address' : 'ipv6Address';
      const taken = await this.tx.findOneBy(MemberInterface, { peeringLanId: lan.id, [column]: address });
      if (taken && taken.memberId !== member.id)
        fail([...path, fam, 'address'], address, 'is already used by another member');
    }
    const macs = [
      ...new Set([
        ...at([...path, 'ipv4', 'mac_addresses'], vlan.ipv4?.mac_addresses, () =>
          parseMacAddresses(vlan.ipv4?.mac_addresses ?? []),
        ),
        ...at([...path, 'ipv6', 'mac_addresses'], vlan.ipv6?.mac_addresses, () =>
          parseMacAddresses(vlan.ipv6?.mac_addresses ?? []),
        ),
      ]),
    ];
    let iface = existing.find(
      (i) =>
        !kept.has(i.id) &&
        i.peeringLanId === lan.id &&
        ((ipv4Address !== null && i.ipv4Address === ipv4Address) ||
          (ipv6Address !== null && i.ipv6Address === ipv6Address)),
    );
    const before = iface ? { ...iface } : null;
    iface ??= this.tx.create(MemberInterface, { memberId: member.id, peeringLanId: lan.id });
    const changed = assignChanged(iface, {
      portId: port.id,
      ipv4Address,
      ipv6Address,
      macAddresses: macs,
      isRouteServerClient: vlan.ipv4?.routeserver ?? vlan.ipv6?.routeserver ?? true,
      maxPrefixV4: vlan.ipv4?.max_prefix || null,
      maxPrefixV6: vlan.ipv6?.max_prefix || null,
      asMacroV4: vlan.ipv4?.as_macro ?? null,
      asMacroV6: vlan.ipv6?.as_macro ?? null,
    });
    iface = await this.persist('memberInterfaces', 'member_interface', iface, before, changed);
    kept.add(iface.id);
  }
}
