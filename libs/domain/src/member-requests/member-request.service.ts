import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { conflict, invalidValue, IxoraError, notFound } from '@ixora/errors';
import { Member } from '../entities/member.entity.js';
import {
  MEMBER_REQUEST_STATES,
  MemberRequest,
  type MemberRequestKind,
  type MemberRequestState,
  type MemberRequestValues,
} from '../entities/member-request.entity.js';
import { RouteServerSession } from '../entities/route-server-session.entity.js';
import type { Page, PageRequest } from '../repositories/page.js';
import { requireAdmin, requireMemberVisible, requireMemberWritable, type Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import { parseMemberPolicyPatch } from '../services/import-policy.service.js';
import {
  optionalMd5Password,
  optionalPositiveInt,
  parseAsn,
  parseAsSetNames,
  parseId,
} from '../services/validate.js';
import { isEmptyChange, isMaxPrefixWidening } from './filter-widening.js';

/** What a member_admin may change on its own session (`changeSessionSettings`). */
const MEMBER_SESSION_FIELDS: readonly string[] = ['maxPrefix', 'policy', 'md5Password'];

/**
 * A member turns blackholing (RFC 7999) on for its session only where the exchange lets members
 * do so (`membersMayAllowBlackhole`); otherwise it stays a decision of staff.
 */
async function requireBlackholeOptIn(tx: EntityManager, sessionId: number): Promise<void> {
  const [row] = await tx.query<{ allowed: boolean }[]>(
    `SELECT x.members_may_allow_blackhole AS allowed
       FROM route_server_session s
       JOIN route_server rs ON rs.id = s.route_server_id
       JOIN peering_lan l ON l.id = rs.peering_lan_id
       JOIN ixp x ON x.id = l.ixp_id
      WHERE s.id = $1`,
    [sessionId],
  );
  if (row?.allowed) return;
  throw new IxoraError(
    'forbidden',
    'policy.allowBlackhole: true can only be changed by IXP staff (this exchange does not let members opt into blackholing)',
    { field: 'policy.allowBlackhole', value: true },
  );
}

/** A request with the member it is about, as people name members. */
export interface MemberRequestView {
  readonly request: MemberRequest;
  readonly memberAsn: number;
  readonly memberName: string;
}

/** A member user's explicit request: the member's filter fields, or one session's limit. */
export interface MemberRequestInput {
  memberAsn?: unknown;
  sessionId?: unknown;
  asSets?: unknown;
  maxPrefixV4?: unknown;
  maxPrefixV6?: unknown;
  maxPrefix?: unknown;
  note?: unknown;
}

export interface OpenRequest {
  readonly memberId: number;
  readonly kind: MemberRequestKind;
  readonly sessionId: number | null;
  readonly current: MemberRequestValues;
  readonly proposed: MemberRequestValues;
  readonly note?: string | null;
}

function optionalNote(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > 2000 || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) {
    throw invalidValue(field, value, 'must be text of at most 2000 characters without control characters');
  }
  return value;
}

function parseRequestId(value: unknown): number {
  return parseId(value, 'id');
}

/** The member's current values of the given filter fields. */
export function memberFilterValues(member: Member, keys: Iterable<string>): MemberRequestValues {
  const values: MemberRequestValues = {};
  for (const key of keys) {
    if (key === 'asSets') values.asSets = [...member.asSets];
    if (key === 'maxPrefixV4') values.maxPrefixV4 = member.maxPrefixV4;
    if (key === 'maxPrefixV6') values.maxPrefixV6 = member.maxPrefixV6;
  }
  return values;
}

/**
 * Opens a pending request in the caller's transaction, audited. At most one pending request may
 * propose a value for the same field of the same member (or session), so approving an older one
 * cannot undo a newer one; the member's row is locked first so that two submissions at once see
 * each other.
 */
export async function openMemberRequest(
  tx: EntityManager,
  actor: Actor,
  open: OpenRequest,
): Promise<MemberRequest> {
  await tx.query(`SELECT id FROM member WHERE id = $1 FOR UPDATE`, [open.memberId]);
  const pending = await tx.findBy(MemberRequest, {
    memberId: open.memberId,
    kind: open.kind,
    state: 'pending',
    ...(open.sessionId === null ? {} : { sessionId: open.sessionId }),
  });
  const fields = Object.keys(open.proposed);
  const clash = pending.find((request) =>
    Object.keys(request.proposedValue).some((key) => fields.includes(key)),
  );
  if (clash) {
    const field = fields.find((key) => key in clash.proposedValue)!;
    throw conflict(`request ${clash.id} for ${field} is still pending; withdraw it first or wait for staff`, {
      field,
      value: clash.id,
    });
  }
  const saved = await tx.save(
    tx.create(MemberRequest, {
      memberId: open.memberId,
      kind: open.kind,
      sessionId: open.sessionId,
      requestedBy: actor.label,
      requestedByUserId: actor.userId,
      currentValue: open.current,
      proposedValue: open.proposed,
      note: open.note ?? null,
      state: 'pending',
    }),
  );
  await writeAudit(tx, actor, 'member_request.create', 'member_request', saved.id, null, saved);
  return saved;
}

/**
 * Requests by members' users for changes that widen their filters, and staff's decisions on them
 * (authorization here, not only in HTTP guards: a member never sees another member's requests).
 */
@Injectable()
export class MemberRequestService {
  constructor(private readonly dataSource: DataSource) {}

  /** An explicit request; the edit endpoints open one themselves when a change widens. */
  async create(actor: Actor, input: MemberRequestInput): Promise<MemberRequestView> {
    const note = optionalNote(input.note, 'note');
    return this.dataSource.transaction(async (tx) => {
      let open: OpenRequest;
      if (input.sessionId !== undefined && input.sessionId !== null) {
        for (const key of ['asSets', 'maxPrefixV4', 'maxPrefixV6'] as const) {
          if (input[key] !== undefined)
            throw invalidValue(key, input[key], 'is a member field; leave out sessionId to request it');
        }
        const sessionId = parseId(input.sessionId, 'sessionId');
        const [row] = await tx.query<{ member_id: number; max_prefix: number | null }[]>(
          `SELECT mi.member_id, s.max_prefix FROM route_server_session s
             JOIN member_interface mi ON mi.id = s.member_interface_id WHERE s.id = $1`,
          [sessionId],
        );
        if (!row) throw notFound('session', sessionId);
        requireMemberWritable(actor, row.member_id, 'session', sessionId);
        if (input.maxPrefix === undefined) throw invalidValue('maxPrefix', undefined, 'is required');
        const maxPrefix = optionalPositiveInt(input.maxPrefix, 'maxPrefix');
        if (maxPrefix === row.max_prefix)
          throw invalidValue('maxPrefix', input.maxPrefix, 'is the current value: nothing to request');
        open = {
          memberId: row.member_id,
          kind: 'session_max_prefix',
          sessionId,
          current: { maxPrefix: row.max_prefix },
          proposed: { maxPrefix },
          note,
        };
      } else {
        if (input.maxPrefix !== undefined)
          throw invalidValue('maxPrefix', input.maxPrefix, 'is a session field; give sessionId too');
        const asn = parseAsn(input.memberAsn, 'memberAsn');
        const member = await tx.findOneBy(Member, { asn });
        if (!member) throw notFound('member', `AS${asn}`);
        requireMemberWritable(actor, member.id, 'member', `AS${asn}`);
        const proposed: MemberRequestValues = {};
        if (input.asSets !== undefined) proposed.asSets = parseAsSetNames(input.asSets);
        if (input.maxPrefixV4 !== undefined)
          proposed.maxPrefixV4 = optionalPositiveInt(input.maxPrefixV4, 'maxPrefixV4');
        if (input.maxPrefixV6 !== undefined)
          proposed.maxPrefixV6 = optionalPositiveInt(input.maxPrefixV6, 'maxPrefixV6');
        if (isEmptyChange(proposed))
          throw invalidValue('asSets', undefined, 'or maxPrefixV4 or maxPrefixV6 is required');
        const current = memberFilterValues(member, Object.keys(proposed));
        if (JSON.stringify(current) === JSON.stringify(proposed))
          throw invalidValue(Object.keys(proposed)[0]!, input, 'is the current value: nothing to request');
        open = { memberId: member.id, kind: 'member_filters', sessionId: null, current, proposed, note };
      }
      const request = await openMemberRequest(tx, actor, open);
      return (await this.views(tx, [request]))[0]!;
    });
  }

  /**
   * A member_admin's edit of its session settings: the TCP MD5 key, the max-prefix limit and the
   * policy settings the settings table lets a member set (`memberMaySet`: bgpRole, addPath, and
   * allowBlackhole where the exchange's `membersMayAllowBlackhole` is on). Those and a lowered
   * limit apply at once (audited); raising or clearing the limit opens a request for staff.
   */
  async changeSessionSettings(
    actor: Actor,
    idInput: unknown,
    input: Record<string, unknown>,
  ): Promise<{ session: RouteServerSession; request: MemberRequestView | null }> {
    const sessionId = parseId(idInput, 'id');
    return this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query<{ member_id: number }[]>(
        `SELECT mi.member_id FROM route_server_session s
           JOIN member_interface mi ON mi.id = s.member_interface_id WHERE s.id = $1`,
        [sessionId],
      );
      if (!row) throw notFound('session', sessionId);
      // Visible first (another member's session is "not found"), then which policy settings a
      // member may set at all (403 naming policy.<key>, for member_user too), then read-only.
      requireMemberVisible(actor, row.member_id, 'session', sessionId);
      const policy = input.policy === undefined ? {} : parseMemberPolicyPatch(input.policy);
      requireMemberWritable(actor, row.member_id, 'session', sessionId);
      const denied = Object.keys(input).find(
        (key) => !MEMBER_SESSION_FIELDS.includes(key) && input[key] !== undefined,
      );
      if (denied) throw invalidValue(denied, input[denied], 'can only be changed by IXP staff');
      if (policy.allowBlackhole === true) await requireBlackholeOptIn(tx, sessionId);
      const session = await tx.findOneByOrFail(RouteServerSession, { id: sessionId });
      const before = { ...session, policy: { ...session.policy } };
      let isChanged = false;
      if (input.md5Password !== undefined) {
        // RFC 2385 key: set, replaced or cleared (null) by the member; never shown back.
        const key = optionalMd5Password(input.md5Password);
        if (key !== session.md5Password) {
          session.md5Password = key;
          isChanged = true;
        }
      }
      for (const [key, value] of Object.entries(policy) as [keyof typeof policy, unknown][]) {
        if (session.policy[key] === value) continue;
        Object.assign(session.policy, { [key]: value });
        isChanged = true;
      }
      let request: MemberRequestView | null = null;
      if (input.maxPrefix !== undefined) {
        const maxPrefix = optionalPositiveInt(input.maxPrefix, 'maxPrefix');
        if (isMaxPrefixWidening(session.maxPrefix, maxPrefix)) {
          const opened = await openMemberRequest(tx, actor, {
            memberId: row.member_id,
            kind: 'session_max_prefix',
            sessionId,
            current: { maxPrefix: session.maxPrefix },
            proposed: { maxPrefix },
          });
          request = (await this.views(tx, [opened]))[0]!;
        } else if (maxPrefix !== session.maxPrefix) {
          session.maxPrefix = maxPrefix;
          isChanged = true;
        }
      }
      if (!isChanged) return { session, request };
      const saved = await tx.save(session);
      await writeAudit(tx, actor, 'session.settings', 'route_server_session', saved.id, before, saved);
      return { session: saved, request };
    });
  }

  async list(
    actor: Actor,
    page: PageRequest,
    filter: { state?: unknown; memberAsn?: unknown } = {},
  ): Promise<Page<MemberRequestView>> {
    const where: Record<string, unknown> = {};
    if (filter.state !== undefined) {
      if (
        typeof filter.state !== 'string' ||
        !(MEMBER_REQUEST_STATES as readonly string[]).includes(filter.state)
      )
        throw invalidValue('state', filter.state, `must be one of ${MEMBER_REQUEST_STATES.join(', ')}`);
      where.state = filter.state;
    }
    if (filter.memberAsn !== undefined) {
      const asn = parseAsn(filter.memberAsn, 'memberAsn');
      const member = await this.dataSource.manager.findOneBy(Member, { asn });
      where.memberId = member?.id ?? -1;
    }
    if (actor.role !== 'admin') {
      const own = actor.memberId ?? -1;
      where.memberId = where.memberId === undefined || where.memberId === own ? own : -1;
    }
    const [requests, total] = await this.dataSource.manager.findAndCount(MemberRequest, {
      where,
      order: { id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: await this.views(this.dataSource.manager, requests), total, ...page };
  }

  async get(actor: Actor, idInput: unknown): Promise<MemberRequestView> {
    const id = parseRequestId(idInput);
    const request = await this.dataSource.manager.findOneBy(MemberRequest, { id });
    if (!request) throw notFound('request', id);
    requireMemberVisible(actor, request.memberId, 'request', id);
    return (await this.views(this.dataSource.manager, [request]))[0]!;
  }

  /** The member takes its own pending request back. */
  async withdraw(actor: Actor, idInput: unknown): Promise<MemberRequestView> {
    return this.decide(actor, idInput, 'withdrawn', null, {
      authorize: (request) => requireMemberWritable(actor, request.memberId, 'request', request.id),
    });
  }

  /** Staff decline, saying why; nothing changes. */
  async decline(actor: Actor, idInput: unknown, reasonInput: unknown): Promise<MemberRequestView> {
    requireAdmin(actor);
    const reason = optionalNote(reasonInput, 'reason');
    if (reason === null || reason.trim() === '')
      throw invalidValue('reason', reasonInput, 'is required: tell the member why');
    return this.decide(actor, idInput, 'declined', reason, {});
  }

  /** Staff approve: the proposed values are applied in the same transaction, audited as staff's change. */
  async approve(actor: Actor, idInput: unknown, reasonInput?: unknown): Promise<MemberRequestView> {
    requireAdmin(actor);
    const reason = optionalNote(reasonInput, 'reason');
    return this.decide(actor, idInput, 'approved', reason, {
      apply: (request, tx) => this.apply(actor, request, tx),
    });
  }

  private async apply(actor: Actor, request: MemberRequest, tx: EntityManager): Promise<void> {
    const proposed = request.proposedValue;
    if (request.kind === 'member_filters') {
      const member = await tx.findOneByOrFail(Member, { id: request.memberId });
      const before = { ...member };
      if (proposed.asSets !== undefined) member.asSets = parseAsSetNames(proposed.asSets);
      if (proposed.maxPrefixV4 !== undefined) member.maxPrefixV4 = proposed.maxPrefixV4;
      if (proposed.maxPrefixV6 !== undefined) member.maxPrefixV6 = proposed.maxPrefixV6;
      const saved = await tx.save(member);
      await writeAudit(tx, actor, 'member.update', 'member', saved.id, before, saved);
    } else {
      const session = await tx.findOneBy(RouteServerSession, { id: request.sessionId ?? -1 });
      if (!session) throw notFound('session', request.sessionId);
      const before = { ...session, policy: { ...session.policy } };
      session.maxPrefix = proposed.maxPrefix ?? null;
      const saved = await tx.save(session);
      await writeAudit(tx, actor, 'session.settings', 'route_server_session', saved.id, before, saved);
    }
  }

  private async decide(
    actor: Actor,
    idInput: unknown,
    state: Exclude<MemberRequestState, 'pending'>,
    reason: string | null,
    steps: {
      authorize?: (request: MemberRequest) => void;
      apply?: (request: MemberRequest, tx: EntityManager) => Promise<void>;
    },
  ): Promise<MemberRequestView> {
    const id = parseRequestId(idInput);
    return this.dataSource.transaction(async (tx) => {
      const request = await tx.findOne(MemberRequest, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw notFound('request', id);
      requireMemberVisible(actor, request.memberId, 'request', id);
      steps.authorize?.(request);
      if (request.state !== 'pending') {
        throw conflict(`request ${id} is already ${request.state}`, { field: 'state', value: request.state });
      }
      await steps.apply?.(request, tx);
      const before = { ...request };
      request.state = state;
      request.decidedBy = actor.label;
      request.decidedByUserId = actor.userId;
      request.decidedAt = new Date();
      request.reason = reason;
      const saved = await tx.save(request);
      const action = { approved: 'approve', declined: 'decline', withdrawn: 'withdraw' }[state];
      await writeAudit(tx, actor, `member_request.${action}`, 'member_request', id, before, saved);
      return (await this.views(tx, [saved]))[0]!;
    });
  }

  private async views(m: EntityManager, requests: MemberRequest[]): Promise<MemberRequestView[]> {
    const ids = [...new Set(requests.map((r) => r.memberId))];
    const members = ids.length ? await m.findBy(Member, { id: In(ids) }) : [];
    const byId = new Map(members.map((member) => [member.id, member]));
    return requests.map((request) => {
      const member = byId.get(request.memberId)!;
      return { request, memberAsn: member.asn, memberName: member.name };
    });
  }
}
