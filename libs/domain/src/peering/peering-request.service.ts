import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { IXORA_CLOCK, systemClock, type Clock } from '@ixora/config';
import { conflict, invalidValue, IxoraError, notFound } from '@ixora/errors';
import { Member } from '../entities/member.entity.js';
import {
  BilateralPeer,
  PEERING_REQUEST_STATES,
  PeeringRequest,
  type PeeringRequestState,
} from '../entities/peering-request.entity.js';
import type { Page, PageRequest } from '../repositories/page.js';
import { requireMemberVisible, requireMemberWritable, type Actor } from '../services/actor.js';
import { writeAudit } from '../services/audit.writer.js';
import { optionalText, parseAsn, parseId } from '../services/validate.js';

/** New requests one member may send in a day: enough for any real peering drive, not for spam. */
export const PEERING_REQUESTS_PER_DAY = 20;
/** After a decline, the same member may ask the same peer again only after this long. */
export const PEERING_REQUEST_RETRY_AFTER_DECLINE_MS = 7 * 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

export type PeeringRequestDirection = 'incoming' | 'outgoing';

export interface MemberName {
  readonly asn: number;
  readonly name: string;
}

/** A request as one of its two members sees it. */
export interface PeeringRequestView {
  readonly request: PeeringRequest;
  readonly from: MemberName;
  readonly to: MemberName;
  /** Relative to the member whose list it is in. */
  readonly direction: PeeringRequestDirection;
}

/** A change and the people to tell about it (the other member's member_admins). */
export interface PeeringRequestChange {
  readonly view: PeeringRequestView;
  readonly notify: readonly string[];
}

export interface PeeringRequestInput {
  toAsn?: unknown;
  families?: unknown;
  message?: unknown;
}

/** Text up to `max` characters; line breaks and tabs allowed (a message), other control characters not. */
function messageText(value: unknown, field: string, max: number, isRequired: boolean): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (isRequired) throw invalidValue(field, value, 'is required');
    return null;
  }
  if (typeof value !== 'string' || value.length > max || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) {
    throw invalidValue(field, value, `must be text of at most ${max} characters`);
  }
  return value.replace(/\r\n/g, '\n').trim();
}

/** `[4]`, `[6]` or `[4, 6]` from `4`, `"ipv6"`, `["4", "6"]`, … */
export function parseFamilies(value: unknown, field = 'families'): (4 | 6)[] {
  const items = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
  const families = new Set<4 | 6>();
  for (const item of items) {
    const text = String(item).toLowerCase().replace(/^ipv/, '');
    if (text === '4' || text === '6') families.add(Number(text) as 4 | 6);
    else throw invalidValue(field, value, 'must list 4 and/or 6 (IPv4, IPv6)');
  }
  if (families.size === 0) throw invalidValue(field, value, 'must name at least one family (4 or 6)');
  return [...families].sort();
}

/**
 * Bilateral peering between members: requests from one member to another, their answers, and the
 * record of who peers with whom. A member's users act only for their own member (another member's
 * requests answer 404); member_user reads, member_admin acts. Members hidden from the public, and
 * members that left, cannot be asked (they are "not found").
 */
@Injectable()
export class PeeringRequestService {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(IXORA_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  /** The member a path names, visible to the actor (another member's answers 404). */
  private async memberFor(m: EntityManager, actor: Actor, asnInput: unknown): Promise<Member> {
    const asn = parseAsn(asnInput, 'asn');
    const member = await m.findOneBy(Member, { asn });
    if (!member) throw notFound('member', `AS${asn}`);
    requireMemberVisible(actor, member.id, 'member', `AS${asn}`);
    return member;
  }

  /** A member another member may ask: known, public, still at the exchange. */
  private async peerFor(m: EntityManager, asnInput: unknown, field: string): Promise<Member> {
    const asn = parseAsn(asnInput, field);
    const peer = await m.findOneBy(Member, { asn });
    if (!peer || peer.isHiddenFromPublic || peer.status === 'left') throw notFound('member', `AS${asn}`);
    return peer;
  }

  /** Sends a request from the member `fromAsn` to `input.toAsn`; audited. */
  async send(actor: Actor, fromAsn: unknown, input: PeeringRequestInput): Promise<PeeringRequestChange> {
    const families = parseFamilies(input.families);
    const message = messageText(input.message, 'message', 2000, true)!;
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const from = await this.memberFor(tx, actor, fromAsn);
      requireMemberWritable(actor, from.id, 'member', `AS${from.asn}`);
      const to = await this.peerFor(tx, input.toAsn, 'toAsn');
      if (to.id === from.id) throw invalidValue('toAsn', input.toAsn, 'is your own member');
      // Both rows locked in id order: two requests of the same pair, sent at once, queue here.
      await tx.query(`SELECT id FROM member WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [[from.id, to.id]]);
      const addresses = await this.addressesOf(tx, from.id, families);
      const [open] = await tx.query<{ id: number }[]>(
        `SELECT id FROM peering_request WHERE state = 'pending'
           AND ((from_member_id = $1 AND to_member_id = $2) OR (from_member_id = $2 AND to_member_id = $1))`,
        [from.id, to.id],
      );
      if (open)
        throw conflict(`peering request ${open.id} between AS${from.asn} and AS${to.asn} is still open`, {
          field: 'toAsn',
          value: to.asn,
        });
      if (await tx.existsBy(BilateralPeer, { memberId: from.id, peerMemberId: to.id }))
        throw conflict(`AS${from.asn} already peers with AS${to.asn} bilaterally (as recorded)`, {
          field: 'toAsn',
          value: to.asn,
        });
      const [{ sent } = { sent: 0 }] = await tx.query<{ sent: number }[]>(
        `SELECT count(*)::int AS sent FROM peering_request WHERE from_member_id = $1 AND created_at > $2`,
        [from.id, new Date(now.getTime() - DAY_MS)],
      );
      if (sent >= PEERING_REQUESTS_PER_DAY)
        throw new IxoraError(
          'rate_limited',
          `AS${from.asn} sent ${sent} peering requests in the last 24 hours; the limit is ${PEERING_REQUESTS_PER_DAY}`,
          { field: 'toAsn', value: to.asn },
        );
      const [declined] = await tx.query<{ decided_at: Date }[]>(
        `SELECT decided_at FROM peering_request WHERE from_member_id = $1 AND to_member_id = $2
           AND state = 'declined' AND decided_at > $3 ORDER BY decided_at DESC LIMIT 1`,
        [from.id, to.id, new Date(now.getTime() - PEERING_REQUEST_RETRY_AFTER_DECLINE_MS)],
      );
      if (declined) {
        const again = new Date(declined.decided_at.getTime() + PEERING_REQUEST_RETRY_AFTER_DECLINE_MS);
        throw new IxoraError(
          'rate_limited',
          `AS${to.asn} declined a request from AS${from.asn} on ${declined.decided_at.toISOString().slice(0, 10)}; ask again from ${again.toISOString().slice(0, 10)}`,
          { field: 'toAsn', value: to.asn },
        );
      }
      const saved = await tx.save(
        tx.create(PeeringRequest, {
          fromMemberId: from.id,
          toMemberId: to.id,
          families,
          addresses,
          message,
          state: 'pending',
          requestedBy: actor.label,
          requestedByUserId: actor.userId,
          decidedBy: null,
          decidedByUserId: null,
          decidedAt: null,
          reply: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await writeAudit(tx, actor, 'peering_request.create', 'peering_request', saved.id, null, saved);
      return {
        view: this.viewOf(saved, from, to, 'outgoing'),
        notify: await this.adminEmailsOf(tx, to.id),
      };
    });
  }

  /** The member's requests, sent and received, newest first. */
  async list(
    actor: Actor,
    asnInput: unknown,
    page: PageRequest,
    filter: { direction?: unknown; state?: unknown } = {},
  ): Promise<Page<PeeringRequestView>> {
    const m = this.dataSource.manager;
    const member = await this.memberFor(m, actor, asnInput);
    const direction = filter.direction;
    if (direction !== undefined && direction !== 'incoming' && direction !== 'outgoing')
      throw invalidValue('direction', direction, 'must be incoming or outgoing');
    const state = filter.state;
    if (state !== undefined && !(PEERING_REQUEST_STATES as readonly unknown[]).includes(state))
      throw invalidValue('state', state, `must be one of ${PEERING_REQUEST_STATES.join(', ')}`);
    const states = state === undefined ? {} : { state: state as PeeringRequestState };
    const where = [
      ...(direction === 'incoming' ? [] : [{ fromMemberId: member.id, ...states }]),
      ...(direction === 'outgoing' ? [] : [{ toMemberId: member.id, ...states }]),
    ];
    const [requests, total] = await m.findAndCount(PeeringRequest, {
      where,
      order: { id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: await this.views(m, member, requests), total, ...page };
  }

  async get(actor: Actor, asnInput: unknown, idInput: unknown): Promise<PeeringRequestView> {
    const m = this.dataSource.manager;
    const member = await this.memberFor(m, actor, asnInput);
    const id = parseId(idInput, 'id');
    const request = await m.findOneBy(PeeringRequest, { id });
    if (!request || (request.fromMemberId !== member.id && request.toMemberId !== member.id))
      throw notFound('peering request', id);
    return (await this.views(m, member, [request]))[0]!;
  }

  /** The asked member accepts: both members are then recorded as bilateral peers. */
  async accept(actor: Actor, asn: unknown, id: unknown, reply?: unknown): Promise<PeeringRequestChange> {
    return this.decide(actor, asn, id, 'accepted', messageText(reply, 'reply', 2000, false));
  }

  async decline(actor: Actor, asn: unknown, id: unknown, reply?: unknown): Promise<PeeringRequestChange> {
    return this.decide(actor, asn, id, 'declined', messageText(reply, 'reply', 2000, false));
  }

  /** The requester takes its pending request back. */
  async withdraw(actor: Actor, asn: unknown, id: unknown): Promise<PeeringRequestChange> {
    return this.decide(actor, asn, id, 'withdrawn', null);
  }

  private async decide(
    actor: Actor,
    asnInput: unknown,
    idInput: unknown,
    state: Exclude<PeeringRequestState, 'pending'>,
    reply: string | null,
  ): Promise<PeeringRequestChange> {
    const id = parseId(idInput, 'id');
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const member = await this.memberFor(tx, actor, asnInput);
      const request = await tx.findOne(PeeringRequest, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!request || (request.fromMemberId !== member.id && request.toMemberId !== member.id))
        throw notFound('peering request', id);
      requireMemberWritable(actor, member.id, 'peering request', id);
      const mustBe = state === 'withdrawn' ? request.fromMemberId : request.toMemberId;
      if (mustBe !== member.id)
        throw new IxoraError(
          'forbidden',
          state === 'withdrawn'
            ? 'only the member that sent a request can withdraw it'
            : 'only the asked member can accept or decline a request',
        );
      if (request.state !== 'pending')
        throw conflict(`peering request ${id} is already ${request.state}`, {
          field: 'state',
          value: request.state,
        });
      const before = { ...request };
      request.state = state;
      request.decidedBy = actor.label;
      request.decidedByUserId = actor.userId;
      request.decidedAt = now;
      request.updatedAt = now;
      request.reply = reply;
      const saved = await tx.save(request);
      const action = { accepted: 'accept', declined: 'decline', withdrawn: 'withdraw' }[state];
      await writeAudit(tx, actor, `peering_request.${action}`, 'peering_request', id, before, saved);
      if (state === 'accepted') {
        for (const [a, b] of [
          [request.fromMemberId, request.toMemberId],
          [request.toMemberId, request.fromMemberId],
        ]) {
          await tx.query(
            `INSERT INTO bilateral_peer (member_id, peer_member_id, source, peering_request_id, recorded_by, created_at)
               VALUES ($1, $2, 'request', $3, $4, $5)
             ON CONFLICT (member_id, peer_member_id)
               DO UPDATE SET source = 'request', peering_request_id = $3`,
            [a, b, id, actor.label, now],
          );
        }
      }
      const view = (await this.views(tx, member, [saved]))[0]!;
      const other = member.id === request.fromMemberId ? request.toMemberId : request.fromMemberId;
      return { view, notify: await this.adminEmailsOf(tx, other) };
    });
  }

  /** The member's bilateral peers, as recorded (accepted requests and sessions recorded by hand). */
  async peers(actor: Actor, asnInput: unknown): Promise<{ peer: MemberName; record: BilateralPeer }[]> {
    const m = this.dataSource.manager;
    const member = await this.memberFor(m, actor, asnInput);
    const records = await m.find(BilateralPeer, { where: { memberId: member.id }, order: { id: 'ASC' } });
    const names = await this.namesOf(
      m,
      records.map((r) => r.peerMemberId),
    );
    return records
      .map((record) => ({ peer: names.get(record.peerMemberId)!, record }))
      .sort((a, b) => a.peer.asn - b.peer.asn);
  }

  /** Records by hand that the member already has a bilateral session with `peerAsn`. */
  async recordPeer(
    actor: Actor,
    asnInput: unknown,
    input: { peerAsn?: unknown; note?: unknown },
  ): Promise<BilateralPeer> {
    const note = optionalText(input.note, 'note', 500);
    return this.dataSource.transaction(async (tx) => {
      const member = await this.memberFor(tx, actor, asnInput);
      requireMemberWritable(actor, member.id, 'member', `AS${member.asn}`);
      const peer = await this.peerFor(tx, input.peerAsn, 'peerAsn');
      if (peer.id === member.id) throw invalidValue('peerAsn', input.peerAsn, 'is your own member');
      if (await tx.existsBy(BilateralPeer, { memberId: member.id, peerMemberId: peer.id }))
        throw conflict(`AS${peer.asn} is already recorded as a bilateral peer of AS${member.asn}`, {
          field: 'peerAsn',
          value: peer.asn,
        });
      const saved = await tx.save(
        tx.create(BilateralPeer, {
          memberId: member.id,
          peerMemberId: peer.id,
          source: 'manual',
          peeringRequestId: null,
          note,
          recordedBy: actor.label,
          createdAt: this.clock.now(),
        }),
      );
      await writeAudit(tx, actor, 'bilateral_peer.create', 'bilateral_peer', saved.id, null, saved);
      return saved;
    });
  }

  /** Removes the member's record of a bilateral session (the other member's record stays). */
  async removePeer(actor: Actor, asnInput: unknown, peerAsnInput: unknown): Promise<void> {
    const peerAsn = parseAsn(peerAsnInput, 'peerAsn');
    await this.dataSource.transaction(async (tx) => {
      const member = await this.memberFor(tx, actor, asnInput);
      requireMemberWritable(actor, member.id, 'member', `AS${member.asn}`);
      const peer = await tx.findOneBy(Member, { asn: peerAsn });
      const record =
        peer && (await tx.findOneBy(BilateralPeer, { memberId: member.id, peerMemberId: peer.id }));
      if (!record) throw notFound('bilateral peer', `AS${peerAsn}`);
      await tx.delete(BilateralPeer, { id: record.id });
      await writeAudit(tx, actor, 'bilateral_peer.delete', 'bilateral_peer', record.id, record, null);
    });
  }

  /** The member's addresses on the exchange for the families, each family required. */
  private async addressesOf(m: EntityManager, memberId: number, families: (4 | 6)[]): Promise<string[]> {
    const rows = await m.query<{ ipv4: string | null; ipv6: string | null }[]>(
      `SELECT host(ipv4_address) AS ipv4, host(ipv6_address) AS ipv6 FROM member_interface
         WHERE member_id = $1 ORDER BY id`,
      [memberId],
    );
    const addresses: string[] = [];
    for (const family of families) {
      const ofFamily = rows.map((r) => (family === 4 ? r.ipv4 : r.ipv6)).filter((a) => a !== null);
      if (ofFamily.length === 0)
        throw invalidValue(
          'families',
          family,
          `cannot be proposed: your member has no IPv${family} address on the exchange`,
        );
      addresses.push(...ofFamily);
    }
    return addresses;
  }

  /** Who hears of a change: the member's enabled member_admins. */
  private async adminEmailsOf(m: EntityManager, memberId: number): Promise<string[]> {
    const rows = await m.query<{ email: string }[]>(
      `SELECT email FROM app_user WHERE member_id = $1 AND role = 'member_admin' AND NOT is_disabled
         ORDER BY email`,
      [memberId],
    );
    return rows.map((r) => r.email);
  }

  private async namesOf(m: EntityManager, ids: number[]): Promise<Map<number, MemberName>> {
    const unique = [...new Set(ids)];
    const members = unique.length ? await m.findBy(Member, { id: In(unique) }) : [];
    return new Map(members.map((x) => [x.id, { asn: x.asn, name: x.name }]));
  }

  private viewOf(
    request: PeeringRequest,
    from: MemberName,
    to: MemberName,
    direction: PeeringRequestDirection,
  ): PeeringRequestView {
    return {
      request,
      from: { asn: from.asn, name: from.name },
      to: { asn: to.asn, name: to.name },
      direction,
    };
  }

  private async views(
    m: EntityManager,
    member: Member,
    requests: PeeringRequest[],
  ): Promise<PeeringRequestView[]> {
    const names = await this.namesOf(
      m,
      requests.flatMap((r) => [r.fromMemberId, r.toMemberId]),
    );
    return requests.map((r) =>
      this.viewOf(
        r,
        names.get(r.fromMemberId)!,
        names.get(r.toMemberId)!,
        r.fromMemberId === member.id ? 'outgoing' : 'incoming',
      ),
    );
  }
}
