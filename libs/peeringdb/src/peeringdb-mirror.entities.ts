import { Column, Entity, PrimaryColumn } from 'typeorm';
import { asnTransformer, inetTransformer } from '@ixora/domain';
import type { PeeringDbObjectType } from './peeringdb.schemas.js';

/**
 * The PeeringDB mirror (DESIGN §4): one `peeringdb_<type>` table per object type, apart from the
 * operator's own data. Typed columns carry what ixora reads; `data` keeps the whole object so no
 * public field is lost. Column names equal PeeringDB's field names (snake case), which is what the
 * bulk upsert relies on to fill them from the JSON objects. No foreign keys between mirror tables:
 * PeeringDB answers are not referentially complete (an org may be missing from a partial answer).
 */
abstract class MirrorColumns {
  @PrimaryColumn({ type: 'integer' }) id: number;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'timestamptz' }) created: Date;
  @Column({ type: 'timestamptz' }) updated: Date;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
  @Column({ type: 'timestamptz', default: () => 'now()' }) syncedAt: Date;
}

@Entity('peeringdb_org')
export class PeeringDbOrgMirror extends MirrorColumns {
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) aka: string | null;
  @Column({ type: 'text', nullable: true }) nameLong: string | null;
  @Column({ type: 'text', nullable: true }) website: string | null;
  @Column({ type: 'text', nullable: true }) city: string | null;
  @Column({ type: 'text', nullable: true }) country: string | null;
}

@Entity('peeringdb_fac')
export class PeeringDbFacMirror extends MirrorColumns {
  @Column({ type: 'integer' }) orgId: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) city: string | null;
  @Column({ type: 'text', nullable: true }) country: string | null;
}

@Entity('peeringdb_ix')
export class PeeringDbIxMirror extends MirrorColumns {
  @Column({ type: 'integer' }) orgId: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) nameLong: string | null;
  @Column({ type: 'text', nullable: true }) city: string | null;
  @Column({ type: 'text', nullable: true }) country: string | null;
}

@Entity('peeringdb_ixlan')
export class PeeringDbIxlanMirror extends MirrorColumns {
  @Column({ type: 'integer' }) ixId: number;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'integer', nullable: true }) mtu: number | null;
  @Column({ type: 'bigint', nullable: true, transformer: asnTransformer }) rsAsn: number | null;
}

@Entity('peeringdb_ixpfx')
export class PeeringDbIxpfxMirror extends MirrorColumns {
  @Column({ type: 'integer' }) ixlanId: number;
  @Column({ type: 'text' }) protocol: 'IPv4' | 'IPv6';
  @Column({ type: 'cidr' }) prefix: string;
  @Column({ type: 'boolean', nullable: true }) inDfz: boolean | null;
}

@Entity('peeringdb_net')
export class PeeringDbNetMirror extends MirrorColumns {
  @Column({ type: 'integer' }) orgId: number;
  @Column({ type: 'bigint', transformer: asnTransformer }) asn: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) aka: string | null;
  @Column({ type: 'text', nullable: true }) nameLong: string | null;
  @Column({ type: 'text', nullable: true }) website: string | null;
  @Column({ type: 'text', nullable: true }) irrAsSet: string | null;
  @Column({ type: 'text', nullable: true }) infoType: string | null;
  @Column({ type: 'integer', nullable: true }) infoPrefixes4: number | null;
  @Column({ type: 'integer', nullable: true }) infoPrefixes6: number | null;
  @Column({ type: 'boolean', nullable: true }) infoNeverViaRouteServers: boolean | null;
  @Column({ type: 'text', nullable: true }) policyGeneral: string | null;
  @Column({ type: 'text', nullable: true }) policyUrl: string | null;
}

/** Points of contact: only the public ones reach an anonymous or ordinary API key. */
@Entity('peeringdb_poc')
export class PeeringDbPocMirror extends MirrorColumns {
  @Column({ type: 'integer' }) netId: number;
  @Column({ type: 'text' }) role: string;
  @Column({ type: 'text' }) visible: string;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ type: 'text', nullable: true }) url: string | null;
}

@Entity('peeringdb_netixlan')
export class PeeringDbNetixlanMirror extends MirrorColumns {
  @Column({ type: 'integer' }) netId: number;
  @Column({ type: 'integer' }) ixId: number;
  @Column({ type: 'integer' }) ixlanId: number;
  @Column({ type: 'bigint', transformer: asnTransformer }) asn: number;
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) ipaddr4: string | null;
  @Column({ type: 'inet', nullable: true, transformer: inetTransformer }) ipaddr6: string | null;
  /** Mbit/s. */
  @Column({ type: 'integer' }) speed: number;
  @Column({ type: 'boolean' }) isRsPeer: boolean;
  @Column({ type: 'boolean', nullable: true }) operational: boolean | null;
}

/** Per object type: the newest `updated` mirrored, the `since` of the next incremental sync. */
@Entity('peeringdb_sync_state')
export class PeeringDbSyncState {
  @PrimaryColumn({ type: 'text' }) objectType: PeeringDbObjectType;
  @Column({ type: 'timestamptz', nullable: true }) lastUpdated: Date | null;
  @Column({ type: 'timestamptz' }) lastSyncedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) lastFullSyncAt: Date | null;
}

/** Member field values as last taken from PeeringDB (interfaces: the MemberInterface ids added). */
export type PeeringDbAppliedValues = Record<string, string | number | boolean | null | string[] | number[]>;

/**
 * Which of a member's fields follow PeeringDB (`follow`) and the values last taken from it
 * (`applied`). A field staff set by hand is left out of `follow`, or, when changed later, differs
 * from `applied` and is dropped from `follow` on the next refresh: never overwritten (DESIGN §4).
 */
@Entity('peeringdb_member_link')
export class PeeringDbMemberLink {
  @PrimaryColumn({ type: 'integer' }) memberId: number;
  @Column({ type: 'integer' }) netId: number;
  @Column({ type: 'text', array: true }) follow: string[];
  @Column({ type: 'jsonb' }) applied: PeeringDbAppliedValues;
  @Column({ type: 'timestamptz', default: () => 'now()' }) linkedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) lastAppliedAt: Date | null;
}

export const PEERINGDB_MIRROR_ENTITIES = {
  org: PeeringDbOrgMirror,
  fac: PeeringDbFacMirror,
  ix: PeeringDbIxMirror,
  ixlan: PeeringDbIxlanMirror,
  ixpfx: PeeringDbIxpfxMirror,
  net: PeeringDbNetMirror,
  poc: PeeringDbPocMirror,
  netixlan: PeeringDbNetixlanMirror,
} as const satisfies Record<PeeringDbObjectType, new () => MirrorColumns>;

/** Every entity of this lib, for the app's entity list (`APP_ENTITIES` of @ixora/app-composition). */
export const PEERINGDB_ENTITIES: (new () => object)[] = [
  ...Object.values(PEERINGDB_MIRROR_ENTITIES),
  PeeringDbSyncState,
  PeeringDbMemberLink,
];
