import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const MEMBER_REQUEST_KINDS = ['member_filters', 'session_max_prefix'] as const;
/** `member_filters`: the member's AS-SETs and max-prefix limits; `session_max_prefix`: one session's limit. */
export type MemberRequestKind = (typeof MEMBER_REQUEST_KINDS)[number];
export const MEMBER_REQUEST_STATES = ['pending', 'approved', 'declined', 'withdrawn'] as const;
export type MemberRequestState = (typeof MEMBER_REQUEST_STATES)[number];

/** The fields a request may change, with their values (`null`: inherit from the level above). */
export interface MemberRequestValues {
  asSets?: string[];
  maxPrefixV4?: number | null;
  maxPrefixV6?: number | null;
  maxPrefix?: number | null;
}

/**
 * A change by a member's user that would widen what the route servers accept from that member
 * (more AS-SETs, higher max-prefix limits). Nothing changes until staff approve it; approving
 * applies `proposedValue` in the same transaction.
 */
@Entity()
export class MemberRequest {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) memberId: number;
  @Column({ type: 'text' }) kind: MemberRequestKind;
  /** Set exactly for `session_max_prefix`. */
  @Column({ type: 'integer', nullable: true }) sessionId: number | null;
  /** Audit label of who asked (`user:<email>`, `token:<name>`). */
  @Column({ type: 'text' }) requestedBy: string;
  @Column({ type: 'integer', nullable: true }) requestedByUserId: number | null;
  @Column({ type: 'jsonb' }) currentValue: MemberRequestValues;
  @Column({ type: 'jsonb' }) proposedValue: MemberRequestValues;
  /** The member's explanation for staff. */
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'text', default: 'pending' }) state: MemberRequestState;
  @Column({ type: 'text', nullable: true }) decidedBy: string | null;
  @Column({ type: 'integer', nullable: true }) decidedByUserId: number | null;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  /** Staff's reason (required to decline). */
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
