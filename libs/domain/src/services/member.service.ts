import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { conflict, invalidValue, notFound } from '@ixora/errors';
import {
  Member,
  MEMBER_STATUSES,
  MEMBER_TYPES,
  type MemberStatus,
  type MemberType,
} from '../entities/member.entity.js';
import { MemberInterface } from '../entities/member-interface.entity.js';
import type { MemberRequest, MemberRequestValues } from '../entities/member-request.entity.js';
import { isEmptyChange, splitFilterChange } from '../member-requests/filter-widening.js';
import { memberFilterValues, openMemberRequest } from '../member-requests/member-request.service.js';
import { Port } from '../entities/port.entity.js';
import { RouteServer } from '../entities/route-server.entity.js';
import { RouteServerSession } from '../entities/route-server-session.entity.js';
import type { Page, PageRequest } from '../repositories/page.js';
import { requireAdmin, requireMemberVisible, requireMemberWritable, type Actor } from './actor.js';
import { publicMemberUrl } from '../ixf/ixf.exporter.js';
import { writeAudit } from './audit.writer.js';
import { auditBogonAsnOverride, bogonAsnOverrideFor, parseBogonAsnReason } from './bogon-asn.rules.js';
import { optionalPositiveInt, optionalText, parseAsn, parseAsSetNames } from './validate.js';

export interface MemberInput {
  asn?: unknown;
  name?: unknown;
  status?: unknown;
  memberType?: unknown;
  url?: unknown;
  peeringPolicy?: unknown;
  asSets?: unknown;
  maxPrefixV4?: unknown;
  maxPrefixV6?: unknown;
  isNeverViaRouteServers?: unknown;
  isHiddenFromPublic?: unknown;
  /** Staff's reason for allowing a bogon ASN (documentation, private-use, …); see bogon-asn.rules.ts. */
  allowBogonAsn?: unknown;
}

export interface MemberDetail {
  readonly member: Member;
  readonly ports: Port[];
  readonly interfaces: MemberInterface[];
  readonly sessions: RouteServerSession[];
}

/**
 * Fields a member_admin may change on its own member; everything else is staff's. Of these, the
 * filter fields change at once only when they narrow; a widening change becomes a MemberRequest.
 */
const MEMBER_EDITABLE = new Set([
  'asSets',
  'maxPrefixV4',
  'maxPrefixV6',
  'peeringPolicy',
  'url',
  'isHiddenFromPublic',
]);
const FILTER_FIELDS = ['asSets', 'maxPrefixV4', 'maxPrefixV6'] as const;

/** What an edit did: the member as saved, and the request opened for its widening part, if any. */
export interface MemberChangeResult {
  readonly member: Member;
  readonly request: MemberRequest | null;
}

function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalidValue(field, value, 'must be true or false');
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw invalidValue(field, value, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

@Injectable()
export class MemberService {
  constructor(private readonly dataSource: DataSource) {}

  async create(actor: Actor, input: MemberInput): Promise<Member> {
    requireAdmin(actor);
    const asn = parseAsn(input.asn);
    const bogonAsnReason = parseBogonAsnReason(input.allowBogonAsn);
    const name = optionalText(input.name, 'name');
    if (name === null) throw invalidValue('name', input.name, 'is required');
    return this.dataSource.transaction(async (tx) => {
      if (await tx.findOneBy(Member, { asn }))
        throw conflict(`member AS${asn} already exists`, { field: 'asn', value: asn });
      const routeServer = await tx.findOneBy(RouteServer, { asn });
      if (routeServer) throw invalidValue('asn', asn, `is the ASN of route server ${routeServer.name}`);
      const member = tx.create(Member, { asn, name, asSets: [], policy: {} });
      this.applyInput(member, { ...input, name }, true);
      // Last, so every other problem of the input is named first.
      Object.assign(member, bogonAsnOverrideFor(actor, asn, bogonAsnReason));
      const saved = await tx.save(member);
      await writeAudit(tx, actor, 'member.create', 'member', saved.id, null, saved);
      await auditBogonAsnOverride(tx, actor, saved);
      return saved;
    });
  }

  async list(actor: Actor, page: PageRequest, filter: { status?: MemberStatus } = {}): Promise<Page<Member>> {
    const where: Record<string, unknown> = {};
    if (filter.status) where.status = filter.status;
    if (actor.role !== 'admin') where.id = actor.memberId ?? -1;
    const [items, total] = await this.dataSource.manager.findAndCount(Member, {
      where,
      order: { asn: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total, ...page };
  }

  async get(actor: Actor, asnInput: unknown): Promise<MemberDetail> {
    const asn = parseAsn(asnInput);
    const member = await this.dataSource.manager.findOneBy(Member, { asn });
    if (!member) throw notFound('member', `AS${asn}`);
    requireMemberVisible(actor, member.id, 'member', `AS${asn}`);
    const m = this.dataSource.manager;
    const interfaces = await m.find(MemberInterface, {
      where: { memberId: member.id },
      order: { id: 'ASC' },
    });
    const sessions = interfaces.length
      ? await m.find(RouteServerSession, {
          where: { memberInterfaceId: In(interfaces.map((i) => i.id)) },
          order: { id: 'ASC' },
        })
      : [];
    const ports = await m.find(Port, { where: { memberId: member.id }, order: { id: 'ASC' } });
    return { member, ports, interfaces, sessions };
  }

  /**
   * Staff change any field at once. A member_admin's change that widens the member's filters (a
   * new AS-SET, a higher or cleared max-prefix limit) is not applied: it opens a MemberRequest for
   * staff, in the same transaction as the rest of the change, which is applied.
   */
  async update(actor: Actor, asnInput: unknown, input: MemberInput): Promise<MemberChangeResult> {
    const asn = parseAsn(asnInput);
    return this.dataSource.transaction(async (tx) => {
      const member = await tx.findOneBy(Member, { asn });
      if (!member) throw notFound('member', `AS${asn}`);
      requireMemberWritable(actor, member.id, 'member', `AS${asn}`);
      let direct = input;
      let widening: { current: MemberRequestValues; proposed: MemberRequestValues } | null = null;
      if (actor.role !== 'admin') {
        const denied = Object.keys(input).filter(
          (k) => (input as Record<string, unknown>)[k] !== undefined && !MEMBER_EDITABLE.has(k),
        );
        if (denied.length)
          throw invalidValue(
            denied[0]!,
            (input as Record<string, unknown>)[denied[0]!],
            'can only be changed by IXP staff',
          );
        const proposed: MemberRequestValues = {};
        if (input.asSets !== undefined) proposed.asSets = parseAsSetNames(input.asSets);
        if (input.maxPrefixV4 !== undefined)
          proposed.maxPrefixV4 = optionalPositiveInt(input.maxPrefixV4, 'maxPrefixV4');
        if (input.maxPrefixV6 !== undefined)
          proposed.maxPrefixV6 = optionalPositiveInt(input.maxPrefixV6, 'maxPrefixV6');
        const split = splitFilterChange(memberFilterValues(member, Object.keys(proposed)), proposed);
        direct = { ...input };
        for (const key of FILTER_FIELDS) delete direct[key];
        Object.assign(direct, split.direct);
        if (!isEmptyChange(split.widening)) widening = { current: split.current, proposed: split.widening };
      }
      if (input.asn !== undefined && parseAsn(input.asn) !== asn)
        throw invalidValue('asn', input.asn, 'cannot be changed');
      const before = { ...member };
      let saved = member;
      if (Object.values(direct).some((value) => value !== undefined)) {
        this.applyInput(member, direct, false);
        saved = await tx.save(member);
        await writeAudit(tx, actor, 'member.update', 'member', saved.id, before, saved);
      }
      const request = widening
        ? await openMemberRequest(tx, actor, {
            memberId: member.id,
            kind: 'member_filters',
            sessionId: null,
            current: widening.current,
            proposed: widening.proposed,
          })
        : null;
      return { member: saved, request };
    });
  }

  async remove(actor: Actor, asnInput: unknown): Promise<void> {
    requireAdmin(actor);
    const asn = parseAsn(asnInput);
    await this.dataSource.transaction(async (tx) => {
      const member = await tx.findOneBy(Member, { asn });
      if (!member) throw notFound('member', `AS${asn}`);
      await tx.delete(Member, { id: member.id });
      await writeAudit(tx, actor, 'member.delete', 'member', member.id, member, null);
    });
  }

  private applyInput(member: Member, input: MemberInput, isNew: boolean): void {
    if (input.name !== undefined) {
      const name = optionalText(input.name, 'name');
      if (name === null) throw invalidValue('name', input.name, 'is required');
      member.name = name;
    }
    const status = oneOf(input.status, MEMBER_STATUSES, 'status');
    if (status) member.status = status;
    const memberType = oneOf<MemberType>(input.memberType, MEMBER_TYPES, 'memberType');
    if (memberType) member.memberType = memberType;
    if (input.url !== undefined) {
      const url = optionalText(input.url, 'url', 2048);
      // The URL is published (IX-F export, pages): only a link that opens a web page.
      if (url !== null && publicMemberUrl(url) === null)
        throw invalidValue('url', url, 'must be an http:// or https:// URL');
      member.url = url;
    }
    if (input.peeringPolicy !== undefined)
      member.peeringPolicy = optionalText(input.peeringPolicy, 'peeringPolicy', 64);
    if (input.asSets !== undefined || isNew) member.asSets = parseAsSetNames(input.asSets);
    if (input.maxPrefixV4 !== undefined)
      member.maxPrefixV4 = optionalPositiveInt(input.maxPrefixV4, 'maxPrefixV4');
    if (input.maxPrefixV6 !== undefined)
      member.maxPrefixV6 = optionalPositiveInt(input.maxPrefixV6, 'maxPrefixV6');
    const never = optionalBoolean(input.isNeverViaRouteServers, 'isNeverViaRouteServers');
    if (never !== undefined) member.isNeverViaRouteServers = never;
    const hidden = optionalBoolean(input.isHiddenFromPublic, 'isHiddenFromPublic');
    if (hidden !== undefined) member.isHiddenFromPublic = hidden;
  }
}
