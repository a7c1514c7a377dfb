import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type DeepPartial, type EntityManager } from 'typeorm';
import { Ixp } from '../entities/ixp.entity.js';
import { Member } from '../entities/member.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import { PeeringLan } from '../entities/peering-lan.entity.js';
import { Port } from '../entities/port.entity.js';
import { Switch } from '../entities/switch.entity.js';
import { NetworkRepository } from '../repositories/network.repository.js';
import { withRunRecord } from '../runs/run.recorder.js';
import { requireAdmin, type Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import {
  auditBogonAsnOverride,
  bogonAsnOverrideFor,
  parseBogonAsnReason,
} from '../services/bogon-asn.rules.js';
import { requireMemberAddressUsable } from '../services/lan-address.rules.js';
import {
  failAt,
  parseAt,
  parseIxfDocument,
  planIxfImport,
  rethrowAt,
  type IxfImportPlan,
  type IxpPlan,
  type MemberInterfacePlan,
  type MemberPlan,
} from './ixf-import.plan.js';
import type { IxfDocument } from './ixf.schema.js';

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

/** Called after each member: members done, members in the file. */
export type ImportProgress = (done: number, total: number) => void;

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

/** The run record's counts: `members.created`, …, `sessionsCreated`. */
function runCounts(result: IxfImportResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of Object.keys(result) as (keyof IxfImportResult)[]) {
    const c = result[kind];
    if (typeof c === 'number') counts[kind] = c;
    else for (const k of Object.keys(c) as (keyof ImportCounts)[]) counts[`${kind}.${k}`] = c[k];
  }
  return counts;
}

/**
 * Imports an IX-F Member Export 1.0: Ixp, switches, PeeringLans, Members, Ports and
 * MemberInterfaces, then makes the route-server sessions match. The document is checked and
 * planned without the database (`ixf-import.plan.ts`), then applied here. All or nothing: the
 * first problem is reported with its JSON path and nothing is written. Re-importing the same file
 * changes nothing.
 */
export interface IxfImportOptions {
  readonly onProgress?: ImportProgress;
  /**
   * Staff's reason for allowing the bogon ASNs (documentation, private-use, …) of the members this
   * import creates, as for a lab exchange; without it such a member fails the import.
   */
  readonly allowBogonAsn?: unknown;
}

@Injectable()
export class IxfImporter {
  constructor(private readonly dataSource: DataSource) {}

  parse(text: string): IxfDocument {
    return parseIxfDocument(text);
  }

  async import(actor: Actor, text: string, options: IxfImportOptions = {}): Promise<IxfImportResult> {
    requireAdmin(actor);
    const bogonAsnReason = parseBogonAsnReason(options.allowBogonAsn);
    const doc = parseIxfDocument(text);
    return withRunRecord(
      this.dataSource,
      'ixf_import',
      () => {
        const plan = planIxfImport(doc);
        return this.dataSource.transaction(async (tx) => {
          const result = await new IxfImportRun(tx, actor, plan, options.onProgress, bogonAsnReason).run();
          await writeAudit(tx, actor, 'ixf.import', 'ixp', null, null, result);
          return result;
        });
      },
      { outcome: (result) => ({ counts: runCounts(result) }) },
    );
  }
}

type CountedKind = Exclude<keyof IxfImportResult, 'sessionsCreated' | 'sessionsRemoved'>;

/** Writes a plan in one transaction: matches each record to its row, then one audited upsert per record. */
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
    private readonly plan: IxfImportPlan,
    private readonly onProgress: ImportProgress | undefined,
    private readonly bogonAsnReason: string | null,
  ) {}

  async run(): Promise<IxfImportResult> {
    for (const ixp of this.plan.ixps) await this.applyIxp(ixp);
    for (const [k, member] of this.plan.members.entries()) {
      await this.applyMember(member);
      this.onProgress?.(k + 1, this.plan.members.length);
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
   * Creates the row (from `initial` and `fields`) or updates `existing` where `fields` differ,
   * with its audit record (who, what, before, after), and counts it; an unchanged row is only
   * counted. So re-importing the same file changes nothing.
   */
  private async upsert<T extends { id: number }>(
    kind: CountedKind,
    entityType: string,
    entityClass: new () => T,
    existing: T | null | undefined,
    initial: DeepPartial<T>,
    fields: Partial<T>,
  ): Promise<T> {
    const counts = this.result[kind];
    const before = existing ? { ...existing } : null;
    const entity = existing ?? this.tx.create(entityClass, initial);
    const isChanged = assignChanged(entity, fields);
    if (before !== null && !isChanged) {
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

  private async applyIxp(plan: IxpPlan): Promise<void> {
    const existing =
      (await this.tx.findOneBy(Ixp, { ixfId: plan.fields.ixfId })) ??
      (await this.tx.findOneBy(Ixp, { shortname: plan.fields.shortname }));
    const ixp = await this.upsert('ixps', 'ixp', Ixp, existing, { policy: {} }, plan.fields);
    this.ixpByLocalId.set(plan.localId, ixp);

    const switches = new Map<number, Switch>();
    for (const sw of plan.switches) {
      const key = { ixpId: ixp.id, ixfId: sw.ixfId };
      // A switch staff added by hand has no IX-F id; its own export names it by its id and name.
      const found =
        (await this.tx.findOneBy(Switch, key)) ??
        (await this.tx.findOneBy(Switch, { ixpId: ixp.id, name: sw.fields.name, ixfId: IsNull() }));
      switches.set(
        sw.ixfId,
        await this.upsert('switches', 'switch', Switch, found, key, { ...sw.fields, ixfId: sw.ixfId }),
      );
    }
    this.switchesByLocalIxp.set(plan.localId, switches);

    const lans = new Map<number, PeeringLan>();
    for (const lan of plan.peeringLans) {
      const key = { ixpId: ixp.id, ixfVlanId: lan.ixfVlanId };
      const found = await this.tx.findOneBy(PeeringLan, key);
      lans.set(
        lan.ixfVlanId,
        await this.upsert('peeringLans', 'peering_lan', PeeringLan, found, key, lan.fields),
      );
    }
    this.lansByLocalIxp.set(plan.localId, lans);
  }

  private async applyMember(plan: MemberPlan): Promise<void> {
    const existing = await this.tx.findOneBy(Member, { asn: plan.asn });
    // A member the file creates is held to the bogon-ASN rule; existing ones keep their ASN.
    const override = existing
      ? null
      : parseAt([...plan.path, 'asnum'], plan.asn, () =>
          bogonAsnOverrideFor(this.actor, plan.asn, this.bogonAsnReason),
        );
    const member = await this.upsert(
      'members',
      'member',
      Member,
      existing,
      { asn: plan.asn, policy: {}, asSets: [], ...override },
      plan.fields,
    );
    if (override) await auditBogonAsnOverride(this.tx, this.actor, member);
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

    for (const conn of plan.connections) {
      const ixp = this.ixpByLocalId.get(conn.ixpLocalId)!;
      const switchId =
        conn.switchIxfId === null
          ? null
          : this.switchesByLocalIxp.get(conn.ixpLocalId)!.get(conn.switchIxfId)!.id;
      const existingPort = existingPorts[keptPorts.size];
      // IX-F knows neither port names nor LAGs: what staff set for them stays.
      const interfaces = conn.fields.interfaces.map((i, k) => {
        const name = existingPort?.interfaces[k]?.name;
        return name ? { ...i, name } : i;
      });
      const isLag = (existingPort?.isLag ?? false) || interfaces.length > 1;
      const port = await this.upsert(
        'ports',
        'port',
        Port,
        existingPort,
        { memberId: member.id },
        { ixpId: ixp.id, switchId, ...conn.fields, interfaces, isLag },
      );
      keptPorts.add(port.id);
      for (const iface of conn.memberInterfaces) {
        const lan = this.lansByLocalIxp.get(iface.ixpLocalId)!.get(iface.ixfVlanId)!;
        await this.applyMemberInterface(member, port, lan, iface, existingIfaces, keptIfaces);
      }
    }
    const stalePorts = existingPorts.filter((p) => !keptPorts.has(p.id));
    const staleIfaces = existingIfaces.filter((i) => !keptIfaces.has(i.id));
    await this.removeAudited(MemberInterface, 'member_interface', staleIfaces);
    await this.removeAudited(Port, 'port', stalePorts);
    this.result.memberInterfaces.deleted += staleIfaces.length;
    this.result.ports.deleted += stalePorts.length;
  }

  /** The checks that need the database (route servers' and other members' addresses), then the upsert. */
  private async applyMemberInterface(
    member: Member,
    port: Port,
    lan: PeeringLan,
    plan: MemberInterfacePlan,
    existing: MemberInterface[],
    kept: Set<number>,
  ): Promise<void> {
    const { ipv4Address, ipv6Address } = plan.fields;
    for (const [fam, address, prefix] of [
      ['ipv4', ipv4Address, plan.lanPrefixV4],
      ['ipv6', ipv6Address, plan.lanPrefixV6],
    ] as const) {
      await requireMemberAddressUsable(this.tx, address, prefix, 'address').catch((error: unknown) =>
        rethrowAt([...plan.path, fam, 'address'], address, error),
      );
    }
    for (const [fam, address] of [
      ['ipv4', ipv4Address],
      ['ipv6', ipv6Address],
    ] as const) {
      if (!address) continue;
      const column = fam === 'ipv4' ? 'ipv4Address' : 'ipv6Address';
      const taken = await this.tx.findOneBy(MemberInterface, { peeringLanId: lan.id, [column]: address });
      if (taken && taken.memberId !== member.id)
        failAt([...plan.path, fam, 'address'], address, 'is already used by another member');
    }
    const found = existing.find(
      (i) =>
        !kept.has(i.id) &&
        i.peeringLanId === lan.id &&
        ((ipv4Address !== null && i.ipv4Address === ipv4Address) ||
          (ipv6Address !== null && i.ipv6Address === ipv6Address)),
    );
    const iface = await this.upsert(
      'memberInterfaces',
      'member_interface',
      MemberInterface,
      found,
      { memberId: member.id, peeringLanId: lan.id },
      { portId: port.id, ...plan.fields },
    );
    kept.add(iface.id);
  }
}
