import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '@ixora/errors';
import { RouteServerSession } from '../entities/route-server-session.entity.js';
import type { Page, PageRequest } from '../repositories/page.js';
import { requireMemberVisible, requireMemberWritable, type Actor } from './actor.js';
import { writeAudit } from './audit.writer.js';
import { parseId } from './validate.js';

/** A session with what a person needs to recognise it. */
export interface SessionView {
  readonly id: number;
  readonly routeServer: string;
  readonly memberAsn: number;
  readonly memberName: string;
  readonly family: 4 | 6;
  readonly peerAddress: string;
  readonly isEnabled: boolean;
  readonly isPassive: boolean;
  readonly description: string | null;
  readonly maxPrefix: number | null;
  readonly memberId: number;
}

interface SessionRow {
  id: number;
  route_server: string;
  member_asn: string;
  member_name: string;
  member_id: number;
  family: number;
  peer_address: string;
  is_enabled: boolean;
  is_passive: boolean;
  description: string | null;
  max_prefix: number | null;
}

const SELECT = `
  SELECT s.id, rs.name AS route_server, m.asn AS member_asn, m.name AS member_name, m.id AS member_id,
         s.family, host(CASE WHEN s.family = 4 THEN mi.ipv4_address ELSE mi.ipv6_address END) AS peer_address,
         s.is_enabled, s.is_passive, s.description, s.max_prefix
    FROM route_server_session s
    JOIN route_server rs ON rs.id = s.route_server_id
    JOIN member_interface mi ON mi.id = s.member_interface_id
    JOIN member m ON m.id = mi.member_id`;

function toView(r: SessionRow): SessionView {
  return {
    id: r.id,
    routeServer: r.route_server,
    memberAsn: Number(r.member_asn),
    memberName: r.member_name,
    memberId: r.member_id,
    family: r.family as 4 | 6,
    peerAddress: r.peer_address,
    isEnabled: r.is_enabled,
    isPassive: r.is_passive,
    description: r.description,
    maxPrefix: r.max_prefix,
  };
}

@Injectable()
export class SessionService {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    actor: Actor,
    page: PageRequest,
    filter: { memberAsn?: number; routeServer?: string } = {},
  ): Promise<Page<SessionView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (actor.role !== 'admin') {
      params.push(actor.memberId ?? -1);
      where.push(`m.id = $${params.length}`);
    }
    if (filter.memberAsn !== undefined) {
      params.push(filter.memberAsn);
      where.push(`m.asn = $${params.length}`);
    }
    if (filter.routeServer !== undefined) {
      params.push(filter.routeServer);
      where.push(`rs.name = $${params.length}`);
    }
    const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const [{ count }] = (await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM (${SELECT}${clause}) t`,
      params,
    )) as [{ count: string }];
    const rows = await this.dataSource.query<SessionRow[]>(
      `${SELECT}${clause} ORDER BY rs.name, m.asn, s.family, s.id LIMIT ${page.limit} OFFSET ${page.offset}`,
      params,
    );
    return { items: rows.map(toView), total: Number(count), ...page };
  }

  async get(actor: Actor, id: unknown): Promise<SessionView> {
    const sessionId = parseId(id);
    const [row] = await this.dataSource.query<SessionRow[]>(`${SELECT} WHERE s.id = $1`, [sessionId]);
    if (!row) throw notFound('session', sessionId);
    requireMemberVisible(actor, row.member_id, 'session', sessionId);
    return toView(row);
  }

  /** Members manage their own route-server sessions; staff manage all. */
  async setEnabled(actor: Actor, id: unknown, isEnabled: boolean): Promise<SessionView> {
    const view = await this.get(actor, id);
    requireMemberWritable(actor, view.memberId, 'session', view.id);
    await this.dataSource.transaction(async (tx) => {
      const session = await tx.findOneByOrFail(RouteServerSession, { id: view.id });
      const before = { ...session };
      session.isEnabled = isEnabled;
      await tx.save(session);
      await writeAudit(
        tx,
        actor,
        isEnabled ? 'session.enable' : 'session.disable',
        'route_server_session',
        session.id,
        before,
        session,
      );
    });
    return { ...view, isEnabled };
  }
}
