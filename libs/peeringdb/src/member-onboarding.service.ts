import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  auditBogonAsnOverride,
  bogonAsnOverrideFor,
  Ixp,
  Member,
  MEMBER_STATUSES,
  MemberInterface,
  NetworkRepository,
  optionalPositiveInt,
  optionalText,
  parseAsn,
  parseAsSetNames,
  parseBogonAsnReason,
  PeeringLan,
  requireAdmin,
  requireMemberAddressUsable,
  writeAudit,
  type Actor,
  type MemberStatus,
} from '@ixora/domain';
import { conflict, invalidValue, IxoraError, notFound } from '@ixora/errors';
import {
  buildMemberFromPeeringDb,
  PEERINGDB_FOLLOW_FIELDS,
  type PeeringDbFollowField,
  type PeeringDbInterfacePlan,
  type PeeringDbMemberFields,
  type PeeringDbMemberPlan,
} from './member-onboarding.builder.js';
import { PeeringDbMemberLink, type PeeringDbAppliedValues } from './peeringdb-mirror.entities.js';
import type { PeeringDbSource } from './peeringdb.source.js';

type MemberField = Exclude<PeeringDbFollowField, 'interfaces'>;
const MEMBER_FIELDS = PEERINGDB_FOLLOW_FIELDS.filter((f): f is MemberField => f !== 'interfaces');

/** Values staff typed with the onboarding command; each one stays theirs (not followed). */
export interface OnboardingOverrides {
  name?: unknown;
  url?: unknown;
  asSets?: unknown;
  maxPrefixV4?: unknown;
  maxPrefixV6?: unknown;
  peeringPolicy?: unknown;
  isNeverViaRouteServers?: unknown;
  status?: unknown;
}

export interface OnboardFromPeeringDbInput {
  readonly asn: unknown;
  /** The Ixp whose PeeringLans get the interfaces; default the only one. */
  readonly ixpId?: number;
  readonly overrides?: OnboardingOverrides;
  /** Leave these fields out of `follow` from the start. */
  readonly noFollow?: readonly PeeringDbFollowField[];
  /** Staff's reason for allowing a bogon ASN; without it such a network is refused. */
  readonly allowBogonAsn?: unknown;
}

export interface OnboardingResult {
  readonly member: Member;
  readonly interfaces: MemberInterface[];
  readonly follow: PeeringDbFollowField[];
  readonly warnings: string[];
}

export interface RefreshResult {
  readonly asn: number;
  /** Fields that took PeeringDB's new value. */
  readonly changed: PeeringDbFollowField[];
  /** Fields staff had changed by hand since the last refresh: now no longer followed. */
  readonly handSet: MemberField[];
  readonly interfacesAdded: MemberInterface[];
  readonly warnings: string[];
}

/**
 * Onboarding a member from PeeringDB (`ixora member add --asn A --from-peeringdb`) and keeping the
 * followed fields current. Staff's own values win: a field given at onboarding is not followed, and
 * a followed field staff later change by hand is noticed (it no longer equals the value last
 * applied) and dropped from `follow` instead of being overwritten.
 */
@Injectable()
export class PeeringDbOnboardingService {
  constructor(private readonly dataSource: DataSource) {}

  async onboard(
    actor: Actor,
    source: PeeringDbSource,
    input: OnboardFromPeeringDbInput,
  ): Promise<OnboardingResult> {
    requireAdmin(actor);
    const asn = parseAsn(input.asn);
    const bogonAsnReason = parseBogonAsnReason(input.allowBogonAsn);
    const overrides = parseOverrides(input.overrides ?? {});
    const noFollow = parseFollowFields(input.noFollow ?? [], 'noFollow');
    const net = await source.findNetByAsn(asn);
    if (!net) throw notFound('PeeringDB network', `AS${asn}`);
    const netixlans = await source.netixlansOfNet(net.id);

    return this.dataSource.transaction(async (tx) => {
      if (await tx.findOneBy(Member, { asn }))
        throw conflict(`member AS${asn} already exists`, { field: 'asn', value: asn });
      const bogonAsn = bogonAsnOverrideFor(actor, asn, bogonAsnReason);
      const { ixp, lans } = await loadIxp(tx, input.ixpId);
      const plan = buildMemberFromPeeringDb(net, onIxp(netixlans, ixp), lans, {
        maxPrefixHeadroomPercent: ixp.maxPrefixHeadroomPercent,
      });
      const handGiven = Object.keys(overrides.fields) as MemberField[];
      const follow = PEERINGDB_FOLLOW_FIELDS.filter(
        (f) => !handGiven.includes(f as MemberField) && !noFollow.includes(f),
      );
      const member = tx.create(Member, {
        asn,
        ...plan.fields,
        ...overrides.fields,
        ...(overrides.status ? { status: overrides.status } : {}),
        policy: {},
        ...bogonAsn,
      });
      const saved = await tx.save(member);
      await writeAudit(tx, actor, 'member.create', 'member', saved.id, null, {
        ...saved,
        source: 'peeringdb',
      });
      await auditBogonAsnOverride(tx, actor, saved);
      const warnings = [...plan.warnings];
      const interfaces = await addInterfaces(tx, actor, saved, plan.interfaces, warnings);
      await tx.insert(PeeringDbMemberLink, {
        memberId: saved.id,
        netId: net.id,
        follow,
        applied: appliedValues(plan, follow, interfaces),
        lastAppliedAt: new Date(),
      });
      return { member: saved, interfaces, follow, warnings };
    });
  }

  /** Applies PeeringDB's current values to the followed fields of one linked member. */
  async refresh(
    actor: Actor,
    source: PeeringDbSource,
    asnInput: unknown,
    options: { ixpId?: number } = {},
  ): Promise<RefreshResult> {
    requireAdmin(actor);
    const asn = parseAsn(asnInput);
    const member = await this.dataSource.manager.findOneBy(Member, { asn });
    if (!member) throw notFound('member', `AS${asn}`);
    const link = await this.dataSource.manager.findOneBy(PeeringDbMemberLink, { memberId: member.id });
    if (!link)
      throw invalidValue('asn', asn, 'is not linked to PeeringDB (onboard it with --from-peeringdb)');
    const net = await source.findNetByAsn(asn);
    if (!net) {
      return {
        asn,
        changed: [],
        handSet: [],
        interfacesAdded: [],
        warnings: [`AS${asn} is no longer in PeeringDB`],
      };
    }
    const netixlans = await source.netixlansOfNet(net.id);

    return this.dataSource.transaction(async (tx) => {
      const current = await tx.findOneByOrFail(Member, { id: member.id });
      const currentLink = await tx.findOneByOrFail(PeeringDbMemberLink, { memberId: member.id });
      const { ixp, lans } = await loadIxp(tx, options.ixpId);
      const plan = buildMemberFromPeeringDb(net, onIxp(netixlans, ixp), lans, {
        maxPrefixHeadroomPercent: ixp.maxPrefixHeadroomPercent,
      });
      const before = { ...current };
      const follow = new Set(currentLink.follow as PeeringDbFollowField[]);
      const applied: PeeringDbAppliedValues = { ...currentLink.applied };
      const changed: PeeringDbFollowField[] = [];
      const handSet: MemberField[] = [];
      for (const field of MEMBER_FIELDS) {
        if (!follow.has(field)) continue;
        if (field in applied && !isDeepStrictEqual(current[field], applied[field])) {
          follow.delete(field);
          delete applied[field];
          handSet.push(field);
          continue;
        }
        if (!isDeepStrictEqual(current[field], plan.fields[field])) {
          (current as unknown as Record<string, unknown>)[field] = plan.fields[field];
          changed.push(field);
        }
        applied[field] = plan.fields[field];
      }
      if (changed.length) {
        await tx.save(current);
        await writeAudit(tx, actor, 'member.update', 'member', current.id, before, {
          ...current,
          source: 'peeringdb',
        });
      }
      const warnings = [...plan.warnings];
      let interfacesAdded: MemberInterface[] = [];
      if (follow.has('interfaces')) {
        const existing = await tx.findBy(MemberInterface, { memberId: current.id });
        const missing = plan.interfaces.filter(
          (p) =>
            !existing.some(
              (e) =>
                e.peeringLanId === p.peeringLanId &&
                ((p.ipv4Address !== null && e.ipv4Address === p.ipv4Address) ||
                  (p.ipv6Address !== null && e.ipv6Address === p.ipv6Address)),
            ),
        );
        interfacesAdded = await addInterfaces(tx, actor, current, missing, warnings);
        if (interfacesAdded.length) changed.push('interfaces');
      }
      await tx.update(
        PeeringDbMemberLink,
        { memberId: current.id },
        {
          netId: net.id,
          follow: PEERINGDB_FOLLOW_FIELDS.filter((f) => follow.has(f)),
          applied,
          lastAppliedAt: new Date(),
        },
      );
      return { asn, changed, handSet, interfacesAdded, warnings };
    });
  }

  /** Refreshes every member linked to PeeringDB (after a sync); one result per member. */
  async refreshAll(
    actor: Actor,
    source: PeeringDbSource,
    options: { ixpId?: number } = {},
  ): Promise<RefreshResult[]> {
    const links = await this.dataSource.manager.find(PeeringDbMemberLink, { order: { memberId: 'ASC' } });
    const results: RefreshResult[] = [];
    for (const link of links) {
      const member = await this.dataSource.manager.findOneBy(Member, { id: link.memberId });
      if (!member) continue;
      // One member PeeringDB cannot be applied to (e.g. an address now taken) must not stop the rest.
      try {
        results.push(await this.refresh(actor, source, member.asn, options));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.push({
          asn: member.asn,
          changed: [],
          handSet: [],
          interfacesAdded: [],
          warnings: [`refresh failed: ${message}`],
        });
      }
    }
    return results;
  }

  /**
   * Staff's per-member switches: which fields follow PeeringDB from now on. A member not linked
   * yet (imported, added by hand) is linked to its network in the mirror.
   */
  async setFollow(
    actor: Actor,
    asnInput: unknown,
    fieldsInput: readonly unknown[],
  ): Promise<PeeringDbFollowField[]> {
    requireAdmin(actor);
    const asn = parseAsn(asnInput);
    const fields = parseFollowFields(fieldsInput, 'follow');
    return this.dataSource.transaction(async (tx) => {
      const member = await tx.findOneBy(Member, { asn });
      if (!member) throw notFound('member', `AS${asn}`);
      const link =
        (await tx.findOneBy(PeeringDbMemberLink, { memberId: member.id })) ??
        (await linkToMirror(tx, member));
      const applied: PeeringDbAppliedValues = { ...link.applied };
      for (const field of MEMBER_FIELDS) {
        // A field switched (back) on takes PeeringDB's value at the next refresh.
        if (fields.includes(field) && !link.follow.includes(field)) applied[field] = member[field];
        if (!fields.includes(field)) delete applied[field];
      }
      const follow = PEERINGDB_FOLLOW_FIELDS.filter((f) => fields.includes(f));
      await tx.save(PeeringDbMemberLink, { ...link, follow, applied });
      await writeAudit(
        tx,
        actor,
        'member.peeringdb_follow',
        'member',
        member.id,
        { follow: link.follow },
        { follow },
      );
      return follow;
    });
  }

  async followOf(asnInput: unknown): Promise<PeeringDbMemberLink | undefined> {
    const asn = parseAsn(asnInput);
    const member = await this.dataSource.manager.findOneBy(Member, { asn });
    if (!member) throw notFound('member', `AS${asn}`);
    return (
      (await this.dataSource.manager.findOneBy(PeeringDbMemberLink, { memberId: member.id })) ?? undefined
    );
  }
}

/**
 * A member that came from elsewhere (IX-F import, by hand) gets linked to its network in the
 * mirror, following nothing yet; `setFollow` then picks the fields.
 */
async function linkToMirror(tx: EntityManager, member: Member): Promise<PeeringDbMemberLink> {
  const [net] = await tx.query<{ id: number }[]>(
    `SELECT id FROM peeringdb_net WHERE asn = $1 AND status = 'ok' ORDER BY id LIMIT 1`,
    [member.asn],
  );
  if (!net) {
    throw invalidValue('asn', member.asn, 'is not in the PeeringDB mirror: run `ixora peeringdb sync` first');
  }
  return tx.create(PeeringDbMemberLink, {
    memberId: member.id,
    netId: net.id,
    follow: [],
    applied: {},
    lastAppliedAt: null,
  });
}

async function loadIxp(
  tx: EntityManager,
  ixpId: number | undefined,
): Promise<{ ixp: Ixp; lans: PeeringLan[] }> {
  let ixp: Ixp | null;
  if (ixpId !== undefined) {
    ixp = await tx.findOneBy(Ixp, { id: ixpId });
    if (!ixp) throw notFound('Ixp', ixpId);
  } else {
    const all = await tx.find(Ixp, { order: { id: 'ASC' }, take: 2 });
    if (all.length !== 1) {
      throw invalidValue(
        'ixpId',
        undefined,
        all.length === 0 ? 'is needed: there is no Ixp yet' : 'is needed: there are several Ixps',
      );
    }
    ixp = all[0]!;
  }
  const lans = await tx.find(PeeringLan, { where: { ixpId: ixp.id }, order: { id: 'ASC' } });
  return { ixp, lans };
}

/** Only this Ixp's netixlans when its PeeringDB ix is known; the LAN prefixes decide the rest. */
function onIxp<T extends { ix_id: number }>(netixlans: readonly T[], ixp: Ixp): T[] {
  return ixp.peeringdbIxId === null ? [...netixlans] : netixlans.filter((n) => n.ix_id === ixp.peeringdbIxId);
}

/** Why a PeeringDB address cannot be this member's (a route server's, the LAN's network address, …). */
async function firstRefusal(
  tx: EntityManager,
  plan: PeeringDbInterfacePlan,
  lan: PeeringLan,
): Promise<string | undefined> {
  try {
    await requireMemberAddressUsable(tx, plan.ipv4Address, lan.prefixV4, 'ipv4Address');
    await requireMemberAddressUsable(tx, plan.ipv6Address, lan.prefixV6, 'ipv6Address');
    return undefined;
  } catch (error) {
    if (error instanceof IxoraError) return error.message;
    throw error;
  }
}

async function addInterfaces(
  tx: EntityManager,
  actor: Actor,
  member: Member,
  planned: readonly PeeringDbInterfacePlan[],
  warnings: string[],
): Promise<MemberInterface[]> {
  const added: MemberInterface[] = [];
  const lanIds = new Set<number>();
  for (const plan of planned) {
    // An address PeeringDB lists for this network but ixora has on another member is a conflict
    // for staff to resolve (the consistency report shows it), not a reason to fail onboarding.
    const taken = await tx.find(MemberInterface, {
      where: [
        ...(plan.ipv4Address ? [{ peeringLanId: plan.peeringLanId, ipv4Address: plan.ipv4Address }] : []),
        ...(plan.ipv6Address ? [{ peeringLanId: plan.peeringLanId, ipv6Address: plan.ipv6Address }] : []),
      ],
    });
    if (taken.length) {
      warnings.push(
        `netixlan ${plan.netixlanId}: ${[plan.ipv4Address, plan.ipv6Address].filter(Boolean).join(', ')} is already in use on this LAN; not added`,
      );
      continue;
    }
    const lan = await tx.findOneByOrFail(PeeringLan, { id: plan.peeringLanId });
    const refused = await firstRefusal(tx, plan, lan);
    if (refused) {
      warnings.push(`netixlan ${plan.netixlanId}: ${refused}; not added`);
      continue;
    }
    const iface = await tx.save(
      tx.create(MemberInterface, {
        memberId: member.id,
        peeringLanId: plan.peeringLanId,
        ipv4Address: plan.ipv4Address,
        ipv6Address: plan.ipv6Address,
        isRouteServerClient: plan.isRouteServerClient,
        macAddresses: [],
      }),
    );
    await writeAudit(tx, actor, 'member_interface.create', 'member_interface', iface.id, null, {
      ...iface,
      source: 'peeringdb',
    });
    added.push(iface);
    lanIds.add(plan.peeringLanId);
  }
  const network = new NetworkRepository(tx);
  for (const lanId of lanIds) await network.reconcileSessions(lanId);
  return added;
}

function appliedValues(
  plan: PeeringDbMemberPlan,
  follow: readonly PeeringDbFollowField[],
  interfaces: readonly MemberInterface[],
): PeeringDbAppliedValues {
  const applied: PeeringDbAppliedValues = {};
  for (const field of MEMBER_FIELDS) if (follow.includes(field)) applied[field] = plan.fields[field];
  if (follow.includes('interfaces')) applied.interfaces = interfaces.map((i) => i.id);
  return applied;
}

function parseOverrides(input: OnboardingOverrides): {
  fields: Partial<PeeringDbMemberFields>;
  status: MemberStatus | undefined;
} {
  const fields: { -readonly [K in keyof PeeringDbMemberFields]?: PeeringDbMemberFields[K] } = {};
  if (input.name !== undefined) fields.name = requiredText(input.name, 'name', 255);
  if (input.url !== undefined) fields.url = optionalText(input.url, 'url', 2048);
  if (input.asSets !== undefined) fields.asSets = parseAsSetNames(input.asSets);
  if (input.maxPrefixV4 !== undefined)
    fields.maxPrefixV4 = optionalPositiveInt(input.maxPrefixV4, 'maxPrefixV4');
  if (input.maxPrefixV6 !== undefined)
    fields.maxPrefixV6 = optionalPositiveInt(input.maxPrefixV6, 'maxPrefixV6');
  if (input.peeringPolicy !== undefined)
    fields.peeringPolicy = optionalText(input.peeringPolicy, 'peeringPolicy', 64);
  if (input.isNeverViaRouteServers !== undefined) {
    if (typeof input.isNeverViaRouteServers !== 'boolean') {
      throw invalidValue('isNeverViaRouteServers', input.isNeverViaRouteServers, 'must be true or false');
    }
    fields.isNeverViaRouteServers = input.isNeverViaRouteServers;
  }
  let status: MemberStatus | undefined;
  if (input.status !== undefined) {
    if (!MEMBER_STATUSES.includes(input.status as MemberStatus)) {
      throw invalidValue('status', input.status, `must be one of ${MEMBER_STATUSES.join(', ')}`);
    }
    status = input.status as MemberStatus;
  }
  return { fields, status };
}

function parseFollowFields(values: readonly unknown[], field: string): PeeringDbFollowField[] {
  return values.map((value, i) => {
    if (!PEERINGDB_FOLLOW_FIELDS.includes(value as PeeringDbFollowField)) {
      throw invalidValue(`${field}[${i}]`, value, `must be one of ${PEERINGDB_FOLLOW_FIELDS.join(', ')}`);
    }
    return value as PeeringDbFollowField;
  });
}

function requiredText(value: unknown, field: string, max: number): string {
  const text = optionalText(value, field, max);
  if (text === null) throw invalidValue(field, value, 'is required');
  return text;
}
