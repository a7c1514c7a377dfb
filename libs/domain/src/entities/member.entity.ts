import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { asnTransformer } from './column-types.js';
import { ImportPolicyColumns } from './import-policy.columns.js';

export const MEMBER_STATUSES = ['onboarding', 'active', 'suspended', 'left'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const MEMBER_TYPES = ['peering', 'ixp', 'other', 'probono'] as const;
export type MemberType = (typeof MEMBER_TYPES)[number];

@Entity()
export class Member {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'bigint', transformer: asnTransformer }) asn: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', default: 'active' }) status: MemberStatus;
  @Column({ type: 'text', default: 'peering' }) memberType: MemberType;
  @Column({ type: 'text', nullable: true }) url: string | null;
  @Column({ type: 'text', nullable: true }) peeringPolicy: string | null;
  @Column({ type: 'date', nullable: true }) memberSince: string | null;
  /** RPSL AS-SET names, optionally source-pinned (`RIPE::AS-EXAMPLE`). */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) asSets: string[];
  @Column({ type: 'integer', nullable: true }) maxPrefixV4: number | null;
  @Column({ type: 'integer', nullable: true }) maxPrefixV6: number | null;
  @Column({ type: 'boolean', default: false }) isNeverViaRouteServers: boolean;
  /** Hides this member's neighbor entries from the public looking glass. */
  @Column({ type: 'boolean', default: false }) isHiddenFromPublic: boolean;
  /** Set by the member's member_admin: every user of the member signs in with a second factor. */
  @Column({ type: 'boolean', default: false }) isTwoFactorRequired: boolean;
  @Column(() => ImportPolicyColumns, { prefix: 'policy' }) policy: ImportPolicyColumns;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
