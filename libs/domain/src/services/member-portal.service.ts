import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IxoraError } from '@ixora/errors';
import type { Actor } from './actor.js';

/** A route-server session as its member sees it: never the MD5 key, only whether there is one. */
export interface MemberSessionView {
  readonly id: number;
  readonly routeServer: string;
  readonly family: 4 | 6;
  readonly peerAddress: string;
  readonly isEnabled: boolean;
  readonly hasMd5Password: boolean;
  /** The session's TCP MD5 key: the member's own router needs it (pages show it to member_admins). */
  readonly md5Password: string | null;
  /** The session's own allowBlackhole setting (`null`: inherited from the member or the exchange). */
  readonly allowBlackhole: boolean | null;
  /** Whether the exchange lets members opt into blackholing (`membersMayAllowBlackhole`). */
  readonly mayOptIntoBlackhole: boolean;
}

interface SessionRow {
  id: number;
  route_server: string;
  family: number;
  peer_address: string | null;
  is_enabled: boolean;
  has_md5_password: boolean;
  md5_password: string | null;
  allow_blackhole: boolean | null;
  members_may_allow_blackhole: boolean;
}

/**
 * What the member portal reads about the actor's own member's sessions (its ports and addresses
 * come from PortService and MemberInterfaceService). The query is bound to `actor.memberId`, so no
 * id from a page can reach another member's rows.
 */
@Injectable()
export class MemberPortalService {
  constructor(private readonly dataSource: DataSource) {}

  private memberIdOf(actor: Actor): number {
    if (actor.memberId === null) throw new IxoraError('forbidden', 'the member portal is for members’ users');
    return actor.memberId;
  }

  /** The member's route-server sessions, by route server and family. */
  async sessions(actor: Actor): Promise<MemberSessionView[]> {
    const rows = await this.dataSource.query<SessionRow[]>(
      `SELECT s.id, rs.name AS route_server, s.family,
              host(CASE WHEN s.family = 4 THEN mi.ipv4_address ELSE mi.ipv6_address END) AS peer_address,
              s.is_enabled, s.md5_password IS NOT NULL AS has_md5_password, s.md5_password,
              s.policy_allow_blackhole AS allow_blackhole, x.members_may_allow_blackhole
         FROM route_server_session s
         JOIN route_server rs ON rs.id = s.route_server_id
         JOIN member_interface mi ON mi.id = s.member_interface_id
         JOIN peering_lan l ON l.id = rs.peering_lan_id
         JOIN ixp x ON x.id = l.ixp_id
        WHERE mi.member_id = $1
        ORDER BY rs.name, s.family, s.id`,
      [this.memberIdOf(actor)],
    );
    return rows.map((r) => ({
      id: r.id,
      routeServer: r.route_server,
      family: r.family as 4 | 6,
      peerAddress: r.peer_address ?? '',
      isEnabled: r.is_enabled,
      hasMd5Password: r.has_md5_password,
      md5Password: r.md5_password,
      allowBlackhole: r.allow_blackhole,
      mayOptIntoBlackhole: r.members_may_allow_blackhole,
    }));
  }
}
