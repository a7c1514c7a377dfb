import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PORT_STATES = ['active', 'inactive', 'connected', 'disconnected'] as const;
export type PortState = (typeof PORT_STATES)[number];

/** A physical or LAG connection of a member (IX-F `connection`). */
@Entity()
export class Port {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'integer' }) memberId: number;
  @Column({ type: 'integer' }) ixpId: number;
  @Column({ type: 'integer', nullable: true }) switchId: number | null;
  @Column({ type: 'text', nullable: true }) portName: string | null;
  /** A link aggregation group: its physical member ports are the entries of `interfaces`. */
  @Column({ type: 'boolean', default: false }) isLag: boolean;
  /** Physical interfaces of the port; a LAG has one per member port (IX-F `if_list`). */
  @Column({ type: 'jsonb', default: () => "'[]'" }) interfaces: PortInterface[];
  /** The whole port's speed: for a LAG, the sum of its member ports (IX-F sums `if_speed`). */
  @Column({ type: 'integer', nullable: true }) speedMbps: number | null;
  @Column({ type: 'text', default: 'active' }) state: PortState;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

export interface PortInterface {
  /** The physical port's name on the switch (a LAG's member ports); not part of IX-F. */
  readonly name?: string | null;
  readonly speedMbps: number | null;
  readonly type: string | null;
}
