import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const PEERING_REQUEST_STATES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type PeeringRequestState = (typeof PEERING_REQUEST_STATES)[number];

/**
 * One member asking another to set up a bilateral BGP session on the exchange: the families it
 * proposes, its own addresses for them, and a message. The other member's member_admins accept or
 * decline it (with an optional reply); the requester may withdraw it while it is pending.
 */
@Entity()
export class PeeringRequest {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) fromMemberId: number;
  @Column({ type: 'integer' }) toMemberId: number;
  @Column({ type: 'smallint', array: true }) families: (4 | 6)[];
  /** The requester's addresses on the peering LANs for the proposed families. */
  @Column({ type: 'inet', array: true, default: () => "'{}'" }) addresses: string[];
  @Column({ type: 'text' }) message: string;
  @Column({ type: 'text', default: 'pending' }) state: PeeringRequestState;
  /** Audit label of who sent it (`user:<email>`, `token:<name>`). */
  @Column({ type: 'text' }) requestedBy: string;
  @Column({ type: 'integer', nullable: true }) requestedByUserId: number | null;
  @Column({ type: 'text', nullable: true }) decidedBy: string | null;
  @Column({ type: 'integer', nullable: true }) decidedByUserId: number | null;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  /** The answering member's reply. */
  @Column({ type: 'text', nullable: true }) reply: string | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}

export const BILATERAL_PEER_SOURCES = ['request', 'manual'] as const;
export type BilateralPeerSource = (typeof BILATERAL_PEER_SOURCES)[number];

/**
 * "Member peers with peer bilaterally", as recorded: both directions when a request is accepted,
 * one direction when a member records an existing session by hand.
 */
@Entity()
export class BilateralPeer {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) memberId: number;
  @Column({ type: 'integer' }) peerMemberId: number;
  @Column({ type: 'text' }) source: BilateralPeerSource;
  @Column({ type: 'integer', nullable: true }) peeringRequestId: number | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'text' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
