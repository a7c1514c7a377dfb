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
  /** Physical interfaces of the port; a LAG has several (IX-F `if_list`). */
  @Column({ type: 'jsonb', default: () => "'[]'" }) interfaces: PortInterface[];
  @Column({ type: 'integer', nullable: true }) speedMbps: number | null;
  @Column({ type: 'text', default: 'active' }) state: PortState;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

export interface PortInterface {
  readonly speedMbps: number | null;
  readonly type: string | null;
}
